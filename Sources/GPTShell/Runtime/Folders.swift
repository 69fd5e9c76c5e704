import Foundation
import GPTEngine

/// Every command that writes a file creates the folders on its way, as `save` does.
enum Folders {
    static func create(for path: String) throws {
        try FolderCreation.create(URL(fileURLWithPath: path).deletingLastPathComponent())
    }
}
