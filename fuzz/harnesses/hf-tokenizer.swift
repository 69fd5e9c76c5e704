import Foundation
@testable import GPTEngine

/// A Hugging Face folder's tokenizer files: the input up to its first NUL is vocab.json and
/// the rest merges.txt; the whole input is also tried as gptsh_tokenizer.json. A tokenizer
/// that loads must encode and decode text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    let cut = bytes.firstIndex(of: 0) ?? bytes.endIndex
    let vocab = bytes[..<cut], merges = String(decoding: bytes[min(cut + 1, bytes.endIndex)...], as: UTF8.self)
    var tokenizers: [any Tokenizer] = []
    if let bpe = try? BPETokenizer(vocabJSON: Data(vocab), merges: merges) { tokenizers.append(bpe) }
    if let state = try? JSONDecoder().decode(TokenizerState.self, from: bytes), let t = try? makeTokenizer(from: state) {
        tokenizers.append(t)
    }
    for t in tokenizers {
        if let ids = try? t.encode("Hello, world! 你好 <|endoftext|> \u{301}x") { _ = t.decode(ids) }
        _ = t.decode(Array(0 ..< Int32(min(t.vocabSize, 300))))
    }
    return 0
}
