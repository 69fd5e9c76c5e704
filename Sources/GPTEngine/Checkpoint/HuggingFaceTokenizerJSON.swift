import Foundation

/// `tokenizer.json`, the one file Hugging Face `tokenizers` and transformers' fast tokenizers
/// load, with gptsh's pre-split written out exactly: the CJK rule as a split that isolates
/// each ideograph, then the pattern's regex, then the byte-level alphabet. vocab.json and
/// merges.txt cannot say any of this, so transformers' GPT-2 tokenizer reading them splits
/// text with GPT-2's regex alone.
enum HuggingFaceTokenizerJSON {
    static let fileName = "tokenizer.json"
    /// Names `PreTrainedTokenizerFast`, so that `AutoTokenizer` builds its tokenizer from
    /// tokenizer.json alone rather than from vocab.json and merges.txt.
    static let configFileName = "tokenizer_config.json"

    /// The patterns as `tokenizers` writes them (Oniguruma syntax), which gptsh's scanners
    /// follow (Tests/GPTEngineTests/TokenizerFixtureTests.swift compares them).
    static let gpt2Regex = #"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#
    static let gpt4Regex = #"'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]++[\r\n]*|\s*[\r\n]|\s+(?!\S)|\s+"#

    static func data(for bpe: BPETokenizer) throws -> Data {
        let names = try bpe.tokenNames()
        var vocab: [String: Int] = [:]
        for (id, name) in names { vocab[name] = Int(id) }
        let merges = bpe.merges.map { names[$0.left]! + " " + names[$0.right]! }
        let added: [[String: Any]] = bpe.specials.sorted { $0.value < $1.value }.map { text, id in
            ["id": Int(id), "content": text, "single_word": false, "lstrip": false, "rstrip": false,
             "normalized": false, "special": true]
        }
        let byteLevel: [String: Any] = ["type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": false]
        let json: [String: Any] = [
            "version": "1.0",
            "truncation": NSNull(),
            "padding": NSNull(),
            "added_tokens": added,
            "normalizer": NSNull(),
            "pre_tokenizer": ["type": "Sequence", "pretokenizers": splits(bpe.preTokenizer) + [byteLevel]],
            "post_processor": ["type": "ByteLevel", "add_prefix_space": false, "trim_offsets": false, "use_regex": false],
            "decoder": ["type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": false],
            "model": ["type": "BPE", "dropout": NSNull(), "unk_token": NSNull(), "continuing_subword_prefix": "",
                      "end_of_word_suffix": "", "fuse_unk": false, "byte_fallback": false, "vocab": vocab, "merges": merges],
        ]
        return try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    /// tokenizer_config.json: the fast tokenizer's class, its end-of-text and the window.
    static func configData(for bpe: BPETokenizer, blockSize: Int) throws -> Data {
        var json: [String: Any] = ["tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": blockSize,
                                   "clean_up_tokenization_spaces": false]
        if bpe.specials[SpecialToken.endOfText] != nil {
            for key in ["bos_token", "eos_token", "unk_token"] { json[key] = SpecialToken.endOfText }
        }
        return try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    /// The CJK rule first (its cuts come before the pattern's, see `PreTokenizer`), then the pattern.
    private static func splits(_ pre: PreTokenizer) -> [[String: Any]] {
        func isolating(_ regex: String) -> [String: Any] {
            ["type": "Split", "pattern": ["Regex": regex], "behavior": "Isolated", "invert": false]
        }
        var out: [[String: Any]] = []
        if pre.splitsIdeographs { out.append(isolating(ideographClass)) }
        switch pre.pattern {
        case .gpt2: out.append(isolating(gpt2Regex))
        case .gpt4: out.append(isolating(gpt4Regex))
        case .none: break
        }
        return out
    }

    /// Every scalar the CJK rule cuts out, as a regex class of ranges, from the classification
    /// the pre-split itself uses.
    static let ideographClass: String = {
        var ranges: [(UInt32, UInt32)] = []
        var v: UInt32 = 0
        while v <= 0x10FFFF {
            if v == 0xD800 { v = 0xE000 }
            if ScalarClass.classify(v) == .ideograph {
                if let last = ranges.last, last.1 == v - 1 { ranges[ranges.count - 1].1 = v } else { ranges.append((v, v)) }
            }
            v += 1
        }
        func hex(_ v: UInt32) -> String { "\\x{" + String(v, radix: 16, uppercase: true) + "}" }
        return "[" + ranges.map { $0.0 == $0.1 ? hex($0.0) : hex($0.0) + "-" + hex($0.1) }.joined() + "]"
    }()
}
