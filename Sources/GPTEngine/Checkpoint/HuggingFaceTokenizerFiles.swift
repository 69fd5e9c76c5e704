import Foundation

/// A tokenizer that can write GPT-2's `vocab.json` and `merges.txt`, the files transformers'
/// GPT-2 tokenizers read. An export writes them for any tokenizer that conforms.
public protocol GPT2TokenizerFilesWritable: Tokenizer {
    func writeGPT2Files(to directory: URL) throws
}

/// The tokenizer half of a Hugging Face folder.
///
/// Besides GPT-2's files, an export writes `gptsh_tokenizer.json`, gptsh's own description of
/// the tokenizer: exact for every kind (GPT-2's files cannot hold a char tokenizer or another
/// pre-split pattern), ignored by transformers, and preferred by an import.
enum HuggingFaceTokenizerFiles {
    static let vocabFileName = "vocab.json"
    static let mergesFileName = "merges.txt"
    static let stateFileName = "gptsh_tokenizer.json"

    /// Reads `vocab.json` and `merges.txt` from a folder. The BPE tokenizer provides it:
    /// `{ try BPETokenizer(gpt2Directory: $0) }`; until then folders that hold only GPT-2's
    /// files cannot be imported.
    static let gpt2Reader: GPT2TokenizerReader? = nil

    /// Writes what describes `tokenizer`; returns the file names written and what the user
    /// should know about them.
    static func write(_ tokenizer: any Tokenizer, to directory: URL) throws -> (files: [String], notes: [String]) {
        let state = tokenizer.state
        try AtomicFile.write(Data((try Checkpoint.json(state) + "\n").utf8),
                             to: directory.appendingPathComponent(stateFileName).path)
        var files = [stateFileName], notes: [String] = []
        if let gpt2 = tokenizer as? any GPT2TokenizerFilesWritable {
            try gpt2.writeGPT2Files(to: directory)
            files += [vocabFileName, mergesFileName]
            if let pattern = state.pattern, pattern != "gpt2" {
                notes.append("the tokenizer pre-splits text with the '\(pattern)' pattern; transformers' GPT-2 tokenizer uses GPT-2's, so it may split some text differently")
            }
        } else {
            notes.append("a \(tokenizer.kind) tokenizer has no Hugging Face form: no vocab.json/merges.txt written; transformers can run the model on token ids, and gptsh reads \(stateFileName) back")
            let stale = [vocabFileName, mergesFileName].filter {
                FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).path)
            }
            if !stale.isEmpty {
                notes.append("the folder already holds \(stale.joined(separator: " and ")), which do not describe this model's tokenizer; delete them before sharing the folder")
            }
        }
        return (files, notes)
    }

    /// The tokenizer a folder describes and which file it came from.
    static func read(from directory: URL, gpt2Reader: GPT2TokenizerReader?) throws -> (tokenizer: any Tokenizer, source: String) {
        func exists(_ name: String) -> Bool {
            FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path)
        }
        if exists(stateFileName) {
            let path = directory.appendingPathComponent(stateFileName).path
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
                throw EngineError.io("cannot read '\(path)': \(Corpus.reason(error))")
            }
            guard let state = try? JSONDecoder().decode(TokenizerState.self, from: data) else {
                throw EngineError.format("'\(path)' is not a gptsh tokenizer description")
            }
            do { return (try makeTokenizer(from: state), stateFileName) } catch {
                throw EngineError.format("'\(path)': \(error)")
            }
        }
        guard exists(vocabFileName) && exists(mergesFileName) else {
            throw EngineError.format("'\(directory.path)' has no tokenizer: gptsh needs \(vocabFileName) and \(mergesFileName) (GPT-2's tokenizer files) or \(stateFileName) next to the model")
        }
        guard let gpt2Reader else {
            throw EngineError.state("'\(directory.path)' describes its tokenizer with \(vocabFileName) and \(mergesFileName), which this gptsh cannot read yet")
        }
        do { return (try gpt2Reader(directory), "\(vocabFileName) + \(mergesFileName)") } catch {
            throw EngineError.format("'\(directory.path)': \(error)")
        }
    }
}

/// Builds a tokenizer from the `vocab.json` and `merges.txt` in the given folder.
typealias GPT2TokenizerReader = @Sendable (URL) throws -> any Tokenizer
