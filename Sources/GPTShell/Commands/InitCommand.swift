import GPTEngine

extension CommandSpec {
    static let initialize = CommandSpec(
        ["init"],
        options: [OptionSpec("seed", .integer(0...Int(Int32.max)), "N", default: "the seed setting",
                             "seed for the initial weights and the batch order"),
                  OptionSpec("vectors", .path, "PATH", "pretrained word vectors (word2vec text or binary, GloVe) for the token embeddings")],
        summary: "build a fresh model from the settings and the tokenizer",
        details: """
            Starts again from step 0 with a new optimizer; the metrics are reset. With vectors=PATH each \
            token that is a word of the file (" cat" matches "cat") starts from that word's vector as its \
            row of wte, scaled to the init's size (docs/words.md says how dimensions are mapped).
            """,
        example: "init seed=1337",
        handler: { shell, command in
            let seed = command.integer("seed")
            var coverage: WordVectorCoverage?
            let model: GPT
            if let path = command.text("vectors") {
                (model, coverage) = try InitVectors.initialize(shell, command, path: path, seed: seed)
            } else {
                model = try shell.session.initModel(seed: seed)
            }
            let c = model.config
            shell.output.info("model: \(Format.counted(c.nLayer, "layer")), \(Format.counted(c.nHead, "head")), \(c.nEmbd) wide, block \(c.blockSize), "
                + "vocabulary \(c.vocabSize): \(Format.grouped(model.parameterCount)) parameters (seed \(shell.session.hyper.seed))")
            if let coverage { InitVectors.report(coverage, model: c, in: shell) }
        })
}
