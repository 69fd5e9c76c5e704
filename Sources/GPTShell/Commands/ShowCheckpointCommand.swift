import GPTEngine

extension CommandSpec {
    static let showCheckpoint = CommandSpec(
        ["show", "checkpoint"],
        arguments: [ArgumentSpec("PATH", .path, "a checkpoint, any safetensors file, or a Hugging Face model folder")],
        changesSession: .never,
        summary: "what a checkpoint holds, read from its header without loading it",
        details: "The session does not change; tensor data is not read.",
        example: "show checkpoint runs/tales.ckpt",
        handler: { shell, command in
            let path = shell.resolve(command.text("PATH")!)
            let description: CheckpointDescription
            do { description = try describeCheckpoint(path: path) } catch {
                throw ShellError(error, at: command.location(of: "PATH"))
            }
            description.lines.forEach(shell.output.result)
            switch description.importable {
            case .huggingFaceFolder?: shell.output.info("`load hf \(path)` imports it")
            case .huggingFaceWeights?: shell.output.info("`load hf DIR` on the folder holding it with its config.json imports it")
            case nil: break
            }
        })
}
