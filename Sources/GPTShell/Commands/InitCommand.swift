import GPTEngine

extension CommandSpec {
    static let initialize = CommandSpec(
        ["init"],
        options: [OptionSpec("seed", .integer(0...Int(Int32.max)), "N", default: "the seed setting",
                             "seed for the initial weights and the batch order")],
        summary: "build a fresh model from the settings and the tokenizer",
        details: "Starts again from step 0 with a new optimizer; the metrics are reset.",
        example: "init seed=1337",
        handler: { shell, command in
            let model = try shell.session.initModel(seed: command.integer("seed"))
            let c = model.config
            shell.output.info("model: \(Format.counted(c.nLayer, "layer")), \(Format.counted(c.nHead, "head")), \(c.nEmbd) wide, block \(c.blockSize), "
                + "vocabulary \(c.vocabSize): \(Format.grouped(model.parameterCount)) parameters (seed \(shell.session.hyper.seed))")
        })
}
