extension CommandSpec {
    static let save = CommandSpec(
        ["save"],
        arguments: [ArgumentSpec("PATH", .path, "the checkpoint file to write")],
        summary: "save the model, optimizer, tokenizer, settings and step",
        example: "save runs/tales.ckpt",
        handler: { shell, command in
            let path = shell.resolve(command.text("PATH")!)
            do { try shell.session.save(path: path) } catch { throw ShellError(error, at: command.location(of: "PATH")) }
            shell.output.info("saved step \(shell.session.iteration) to \(path)")
        })
}
