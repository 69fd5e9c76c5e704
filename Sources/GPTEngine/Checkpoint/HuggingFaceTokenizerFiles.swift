import Foundation

/// The tokenizer half of a Hugging Face folder.
///
/// transformers reads GPT-2's `vocab.json` and `merges.txt`, and `tokenizer.json` with the
/// exact pre-split (`HuggingFaceTokenizerJSON`). Beside them an export writes
/// `gptsh_tokenizer.json`, gptsh's own description of the tokenizer: exact for every kind
/// (GPT-2's files cannot hold a char tokenizer), ignored by transformers, and preferred by an import.
enum HuggingFaceTokenizerFiles {
    static let stateFileName = "gptsh_tokenizer.json"
    static let vocabFileName = BPETokenizer.vocabFileName
    static let mergesFileName = BPETokenizer.mergesFileName
    /// What transformers' GPT-2 tokenizer splits text with.
    static let gpt2PreTokenizer = PreTokenizer(pattern: .gpt2, splitsIdeographs: false)

    /// The tokenizer as GPT-2's files can hold it, if they can: a BPE as it is, a byte
    /// tokenizer as a BPE without merges (which gives the same id for every byte).
    static func gpt2Form(of tokenizer: any Tokenizer) throws -> BPETokenizer? {
        switch tokenizer {
        case let bpe as BPETokenizer: return bpe
        case let byte as ByteTokenizer: return try BPETokenizer(merges: [], specials: byte.specials, preTokenizer: gpt2PreTokenizer)
        default: return nil
        }
    }

    /// Writes what describes `tokenizer`; returns the file names written and what the user
    /// should know about them. Nothing is written unless GPT-2's files can be made.
    /// `blockSize` is the longest input tokenizer_config.json declares.
    static func write(_ tokenizer: any Tokenizer, to directory: URL, blockSize: Int) throws -> (files: [String], notes: [String]) {
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        let gpt2 = try gpt2Form(of: tokenizer)
        let gpt2Files = try gpt2?.gpt2Files()
        try AtomicFile.write(Data((try Checkpoint.json(tokenizer.state) + "\n").utf8), to: path(stateFileName))
        guard let gpt2, let gpt2Files else {
            let notes = ["a \(tokenizer.kind) tokenizer has no Hugging Face form: no \(vocabFileName)/\(mergesFileName) written; transformers can run the model on token ids, and gptsh reads \(stateFileName) back"]
            return ([stateFileName], notes)
        }
        try AtomicFile.write(Data(gpt2Files.vocab.utf8), to: path(vocabFileName))
        try AtomicFile.write(Data(gpt2Files.merges.utf8), to: path(mergesFileName))
        try AtomicFile.write(try HuggingFaceTokenizerJSON.data(for: gpt2), to: path(HuggingFaceTokenizerJSON.fileName))
        try AtomicFile.write(try HuggingFaceTokenizerJSON.configData(for: gpt2, blockSize: blockSize),
                             to: path(HuggingFaceTokenizerJSON.configFileName))
        var notes: [String] = []
        if gpt2.preTokenizer != gpt2PreTokenizer {
            notes.append("the tokenizer pre-splits text with '\(gpt2.preTokenizer.name)': \(HuggingFaceTokenizerJSON.fileName) holds that rule, so transformers' AutoTokenizer gives gptsh's ids; \(vocabFileName) and \(mergesFileName) alone mean '\(gpt2PreTokenizer.name)'")
        }
        return ([stateFileName, vocabFileName, mergesFileName, HuggingFaceTokenizerJSON.fileName, HuggingFaceTokenizerJSON.configFileName], notes)
    }

    /// The tokenizer a folder describes and which file(s) it came from.
    static func read(from directory: URL) throws -> (tokenizer: any Tokenizer, source: String) {
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        if FileManager.default.fileExists(atPath: path(stateFileName)) {
            let data = try BoundedFileRead.read(path(stateFileName))
            guard let state = try? JSONDecoder().decode(TokenizerState.self, from: data) else {
                throw EngineError.format("'\(path(stateFileName))' is not a gptsh tokenizer description")
            }
            do { return (try makeTokenizer(from: state), stateFileName) } catch {
                throw EngineError.format("'\(path(stateFileName))': \(error)")
            }
        }
        guard [vocabFileName, mergesFileName].allSatisfy({ FileManager.default.fileExists(atPath: path($0)) }) else {
            throw EngineError.format("'\(directory.path)' has no tokenizer: gptsh needs \(vocabFileName) and \(mergesFileName) (GPT-2's tokenizer files) or \(stateFileName) next to the model")
        }
        do { return (try BPETokenizer(gpt2Directory: directory), "\(vocabFileName) + \(mergesFileName)") } catch {
            throw EngineError.format("'\(directory.path)': \(error)")
        }
    }
}
