import GPTEngine

extension CommandSpec {
    static let show = CommandSpec(
        ["show"],
        arguments: [ArgumentSpec("WHAT", .choice(ShowCommand.topics.map(\.0)), optional: true,
                                 "config, model, corpus, tokenizer or stats")],
        changesSession: .never,
        summary: "what the session holds: config, model, corpus, tokenizer or stats; alone, a summary of each",
        example: "show stats",
        handler: { shell, command in
            guard let topic = command.text("WHAT") else {
                ShowCommand.summary(shell.session).forEach(shell.output.result)
                return
            }
            let lines = ShowCommand.topics.first { $0.0 == topic }!.1(shell)
            lines.forEach(shell.output.result)
        })
}

enum ShowCommand {
    static let topics: [(String, (Shell) -> [String])] = [
        ("config", { config($0.session) }), ("model", { model($0.session) }), ("corpus", { corpus($0.session) }),
        ("tokenizer", { tokenizer($0.session) }), ("stats", stats),
    ]

    /// One line for each part of the session, and what to look at next.
    static func summary(_ s: Session) -> [String] {
        var rows: [[String]] = []
        if let c = s.corpus {
            var line = "\(c.path), \(Format.grouped(c.characterCount)) characters, val \(Format.number(c.valFraction))"
            if let t = s.trainTokens, let v = s.valTokens { line += "; \(Format.grouped(t.count)) train and \(Format.grouped(v.count)) val tokens" }
            rows.append(["corpus", line])
        } else {
            rows.append(["corpus", "none: `load corpus PATH`"])
        }
        rows.append(["tokenizer", s.tokenizer?.summary ?? "none: `tokenizer char`, `tokenizer byte` or `tokenizer bpe vocab=N`"])
        if let model = s.model {
            let c = model.config
            var line = "\(Format.counted(c.nLayer, "layer")), \(Format.counted(c.nHead, "head")), \(c.nEmbd) wide, block \(c.blockSize): "
                + "\(Format.grouped(model.parameterCount)) parameters"
            let pending = s.pendingArchitecture
            if !pending.isEmpty { line += " (the settings differ in \(pending.joined(separator: ", ")): `init` builds them)" }
            rows.append(["model", line])
        } else {
            rows.append(["model", "none: `init` or `load PATH`"])
        }
        var training = "step \(s.iteration)"
        if let loss = s.metrics.lastTrainLoss { training += ", train loss \(Format.loss(loss))" }
        if let loss = s.metrics.lastValLoss { training += ", val loss \(Format.loss(loss))" }
        rows.append(["training", training])
        return Format.table(rows) + ["`show config`, `show model`, `show corpus`, `show tokenizer` and `show stats` tell more"]
    }

    static func config(_ s: Session) -> [String] {
        Format.table(Hyperparameters.specs.map { [$0.name, $0.format($0.value(in: s.hyper))] } + distributionRows(s))
    }

    static func model(_ s: Session) -> [String] {
        guard let model = s.model else { return ["no model yet: run `init` or `load PATH`"] }
        let c = model.config
        return Format.table([
            ["n_layer", "\(c.nLayer)"], ["n_head", "\(c.nHead)"], ["n_embd", "\(c.nEmbd)"],
            ["block_size", "\(c.blockSize)"], ["vocab_size", "\(c.vocabSize)"], ["bias", "\(c.bias)"],
            ["parameters", Format.grouped(model.parameterCount)],
            ["by part", parts(model.layout)],
            ["memory", memory(s)],
            ["step", "\(s.iteration)"],
        ])
    }

    static func parts(_ layout: ParameterLayout) -> String {
        let counts = layout.countsByPart
        let names: [ParameterPart: String] = [.embeddings: "embeddings", .attention: "attention", .mlp: "MLP", .layerNorm: "LayerNorm"]
        return ParameterPart.allCases.map { "\(names[$0]!) \(Format.grouped(counts[$0]!))" }.joined(separator: ", ")
    }

    /// What training takes, so a size can be judged before `train` allocates the activations.
    static func memory(_ s: Session) -> String {
        guard let e = s.memoryEstimate else { return "" }
        var line = "\(ByteCount.text(e.total)) to train at batch_size \(s.hyper.batchSize): "
            + "\(ByteCount.text(e.weightsAndGradients)) weights and gradients, \(ByteCount.text(e.optimizer)) AdamW moments, "
            + "\(ByteCount.text(e.divergenceGuard)) divergence guard, \(ByteCount.text(e.activations)) activations"
        if let available = AvailableMemory.bytes() { line += "; \(ByteCount.text(available)) available" }
        return line
    }

    static func corpus(_ s: Session) -> [String] {
        guard let corpus = s.corpus else { return ["no corpus yet: run `load corpus PATH`"] }
        let (train, val) = corpus.parts
        var rows = [
            ["path", corpus.path], ["characters", Format.grouped(corpus.characterCount)],
            ["distinct", Format.grouped(corpus.distinctCharacters)],
            ["train", "\(Format.grouped(train.count)) characters"],
            ["val", "\(Format.grouped(val.count)) characters (\(Format.number(corpus.valFraction)) of the text)"],
        ]
        if let documents = corpus.documents { rows.append(["documents", "\(Format.grouped(documents)), each ended by \(SpecialToken.endOfText)"]) }
        if let t = s.trainTokens, let v = s.valTokens {
            rows.append(["tokens", "\(Format.grouped(t.count)) train, \(Format.grouped(v.count)) val"])
        }
        return Format.table(rows)
    }

    static func tokenizer(_ s: Session) -> [String] {
        guard let t = s.tokenizer else { return ["no tokenizer yet: run `tokenizer char`, `tokenizer byte` or `tokenizer bpe vocab=N`"] }
        var rows = [["kind", t.kind], ["vocab_size", "\(t.vocabSize)"]]
        if let pattern = t.state.pattern { rows.append(["pattern", pattern]) }
        rows.append(["summary", t.summary])
        return Format.table(rows) + t.details
    }

    static func stats(_ shell: Shell) -> [String] {
        let s = shell.session, m = s.metrics
        var rows = [["step", "\(s.iteration)"]]
        rows.append(["train_loss", m.lastTrainLoss.map(Format.loss) ?? "-"])
        rows.append(["val_loss", m.lastValLoss.map(Format.loss) ?? "-"])
        if m.steps.count > 1 {
            let recent = m.steps.suffix(5)
            rows.append(["recent losses", recent.map { Format.loss($0.loss) }.joined(separator: " ")
                + " (steps \(recent.first!.step)-\(recent.last!.step))"])
        }
        if let best = m.bestValidation, let loss = best.valLoss {
            rows.append(["best val_loss", "\(Format.loss(loss)) at step \(best.step)"])
        }
        rows.append(["tokens seen", Format.grouped(m.tokensSeen)])
        rows.append(["training time", Format.seconds(m.trainingSeconds)])
        rows.append(["wall time", Format.seconds(shell.trainWallSeconds)])
        rows.append(["throughput", "\(Format.rate(m.averageTokensPerSecond)) tok/s"])
        rows.append(["skipped steps", "\(m.skippedSteps)"])
        rows += reductionRows(s.group)
        return Format.table(rows)
    }
}
