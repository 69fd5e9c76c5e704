import Foundation
@testable import GPTEngine

/// A corpus file as `load corpus` reads it, split into documents, then encoded by the char and
/// byte tokenizers and a small BPE trained on it. The first byte picks the split and separator.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let options = data[0]
    let separators: [Documents.Separator?] = [nil, .blankLines, .line("%"), .line("")]
    let separator = separators[Int(options & 3)]
    let val = Double(options >> 2 & 7) / 8
    FuzzFile.write(UnsafeBufferPointer(start: data + 1, count: size - 1))
    guard let corpus = try? Corpus(path: FuzzFile.path, valFraction: val, separator: separator) else { return 0 }
    let (train, valPart) = corpus.parts
    let char = CharTokenizer(corpus: corpus.text, specials: corpus.separator == nil ? [] : [SpecialToken.endOfText])
    for t in [char, ByteTokenizer()] as [any Tokenizer] {
        for part in [train, valPart] {
            if let ids = try? t.encode(String(part)) { _ = t.decode(ids) }
        }
    }
    let trainer = BPETrainer(preTokenizer: PreTokenizer(pattern: .gpt2, splitsIdeographs: true))
    if let bpe = try? trainer.train(String(train), vocabSize: 270), let ids = try? bpe.encode(String(valPart)) {
        _ = bpe.decode(ids)
    }
    return 0
}
