import Foundation

extension CommandSpec {
    static let save = CommandSpec(
        ["save"],
        arguments: [
            ArgumentSpec("PATH", .path, "the checkpoint file to write"),
            ArgumentSpec(SaveCommand.weightsOnly, .choice([SaveCommand.weightsOnly]), optional: true,
                         "leave out the optimizer state and the run, for sharing"),
        ],
        summary: "save the model, optimizer, tokenizer, settings and step",
        details: """
            One safetensors file, written atomically: a failed or killed save leaves the old file as it was; \
            missing folders are created. \
            `weights-only` writes the parameters, tokenizer and settings alone (a third of the size); \
            loading it starts a fresh optimizer at step 0.
            """,
        example: "save runs/tales.ckpt",
        handler: { shell, command in
            let path = shell.resolve(command.text("PATH")!)
            let weightsOnly = command.text(SaveCommand.weightsOnly) != nil
            let start = DispatchTime.now()
            do { try shell.session.save(path: path, weightsOnly: weightsOnly) } catch {
                throw ShellError(error, at: command.location(of: "PATH"))
            }
            shell.output.info("saved \(weightsOnly ? "the weights at " : "")step \(shell.session.iteration) to \(path) (\(Format.transfer(of: path, since: start)))")
        })
}

enum SaveCommand {
    static let weightsOnly = "weights-only"
}
