import GPTEngine

extension CommandSpec {
    static let train = CommandSpec(
        ["train"],
        arguments: [ArgumentSpec("N", .integer(1...Int.max), "the number of optimizer steps")],
        hyperparameters: .runOverrides,
        summary: "take N more optimizer steps",
        details: """
            Continues the step count and the learning-rate schedule. KEY=VALUE options override \
            hyperparameters for this run only (not the architecture). Logs every log_interval steps, \
            evaluates every eval_interval steps and at the end. Ctrl-C stops at the next step.
            """,
        example: "train 2000 lr=3e-4 log_interval=100",
        handler: TrainCommand.run)
}

enum TrainCommand {
    static func run(_ shell: Shell, _ command: Invocation) throws {
        let steps = command.integer("N")!
        let target = shell.session.iteration + steps
        let report = try shell.session.train(
            steps: steps,
            overrides: command.assignments.map { ($0.name, $0.value) },
            observer: { event in
                switch event {
                case .step(let s, let t, let logged):
                    guard logged else { return }
                    shell.output.info("step \(s.step)/\(t)  loss \(Format.loss(s.loss))  lr \(Format.lr(s.lr))  "
                        + "\(Format.milliseconds(s.ms)) ms/step  \(Format.rate(s.tokensPerSecond)) tok/s")
                case .skipped(let step, let loss, let norm):
                    shell.output.note("step \(step) skipped: loss \(loss), gradient norm \(norm)")
                case .evaluation(let e):
                    // The evaluation at the end is the run's result; those along the way are progress.
                    let line = EvalCommand.line(e)
                    if e.step == target { shell.output.result(line) } else { shell.output.info(line) }
                }
            },
            shouldStop: shell.shouldStop)
        if report.interrupted {
            shell.output.note("interrupted at step \(shell.session.iteration) (\(report.stepsDone) of \(steps) steps done)")
            shell.noteInterrupted()
        }
    }
}
