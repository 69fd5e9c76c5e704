import Foundation
import GPTEngine

extension CommandSpec {
    static let loadCheckpoint = CommandSpec(
        ["load"],
        arguments: [ArgumentSpec("PATH", .path, "a checkpoint written by `save`")],
        options: [OptionSpec("schedule", .choice(["continue", "restart"]), "continue|restart", default: .value(.text("continue")),
                             "continue: go on where it stopped (nanoGPT's init_from='resume'); restart: step 0, warmup and decay over again, fresh AdamW moments, for fine-tuning (init_from='gpt2')")],
        summary: "restore a session saved with `save`",
        details: """
            Everything is checked before anything changes: a bad file is an error and leaves the session \
            as it was. A corpus that differs from the one the checkpoint was trained on is a warning. \
            To fine-tune on another text, `load corpus` it (the model keeps its tokenizer; a character \
            it lacks is an error naming its line and column) and `train`; schedule=restart starts the \
            step count over, as `load hf` always does. `load corpus PATH` reads a text corpus; \
            `load hf DIR` imports a Hugging Face GPT-2 folder.
            """,
        example: "load runs/tales.ckpt",
        handler: { shell, command in
            let path = shell.resolve(command.text("PATH")!)
            let report: LoadReport
            let start = DispatchTime.now()
            let restart = command.text("schedule") == "restart"
            do { report = try shell.session.load(path: path, restartSchedule: restart) } catch { throw ShellError(error, at: command.location(of: "PATH")) }
            for warning in report.warnings { shell.output.warning(Messages.loadWarning(warning), at: command.location(of: "PATH")) }
            let what = report.restarted ? "schedule restarted, fresh optimizer at " : report.weightsOnly ? "weights only, fresh optimizer at " : ""
            shell.output.info("loaded \(path): \(Format.grouped(report.parameters)) parameters, \(what)step \(report.iteration) (\(Format.transfer(of: path, since: start)))")
        })
}
