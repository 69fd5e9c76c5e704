import Foundation

/// Creates the folders on a write's way. When that fails, names the cause in the user's terms:
/// Foundation reports a file standing where a folder should be as "File exists".
public enum FolderCreation {
    public static func create(_ folder: URL) throws {
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw EngineError.io("cannot create the folder '\(folder.path)': \(reason(folder, error))")
        }
    }

    static func reason(_ folder: URL, _ error: Error) -> String {
        let target = folder.standardizedFileURL.path
        var path = target
        while !path.isEmpty && path != "/" {
            var info = stat()
            if stat(path, &info) == 0 {
                guard info.st_mode & S_IFMT != S_IFDIR else { break }
                return path == target ? "a file of that name is in the way" : "'\(path)' is a file, not a folder"
            }
            if errno == ELOOP { return "'\(path)' is a loop of symbolic links" }
            path = (path as NSString).deletingLastPathComponent
        }
        return Corpus.reason(error)
    }
}
