import Foundation
import GPTEngine

/// Every command that writes a file creates the folders on its way, as `save` does.
enum Folders {
    static func create(for path: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw EngineError.io("cannot create the folder '\(folder.path)': \(Corpus.reason(error))")
        }
    }
}
