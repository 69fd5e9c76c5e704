import GPTEngine

extension CommandSpec {
    static let eval = CommandSpec(
        ["eval"],
        options: [OptionSpec("iters", .integer(1...1_000_000), "N", default: .setting("eval_iters"), "batches to average over")],
        summary: "estimate the mean train and validation loss",
        example: "eval iters=50",
        handler: { shell, command in
            guard let iters = command.integer("iters"), iters > 0 else {
                throw ShellError("eval_iters is 0 (train does not evaluate): give the batches, as in `eval iters=20`", at: command.location)
            }
            let e = try shell.session.evaluate(iters: iters)
            shell.output.result(EvalCommand.line(e, masked: shell.session.lossIsMasked))
            shell.log(MetricsRecord(e))
        })
}

enum EvalCommand {
    /// With `masked` (training on pairs), the losses are over the responses' tokens only, and say so.
    static func line(_ e: Metrics.Evaluation, masked: Bool = false) -> String {
        let noVal = masked ? "no val loss (no pairs are held out for validation)" : "no val loss (the validation text is shorter than a window)"
        let val = e.valLoss.map { "val loss \(Format.loss($0))" } ?? noVal
        return "step \(e.step)  \(masked ? "masked " : "")train loss \(Format.loss(e.trainLoss))  " + val
    }

    /// "masked " before the word loss when the session trains on pairs.
    static func loss(_ session: Session) -> String { session.lossIsMasked ? "masked " : "" }
}
