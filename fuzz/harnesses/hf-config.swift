import Foundation
@testable import GPTEngine

/// A Hugging Face `config.json`, as `load hf` reads it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    if let json = try? GPT2ConfigJSON(data: Data(bytes: data, count: size), path: "config.json") {
        _ = ParameterLayout(config: json.config).count
    }
    return 0
}
