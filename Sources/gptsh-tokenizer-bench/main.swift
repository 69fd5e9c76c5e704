import Foundation
import GPTEngine

/// Times BPE training and encoding on one text file and prints one JSON line, for
/// scripts/bench-tokenizer. Times are medians over `repeat` runs. With `export=DIR` it also
/// writes the tokenizer as GPT-2 files and the text's ids (little-endian Int32, ids.bin), so
/// the script can check that Hugging Face `tokenizers` reads our files and gets our ids.
let usage = "usage: gptsh-tokenizer-bench PATH [vocab=4096] [pattern=gpt2+cjk] [repeat=3] [export=DIR]"

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }

func option(_ name: String) -> String? {
    CommandLine.arguments.dropFirst(2).first { $0.hasPrefix(name + "=") }.map { String($0.dropFirst(name.count + 1)) }
}

func integer(_ name: String, _ fallback: Int) throws -> Int {
    guard let s = option(name) else { return fallback }
    guard let n = Int(s), n > 0 else { throw TokenizerError.invalid("\(name) must be a positive integer, got '\(s)'") }
    return n
}

do {
    guard CommandLine.arguments.count >= 2, !CommandLine.arguments[1].contains("=") else { throw TokenizerError.invalid(usage) }
    let path = CommandLine.arguments[1]
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let vocab = try integer("vocab", 4096), runs = try integer("repeat", 3)
    let trainer = BPETrainer(preTokenizer: try PreTokenizer(name: option("pattern") ?? "gpt2+cjk"))
    var tokenizer: BPETokenizer!
    let train = median(try (0..<runs).map { _ in try seconds { tokenizer = try trainer.train(text, vocabSize: vocab) } })
    var ids: [Int32] = []
    var cold: [Double] = [], warm: [Double] = []
    for _ in 0..<runs {
        let fresh = try BPETokenizer(state: tokenizer.state)
        cold.append(try seconds { ids = try fresh.encode(text) })
        warm.append(try seconds { ids = try fresh.encode(text) })
    }
    let bytes = text.utf8.count
    if let dir = option("export") {
        let url = URL(fileURLWithPath: dir)
        try tokenizer.writeGPT2Files(to: url)
        try ids.withUnsafeBytes { try Data($0).write(to: url.appendingPathComponent("ids.bin")) }
    }
    let result: [String: Any] = [
        "path": path, "pattern": trainer.preTokenizer.name, "vocab": tokenizer.vocabSize, "merges": tokenizer.merges.count,
        "bytes": bytes, "characters": text.count, "tokens": ids.count,
        "train_s": train, "encode_cold_mb_s": Double(bytes) / median(cold) / 1e6,
        "encode_warm_mb_s": Double(bytes) / median(warm) / 1e6,
        "round_trip": Array(tokenizer.decode(ids).utf8) == Array(text.utf8),
    ]
    let json = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
    print(String(decoding: json, as: UTF8.self))
} catch {
    FileHandle.standardError.write(Data("gptsh-tokenizer-bench: \(error)\n".utf8))
    exit(1)
}
