import Foundation

/// GPT-2's tokenizer files: vocab.json maps each token, written with the byte-level alphabet,
/// to its id; merges.txt lists the merged pairs in rank order after a "#version" line.
/// Hugging Face `tokenizers` and `transformers` read and write the same two files.
extension BPETokenizer {
    public static let vocabFileName = "vocab.json"
    public static let mergesFileName = "merges.txt"

    /// Loads GPT-2 files keeping their ids. A vocabulary entry that is neither a byte nor a
    /// merge's result (GPT-2's `<|endoftext|>`) is a special token, matched as literal text.
    /// GPT-2 files mean GPT-2's pattern, so by default the CJK rule is off.
    public convenience init(vocabJSON: Data, merges: String,
                            preTokenizer: PreTokenizer = PreTokenizer(pattern: .gpt2, splitsIdeographs: false)) throws {
        let vocab = try Self.readVocabulary(vocabJSON)
        let byteIds = ByteLevelAlphabet.characters.map { vocab[String($0)] ?? -1 }
        var used = Set(byteIds.filter { $0 >= 0 })
        var list: [BPEMerge] = []
        for (n, line) in merges.split(whereSeparator: \.isNewline).enumerated() {
            if n == 0 && line.hasPrefix("#version") { continue }
            let parts = line.split(separator: " ", omittingEmptySubsequences: false)
            guard parts.count == 2 else {
                throw TokenizerError.invalid("\(Self.mergesFileName) line \(n + 1): expected two tokens separated by a space, got '\(line)'")
            }
            func id(_ token: String) throws -> Int32 {
                guard let id = vocab[token] else {
                    throw TokenizerError.invalid("\(Self.mergesFileName) line \(n + 1): '\(token)' is not in \(Self.vocabFileName)")
                }
                return id
            }
            let merge = BPEMerge(try id(String(parts[0])), try id(String(parts[1])), result: try id(String(parts[0] + parts[1])))
            list.append(merge)
            used.insert(merge.result)
        }
        let specials = vocab.filter { !used.contains($0.value) }
        try self.init(merges: list, byteIds: byteIds, specials: specials, preTokenizer: preTokenizer)
    }

    /// vocab.json's token → id map, every id checked, errors naming the token at fault.
    static func readVocabulary(_ json: Data) throws -> [String: Int32] {
        func bad(_ why: String) -> TokenizerError { .invalid("\(vocabFileName) \(why)") }
        guard let parsed = try? JSONSerialization.jsonObject(with: json) else {
            throw bad("is not valid JSON: it should be one object mapping each token to its id, e.g. {\"a\": 64}")
        }
        guard let object = parsed as? [String: Any] else {
            throw bad("holds \(JSONNumber.describe(parsed)), not an object mapping each token to its id, e.g. {\"a\": 64}")
        }
        var vocab: [String: Int32] = [:]
        for (token, value) in object {
            guard let id = JSONNumber.whole(value), (0...Int(Int32.max)).contains(id) else {
                throw bad("gives token '\(token)' the id \(JSONNumber.describe(value)); ids are whole numbers from 0 to \(Int32.max)")
            }
            vocab[token] = Int32(id)
        }
        return vocab
    }

    /// Reads `vocab.json` and `merges.txt` from `directory`.
    public convenience init(gpt2Directory directory: URL,
                            preTokenizer: PreTokenizer = PreTokenizer(pattern: .gpt2, splitsIdeographs: false)) throws {
        func read(_ name: String) throws -> Data {
            do { return try BoundedFileRead.read(directory.appendingPathComponent(name).path) } catch {
                throw TokenizerError.invalid("\(error)")
            }
        }
        try self.init(vocabJSON: read(Self.vocabFileName), merges: String(decoding: read(Self.mergesFileName), as: UTF8.self),
                      preTokenizer: preTokenizer)
    }

    /// The contents of vocab.json (entries in id order) and merges.txt.
    public func gpt2Files() throws -> (vocab: String, merges: String) {
        let names = try tokenNames()
        let entries = names.sorted { $0.key < $1.key }.map { "\(Self.jsonString($0.value)): \($0.key)" }
        let vocab = "{" + entries.joined(separator: ", ") + "}\n"
        let lines = merges.map { names[$0.left]! + " " + names[$0.right]! }
        return (vocab, "#version: 0.2\n" + lines.map { $0 + "\n" }.joined())
    }

    /// Every token's name as GPT-2's files write it: bytes in the byte-level alphabet, special
    /// tokens as their text. Two tokens of one name cannot both be written.
    func tokenNames() throws -> [Int32: String] {
        var names: [Int32: String] = [:]
        for (b, id) in byteIds.enumerated() where id >= 0 { names[id] = ByteLevelAlphabet.encode([UInt8(b)]) }
        for m in merges { names[m.result] = ByteLevelAlphabet.encode(bytes(of: m.result)) }
        for (text, id) in specials { names[id] = text }
        var seen: [String: Int32] = [:]
        for (id, name) in names.sorted(by: { $0.key < $1.key }) {
            if let other = seen.updateValue(id, forKey: name) {
                throw TokenizerError.invalid("tokens \(other) and \(id) are both '\(name)'; \(Self.vocabFileName) cannot hold both")
            }
        }
        return names
    }

    /// Writes `vocab.json` and `merges.txt` into `directory`, creating it if needed.
    public func writeGPT2Files(to directory: URL) throws {
        let (vocab, merges) = try gpt2Files()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw TokenizerError.invalid("cannot write tokenizer files to '\(directory.path)': \(error.localizedDescription)")
        }
        try AtomicFile.write(Data(vocab.utf8), to: directory.appendingPathComponent(Self.vocabFileName).path)
        try AtomicFile.write(Data(merges.utf8), to: directory.appendingPathComponent(Self.mergesFileName).path)
    }

    private static func jsonString(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    out += "\\u" + String(repeating: "0", count: 4 - String(u.value, radix: 16).count) + String(u.value, radix: 16)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
