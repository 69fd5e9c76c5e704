import GPTEngine

extension CommandSpec {
    static let help = CommandSpec(
        ["help"],
        arguments: [ArgumentSpec("COMMAND", .path, optional: true, "a command name")],
        summary: "list the commands, or explain one",
        example: "help train",
        handler: HelpCommand.run)
}

enum HelpCommand {
    static func run(_ shell: Shell, _ command: Invocation) throws {
        let parser = shell.parser
        guard let name = command.text("COMMAND") else {
            Format.table(parser.table.map { [$0.usage, $0.summary] }).forEach(shell.output.result)
            shell.output.result("`help COMMAND` explains one; Ctrl-C stops train and sample; Ctrl-D or `quit` leaves.")
            return
        }
        let entries = parser.entries(named: name)
        guard !entries.isEmpty else {
            var message = "no command '\(name)'"
            if let near = closest(to: name, among: parser.commandNames) { message += " (did you mean '\(near)'?)" }
            throw ShellError(message, at: command.location(of: "COMMAND"))
        }
        for (i, spec) in entries.enumerated() {
            if i > 0 { shell.output.result("") }
            describe(spec).forEach(shell.output.result)
        }
    }

    static func describe(_ spec: CommandSpec) -> [String] {
        var lines = ["usage: \(spec.usage)", "", spec.summary + "."]
        if let details = spec.details { lines.append(details) }
        if !spec.aliases.isEmpty { lines.append("Also: \(spec.aliases.joined(separator: ", ")).") }
        let arguments = spec.arguments.map { ["  \($0.name)", $0.summary] }
        var options = spec.options.map { o in
            ["  \(o.name)=\(o.placeholder)", o.summary + (o.defaultValue.map { " (default: \($0))" } ?? "")]
        }
        switch spec.hyperparameters {
        case .none: break
        case .all: options.append(["  KEY=VALUE", "any hyperparameter; `set` lists them"])
        case .runOverrides: options.append(["  KEY=VALUE", "a hyperparameter for this run only; `set` lists them"])
        }
        if !arguments.isEmpty || !options.isEmpty {
            lines.append("")
            lines += Format.table(arguments + options)
        }
        lines += ["", "example: \(spec.example)"]
        return lines
    }
}
