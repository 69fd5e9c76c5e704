/// Training on prompt/response pairs: loading them, encoding them in their format, and the
/// checks that every pair fits a window.
extension Session {
    /// Loads a pairs file (JSON Lines or TSV, see `PairsFile`) as the corpus; the last `val`
    /// fraction of the pairs is validation. Encoded with the current tokenizer if it can be.
    @discardableResult
    public func loadPairs(path: String, valFraction: Double = 0.1, kind: PairsFile.Kind? = nil,
                          shouldStop: () -> Bool = { false }) throws -> Corpus {
        try use(Corpus(pairsPath: path, valFraction: valFraction, kind: kind), shouldStop: shouldStop)
    }

    /// The format `answer` and `chat` put a prompt in: the loaded pairs', else that of the
    /// checkpoint the model came from if it was trained on pairs; nil for a plain-text model.
    public var promptFormat: PromptFormat? { corpus?.pairs?.format ?? modelPromptFormat }

    /// Whether training, `eval` and `score val` count the responses' tokens only.
    public var lossIsMasked: Bool { corpus?.pairs != nil }

    func encodePairs(_ split: PairSplit, from path: String, with tokenizer: any Tokenizer,
                     shouldStop: () -> Bool) throws -> (TokenStream, TokenStream) {
        func encode(_ pairs: ArraySlice<PromptPair>) throws -> TokenStream {
            do {
                return try PairIndex.encode(pairs, format: split.format, with: tokenizer)
            } catch let failure as PairEncodingFailure {
                guard case .unknownCharacter(let c, let offset) = failure.error else { throw failure.error }
                let pair = failure.pair
                let column = (failure.inResponse ? pair.responseColumn : pair.promptColumn) + offset
                throw EngineError.cannotEncode(path: path, line: pair.line, column: column, character: c, tokenizer: tokenizer.kind)
            }
        }
        if shouldStop() { throw EngineError.interrupted }
        let train = try encode(split.train)
        if shouldStop() { throw EngineError.interrupted }
        let val = try encode(split.val)
        if shouldStop() { throw EngineError.interrupted }
        return (train, val)
    }

    /// Throws when a pair of `split` is longer than a window of block_size + 1 tokens, naming
    /// the first longest and its line.
    func requirePairsFit(_ split: Split, T: Int) throws {
        guard let stream = split == .train ? trainTokens : valTokens, let pairs = stream.pairs,
              let (k, tokens) = pairs.longest, tokens > T + 1, let path = corpus?.path else { return }
        throw EngineError.invalidArgument("\(path):\(pairs.lines[k]): this pair is \(tokens) tokens with its separator and "
            + "\(SpecialToken.endOfText), more than the \(T + 1) a window of block_size \(T) holds: raise block_size or shorten the pair")
    }

    /// `score val` and `score train` on pairs: each pair in its own window, the loss the mean
    /// over the responses' tokens (with their `<|endoftext|>`), and bytes those of the responses.
    func scorePairs(_ split: Split, _ stream: TokenStream, _ pairs: PairIndex, texts: ArraySlice<PromptPair>, model: GPT,
                    shouldStop: () -> Bool) throws -> ScoreResult {
        let T = model.config.blockSize
        guard pairs.count > 0 else { throw EngineError.invalidArgument("there are no pairs to score in this part") }
        try requirePairsFit(split, T: T)
        var inputs = [Int32](repeating: 0, count: T), targets = inputs
        var total = 0.0
        for k in 0..<pairs.count {
            if shouldStop() { throw EngineError.interrupted }
            pairs.window(k, of: stream, inputs: &inputs, targets: &targets, T: T)
            // The whole window gives the same loss as the pair alone: padding comes after it.
            let n = pairs.length(k) - 1
            let counted = pairs.length(k) - pairs.contextLengths[k]
            total += Double(model.forward(idx: inputs, targets: targets, B: 1, T: n)) * Double(counted)
        }
        let bytes = texts.reduce(0) { $0 + $1.response.utf8.count + 1 }
        return ScoreResult(tokens: pairs.countedTargets, bytes: bytes, loss: total / Double(pairs.countedTargets))
    }
}
