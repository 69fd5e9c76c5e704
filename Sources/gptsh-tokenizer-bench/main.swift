import Foundation
import GPTEngine

/// Times BPE training and encoding on one text file and prints one JSON line, for
/// scripts/bench-tokenizer. Usage: gptsh-tokenizer-bench PATH [vocab=4096] [pattern=gpt2+cjk]

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func option(_ name: String, _ fallback: String) -> String {
    CommandLine.arguments.dropFirst(2).first { $0.hasPrefix(name + "=") }.map { String($0.dropFirst(name.count + 1)) } ?? fallback
}

do {
    guard CommandLine.arguments.count >= 2 else {
        FileHandle.standardError.write("usage: gptsh-tokenizer-bench PATH [vocab=4096] [pattern=gpt2+cjk]\n".data(using: .utf8)!)
        exit(2)
    }
    let path = CommandLine.arguments[1]
    let text = try String(contentsOfFile: path, encoding: .utf8)
    guard let vocab = Int(option("vocab", "4096")) else { throw TokenizerError.invalid("vocab must be an integer") }
    let trainer = BPETrainer(preTokenizer: try PreTokenizer(name: option("pattern", "gpt2+cjk")))
    var tokenizer: BPETokenizer!
    let train = try seconds { tokenizer = try trainer.train(text, vocabSize: vocab) }
    let fresh = try BPETokenizer(state: tokenizer.state)
    var ids: [Int32] = []
    let cold = try seconds { ids = try fresh.encode(text) }
    let warm = try seconds { ids = try fresh.encode(text) }
    let bytes = text.utf8.count
    let exact = Array(fresh.decode(ids).utf8) == Array(text.utf8)
    let result: [String: Any] = [
        "path": path, "pattern": trainer.preTokenizer.name, "vocab": fresh.vocabSize, "merges": fresh.merges.count,
        "bytes": bytes, "tokens": ids.count, "bytes_per_token": Double(bytes) / Double(ids.count),
        "train_s": train, "encode_cold_mb_s": Double(bytes) / cold / 1e6, "encode_warm_mb_s": Double(bytes) / warm / 1e6,
        "round_trip": exact,
    ]
    let json = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
    print(String(decoding: json, as: UTF8.self))
} catch {
    FileHandle.standardError.write("gptsh-tokenizer-bench: \(error)\n".data(using: .utf8)!)
    exit(1)
}
