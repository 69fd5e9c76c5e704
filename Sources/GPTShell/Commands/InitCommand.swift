import GPTEngine

extension CommandSpec {
    static let initialize = CommandSpec(
        ["init"],
        options: [OptionSpec("seed", .integer(0...Int(Int32.max)), "N", default: .setting("seed"),
                             "seed for the initial weights and the batch order"),
                  OptionSpec("vectors", .path, "PATH", "pretrained word vectors (word2vec text or binary, GloVe) for the token embeddings")],
        hyperparameters: .all,
        usage: "init [seed=N] [vectors=PATH] [KEY=VALUE ...]",
        summary: "build a fresh model from the settings and the tokenizer",
        details: """
            Starts again from step 0 with a new optimizer; the metrics are reset. KEY=VALUE sets \
            hyperparameters first, as `set` does (they stay set), so `init n_layer=2` builds a model \
            of two layers. With vectors=PATH each token that is a word of the file (" cat" matches \
            "cat") starts from that word's vector as its row of wte, scaled to the init's size \
            (docs/words.md says how dimensions are mapped).
            """,
        example: "init seed=1337 n_layer=2",
        handler: InitCommand.run)
}

enum InitCommand {
    static func run(_ shell: Shell, _ command: Invocation) throws {
        let settings = command.assignments.map { a in (a.name, shell.commandLineSettings[a.name] ?? a.value) }
        let seed = command.integer("seed")
        var coverage: WordVectorCoverage?
        let model: GPT
        if let path = command.text("vectors") {
            (model, coverage) = try InitVectors.initialize(shell, command, path: path, seed: seed, settings: settings)
        } else {
            model = try shell.session.initModel(seed: seed, settings: settings)
        }
        if command.assignments.contains(where: { shell.commandLineSettings[$0.name] != nil }) {
            let seedWord = command.given("seed") ? ["seed=\(command.integer("seed")!)"] : []
            let vectors = command.text("vectors").map { ["vectors=\(SessionHistory.quoted(shell.resolve($0)))"] } ?? []
            shell.history.replay(line: (["init"] + seedWord + vectors + settings.map { name, value in
                "\(name)=\(Hyperparameters.spec(named: name)!.format(value))"
            }).joined(separator: " "))
        }
        let c = model.config
        shell.output.info("model: \(Format.counted(c.nLayer, "layer")), \(Format.counted(c.nHead, "head")), \(c.nEmbd) wide, block \(c.blockSize), "
            + "vocabulary \(c.vocabSize)\(c.bias ? "" : ", no biases"): \(Format.grouped(model.parameterCount)) parameters (seed \(shell.session.hyper.seed))")
        if let coverage { InitVectors.report(coverage, model: c, in: shell) }
        let changed = Set(command.assignments.map(\.name))
        for doubt in shell.session.hyper.doubts where !doubt.keys.isDisjoint(with: changed) {
            shell.output.warning(Messages.doubt(doubt), at: command.location)
        }
    }
}
