/// Why there is nothing to train on. A corpus that the tokenizer could not encode stays
/// loaded unencoded (`loadCorpus`, `load`); the error then names the text it stumbles on
/// rather than asking for a corpus and a tokenizer the session already has.
extension Session {
    func missingData() -> EngineError {
        guard let corpus, let tokenizer else { return .missing(.data) }
        let (train, val) = corpus.parts
        var start = 0
        for part in [train, val] {
            do { _ = try tokenizer.encode(String(part)) } catch TokenizerError.unknownCharacter(let c, let offset) {
                // Offsets count from the start of the whole corpus, not of its part.
                return .corpusNotEncodable(path: corpus.path, tokenizer: tokenizer.kind, .unknownCharacter(c, offset: start + offset))
            } catch let error as TokenizerError {
                return .corpusNotEncodable(path: corpus.path, tokenizer: tokenizer.kind, error)
            } catch {
                break
            }
            start += part.count
        }
        return .missing(.data)
    }
}
