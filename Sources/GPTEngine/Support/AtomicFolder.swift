import Foundation

/// Replaces a folder's files as a whole, for a reader that must see one export or the other,
/// never a mix: the new files are written into a fresh sibling folder, which then takes the
/// folder's place. Linux swaps the two in one step (renameat2 with RENAME_EXCHANGE); where the
/// kernel or file system cannot, the old folder is renamed aside first, so for a moment the
/// path is missing but never mixed. Any failure before the swap leaves the old folder as it
/// was and removes the new one; a process killed midway leaves its sibling, which the next
/// write to the same folder removes. Files of the old folder that are not `owned` (not ones a
/// write may make) are moved into the new one; an owned name held by anything but a regular
/// file is refused before anything is written.
enum AtomicFolder {
    static func write<T>(_ directory: URL, owned: Set<String>, _ body: (URL) throws -> T) throws -> T {
        let target = directory.resolvingSymlinksInPath()
        let parent = target.deletingLastPathComponent()
        let name = target.lastPathComponent
        let files = FileManager.default
        var isFolder: ObjCBool = false
        let exists = files.fileExists(atPath: target.path, isDirectory: &isFolder)
        if exists && !isFolder.boolValue { throw EngineError.io("'\(directory.path)' is a file, not a folder") }
        // What stands where a file will be must be one that may be replaced: a FIFO or a device
        // named like an export's file is refused, as `save` refuses it.
        for name in owned { _ = try WriteTarget.resolve(directory.appendingPathComponent(name).path) }
        var info = stat()
        if stat(target.path, &info) != 0 && errno == ELOOP {
            throw EngineError.io("cannot write '\(directory.path)': too many levels of symbolic links")
        }
        try FolderCreation.create(parent)
        removeAbandoned(in: parent, prefix: "." + name + ".new-")
        removeAbandoned(in: parent, prefix: "." + name + ".old-")
        let fresh = parent.appendingPathComponent("." + name + ".new-" + suffix())
        do { try files.createDirectory(at: fresh, withIntermediateDirectories: false) } catch {
            throw EngineError.io("cannot create the folder '\(fresh.path)': \(Corpus.reason(error))")
        }
        var placed = false
        defer { if !placed { try? files.removeItem(at: fresh) } }
        let result = try body(fresh)
        func failure() -> EngineError {
            .io("cannot put the new folder in place of '\(directory.path)': \(String(cString: strerror(errno)))")
        }
        guard exists else {
            guard rename(fresh.path, target.path) == 0 else { throw failure() }
            placed = true
            syncFolder(parent)
            return result
        }
        let old: URL
        if exchange(fresh.path, target.path) {
            old = fresh
        } else {
            old = parent.appendingPathComponent("." + name + ".old-" + suffix())
            guard rename(target.path, old.path) == 0 else { throw failure() }
            guard rename(fresh.path, target.path) == 0 else {
                let error = failure()
                rename(old.path, target.path)
                throw error
            }
        }
        placed = true
        syncFolder(parent)
        let written = Set((try? files.contentsOfDirectory(atPath: target.path)) ?? [])
        for entry in (try? files.contentsOfDirectory(atPath: old.path)) ?? [] where !owned.contains(entry) && !written.contains(entry) {
            rename(old.appendingPathComponent(entry).path, target.appendingPathComponent(entry).path)
        }
        try? files.removeItem(at: old)
        return result
    }

    /// The process id makes a sibling left by a killed process recognisable (see `TemporaryFileName`).
    private static func suffix() -> String { "\(getpid())-\(UInt32.random(in: 0...UInt32.max))" }

    private static func removeAbandoned(in parent: URL, prefix: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: parent.path) else { return }
        for name in names where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            guard let dash = rest.firstIndex(of: "-"), let pid = pid_t(rest[..<dash]), pid > 0,
                  UInt32(rest[rest.index(after: dash)...]) != nil else { continue }
            if kill(pid, 0) == -1 && errno == ESRCH { try? FileManager.default.removeItem(at: parent.appendingPathComponent(name)) }
        }
    }

    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32

    /// Glibc has renameat2 since 2.28 but Swift's Glibc module does not declare it.
    private static let renameat2: RenameAt2? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2")
        .map { unsafeBitCast($0, to: RenameAt2.self) }

    /// Swaps two paths in one step; false when this system cannot.
    private static func exchange(_ a: String, _ b: String) -> Bool {
        let renameExchange: UInt32 = 1 << 1
        guard let renameat2 else { return false }
        return renameat2(AT_FDCWD, a, AT_FDCWD, b, renameExchange) == 0
    }

    private static func syncFolder(_ folder: URL) {
        let fd = open(folder.path, O_RDONLY)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
    }
}
