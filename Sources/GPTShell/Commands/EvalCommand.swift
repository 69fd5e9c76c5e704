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
            shell.output.result(EvalCommand.line(e))
            shell.log(MetricsRecord(e))
        })
}

enum EvalCommand {
    static func line(_ e: Metrics.Evaluation) -> String {
        let val = e.valLoss.map { "val loss \(Format.loss($0))" } ?? "no val loss (the validation text is shorter than a window)"
        return "step \(e.step)  train loss \(Format.loss(e.trainLoss))  " + val
    }
}
