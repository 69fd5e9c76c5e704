extension CommandSpec {
    static let loadCheckpoint = CommandSpec(
        ["load"],
        arguments: [ArgumentSpec("PATH", .path, "a checkpoint written by `save`")],
        summary: "restore a session saved with `save`",
        details: "`load corpus PATH` reads a text corpus instead.",
        example: "load runs/tales.ckpt",
        handler: { shell, command in
            let path = shell.resolve(command.text("PATH")!)
            do { try shell.session.load(path: path) } catch { throw ShellError(error, at: command.location(of: "PATH")) }
            let parameters = shell.session.model.map { Format.grouped($0.parameterCount) + " parameters, " } ?? ""
            shell.output.info("loaded \(path): \(parameters)step \(shell.session.iteration)")
        })
}
