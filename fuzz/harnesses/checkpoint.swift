import Foundation
@testable import GPTEngine

/// A file offered to `load` or `show checkpoint`: the safetensors framing, then everything a
/// checkpoint's metadata and tensors must pass before a session would take them.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let file = try? SafeTensorsFile(path: "fuzz.safetensors", data: Data(bytes: data, count: size)) else { return 0 }
    _ = CheckpointSummary.gptsh(file)
    _ = CheckpointSummary.foreign(file)
    if let contents = try? Checkpoint.read(file) {
        _ = contents.tokenizer.decode(Array(0 ..< Int32(min(contents.config.vocabSize, 64))))
    }
    return 0
}
