import Foundation
import GPTEngine

extension CommandSpec {
    static let train = CommandSpec(
        ["train"],
        arguments: [ArgumentSpec("N", .integer(1...Int.max), "the number of optimizer steps")],
        options: TrainOptions.specs,
        hyperparameters: .runOverrides,
        usage: "train N [KEY=VALUE ...]",
        summary: "take N more optimizer steps",
        details: """
            Continues the step count and the learning-rate schedule. KEY=VALUE options override \
            hyperparameters for this run only (not the architecture). Logs every log_interval steps, \
            evaluates every eval_interval steps and at the end. On a terminal a status line shows the \
            progress. A non-finite loss stops the run and restores the model from before the step \
            that diverged. Ctrl-C stops at the next step. The options below sample, save and stop \
            early along the way.
            """,
        example: "train 2000 lr=3e-4 log_interval=100",
        handler: TrainCommand.run)
}

enum TrainCommand {
    static func run(_ shell: Shell, _ command: Invocation) throws {
        let steps = command.integer("N")!
        let options = try TrainOptions(command, shell: shell)
        let evaluates = (command.assignments.last { $0.name == "eval_iters" }?.value ?? Double(shell.session.hyper.evalIters)) > 0
        if evaluates, shell.session.model != nil, shell.session.valTokens?.pairs?.count == 0 {
            shell.output.info("no pairs are held out for validation: evaluations report the train loss only")
        } else if evaluates, shell.session.model != nil, let short = shell.session.shortfall(.val) {
            shell.output.info("the validation text has \(Format.counted(short.tokens, "token")), fewer than the \(short.needed) "
                + "one window needs: evaluations report the train loss only")
        }
        let first = shell.session.iteration
        let target = first + steps
        let actions = RunActions(options, shell: shell, target: target)
        let progress = TrainProgress(output: shell.output, from: first, to: target)
        let started = DispatchTime.now().uptimeNanoseconds
        shell.lastTrainTarget = target
        defer {
            progress?.finish()
            shell.trainWallSeconds += Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        }
        let report: TrainReport
        do {
            report = try train(steps, command, shell, actions: actions, progress: progress, target: target)
        } catch {
            // A run that failed after some steps (a divergence) kept them: a replay takes those.
            let kept = shell.session.iteration - first
            if kept > 0 { shell.history.replay(argument: "N", as: String(kept)) }
            throw error
        }
        // Gone before the closing lines, so that it is not drawn again under them.
        progress?.finish()
        try actions.finish()
        if let reason = actions.stopReason {
            shell.output.result(reason)
        } else if report.interrupted {
            shell.output.note("interrupted at step \(shell.session.iteration) (\(report.stepsDone) of \(steps) steps done)")
            shell.noteInterrupted()
            // A replay takes the steps this run took, not the ones it was asked for.
            if report.stepsDone > 0 {
                shell.history.replay(argument: "N", as: String(report.stepsDone))
            } else {
                shell.history.skipReplay()
            }
        }
    }

    private static func train(_ steps: Int, _ command: Invocation, _ shell: Shell, actions: RunActions,
                              progress: TrainProgress?, target: Int) throws -> TrainReport {
        try shell.session.train(
            steps: steps,
            overrides: command.assignments.map { ($0.name, $0.value) },
            observer: { event in
                switch event {
                case .step(let s, let t, let logged):
                    progress?.update(s)
                    if logged {
                        shell.output.info("step \(s.step)/\(t)  \(EvalCommand.loss(shell.session))loss \(Format.loss(s.loss))  lr \(Format.lr(s.lr))  "
                            + "\(Format.milliseconds(s.ms)) ms/step  \(Format.rate(s.tokensPerSecond)) tok/s")
                        shell.log(MetricsRecord(s))
                    }
                    actions.stepped(s.step)
                case .skipped(let step, let loss, let norm):
                    shell.output.note("step \(step) skipped: loss \(loss), gradient norm \(norm)")
                case .evaluation(let e):
                    actions.evaluated(e)
                    // The evaluation that ends the run is its result; those along the way are progress.
                    let line = EvalCommand.line(e, masked: shell.session.lossIsMasked)
                    if e.step == target || actions.stopReason != nil { shell.output.result(line) } else { shell.output.info(line) }
                    shell.log(MetricsRecord(e))
                }
            },
            shouldStop: { shell.shouldStop() || actions.wantsStop })
    }
}
