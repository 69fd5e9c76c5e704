import Foundation

/// One scratch file per fuzzing process, for readers that take a path: each input overwrites it.
enum FuzzFile {
    static let path: String = {
        let folder = ProcessInfo.processInfo.environment["FUZZ_SCRATCH"] ?? NSTemporaryDirectory()
        return (folder as NSString).appendingPathComponent("gptsh-fuzz-\(getpid()).input")
    }()

    static func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let file = fopen(path, "wb") else { fatalError("cannot write the scratch file \(path)") }
        if let base = bytes.baseAddress, bytes.count > 0 { fwrite(base, 1, bytes.count, file) }
        fclose(file)
    }
}
