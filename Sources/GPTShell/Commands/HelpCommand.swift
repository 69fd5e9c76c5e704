import GPTEngine

extension CommandSpec {
    static let help = CommandSpec(
        ["help"],
        arguments: [ArgumentSpec("COMMAND", .commandWords, optional: true, "a command, with its sub-word if it has one (`help load hf`)")],
        changesSession: .never,
        usage: "help [COMMAND]",
        summary: "list the commands, or explain one",
        details: "Lines are wrapped to the terminal's width (COLUMNS overrides it).",
        example: "help tokenizer bpe",
        handler: HelpCommand.run)
}

enum HelpCommand {
    static func run(_ shell: Shell, _ command: Invocation) throws {
        let parser = shell.parser
        let width = shell.output.terminal.columns()
        let words = command.rest.compactMap(\.textValue)
        guard let name = words.first else {
            let rows = parser.table.map { spec in
                [spec.usage, spec.summary + (spec.aliases.isEmpty ? "" : " (also: \(spec.aliases.joined(separator: ", ")))")]
            }
            Format.table(rows, width: width).forEach(shell.output.result)
            Format.wrap("`help COMMAND` explains one; Ctrl-C stops train and sample; Ctrl-D, `quit` or `exit` leaves.",
                        width: width).forEach(shell.output.result)
            return
        }
        var entries = parser.entries(named: name)
        guard !entries.isEmpty else {
            var message = "no command '\(name)'"
            if let near = closest(to: name, among: parser.commandNames) { message += " (did you mean '\(near)'?)" }
            throw ShellError(message, at: command.rest[0].location)
        }
        if words.count > 1 {
            let exact = entries.filter { $0.words == words }
            guard !exact.isEmpty else {
                let known = entries.compactMap { $0.words.count > 1 ? $0.words[1] : nil }
                var message = "`\(name)` has no sub-command '\(words[1...].joined(separator: " "))'"
                if let near = closest(to: words[1], among: known) { message += " (did you mean '\(name) \(near)'?)" }
                throw ShellError(message + (known.isEmpty ? "" : "; it has: \(known.joined(separator: ", "))"), at: command.rest[1].location)
            }
            entries = exact
        }
        for (i, spec) in entries.enumerated() {
            if i > 0 { shell.output.result("") }
            describe(spec, width: width).forEach(shell.output.result)
        }
    }

    static func describe(_ spec: CommandSpec, width: Int = 80) -> [String] {
        var lines = Format.wrap("usage: \(spec.usage)", width: width) + [""] + Format.wrap(spec.summary + ".", width: width)
        if let details = spec.details { lines += Format.wrap(details, width: width) }
        if !spec.aliases.isEmpty { lines.append("Also: \(spec.aliases.joined(separator: ", ")).") }
        let arguments = spec.arguments.map { a in
            ["  \(a.name)", a.summary + (a.defaultValue.shown.map { " (default: \($0))" } ?? "")]
        }
        var options = spec.options.map { o in
            ["  \(o.name)=\(o.placeholder)", o.summary + (o.defaultValue.shown.map { " (default: \($0))" } ?? "")]
        }
        switch spec.hyperparameters {
        case .none: break
        case .all: options.append(["  KEY=VALUE", "any hyperparameter; `set` lists them"])
        case .runOverrides: options.append(["  KEY=VALUE", "a hyperparameter for this run only; `set` lists them"])
        }
        if !arguments.isEmpty || !options.isEmpty {
            lines.append("")
            lines += Format.table(arguments + options, width: width)
        }
        lines += [""] + Format.wrap("example: \(spec.example)", width: width)
        return lines
    }
}
