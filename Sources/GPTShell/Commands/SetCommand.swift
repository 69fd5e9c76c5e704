import GPTEngine

extension CommandSpec {
    static let set = CommandSpec(
        ["set"],
        arguments: [ArgumentSpec("KEY", .hyperparameterKey, optional: true, "a hyperparameter"),
                    ArgumentSpec("VALUE", .hyperparameterValue, optional: true, "its new value")],
        hyperparameters: .all,
        changesSession: .when { !$0.assignments.isEmpty || $0.given("VALUE") },
        usage: "set [KEY [VALUE]] [KEY=VALUE ...]",
        summary: "change hyperparameters; alone, list them all",
        details: """
            `set` lists every key with its value and default; `set KEY` shows one. Values are checked \
            all together: if one is wrong, none changes. Architecture keys (n_layer, n_head, n_embd, \
            block_size) may change under an existing model, which keeps its shape until `init` builds \
            the new one. Settings given on the command line (`gptsh --set KEY=VALUE`) win over the \
            script's own.
            """,
        example: "set n_layer=2 n_embd=64 lr=3e-4",
        handler: SetCommand.run)
}

enum SetCommand {
    static func run(_ shell: Shell, _ command: Invocation) throws {
        var assignments = command.assignments
        if let key = command.text("KEY") {
            let spec = Hyperparameters.spec(named: key)!
            guard let value = command.real("VALUE") else {
                guard assignments.isEmpty else {
                    throw ShellError("\(key) needs a value; write `set \(key) VALUE` or `set \(key)=VALUE`", at: command.location(of: "KEY"))
                }
                shell.output.result(describe(spec, in: shell.session.hyper))
                return
            }
            if let first = assignments.first {
                throw ShellError("write either `set KEY VALUE` or `set KEY=VALUE ...`, not both", at: first.keyLocation)
            }
            do { _ = try spec.validate(value) } catch { throw ShellError(error, at: command.location(of: "VALUE")) }
            assignments = [Invocation.Assignment(name: spec.name, value: value, keyLocation: command.location(of: "KEY"),
                                                 valueLocation: command.location(of: "VALUE"))]
        }
        guard !assignments.isEmpty else {
            list(shell)
            return
        }
        try apply(assignments, in: shell, at: command.location)
    }

    /// Sets `assignments`, the command line's own settings winning, and says what changed and
    /// what looks unintended.
    static func apply(_ assignments: [Invocation.Assignment], in shell: Shell, at location: SourceLocation) throws {
        let session = shell.session
        let effective = assignments.map { a in (a.name, shell.commandLineSettings[a.name] ?? a.value) }
        do { try session.set(effective) } catch { throw ShellError(error, at: location) }
        if assignments.contains(where: { shell.commandLineSettings[$0.name] != nil }) {
            shell.history.replay(line: "set " + effective.map { name, value in
                "\(name)=\(Hyperparameters.spec(named: name)!.format(value))"
            }.joined(separator: " "))
        }
        for a in assignments {
            var line = describe(Hyperparameters.spec(named: a.name)!, in: session.hyper, withSummary: false)
            if shell.commandLineSettings[a.name] != nil { line += ", from the command line" }
            shell.output.info(line)
        }
        let changed = Set(assignments.map(\.name))
        let pending = session.pendingArchitecture.filter(changed.contains)
        if !pending.isEmpty, let model = session.model {
            let c = model.config
            shell.output.info("the model keeps its shape (\(Format.counted(c.nLayer, "layer")), \(Format.counted(c.nHead, "head")), \(c.nEmbd) wide, block \(c.blockSize)) "
                + "until `init` builds a new one with the new \(pending.joined(separator: ", "))")
        }
        for doubt in session.hyper.doubts where !doubt.keys.isDisjoint(with: changed) {
            shell.output.warning(Messages.doubt(doubt), at: location)
        }
    }

    static func describe(_ spec: HyperparameterSpec, in h: Hyperparameters, withSummary: Bool = true) -> String {
        let line = "\(spec.name) = \(spec.format(spec.value(in: h))) (default \(spec.format(spec.value(in: Hyperparameters()))))"
        return withSummary ? line + ": \(spec.summary)" : line
    }

    private static func list(_ shell: Shell) {
        let h = shell.session.hyper, defaults = Hyperparameters()
        var rows = [["KEY", "VALUE", "DEFAULT", "DESCRIPTION"]]
        for spec in Hyperparameters.specs {
            let name = spec.aliases.isEmpty ? spec.name : "\(spec.name) (\(spec.aliases.joined(separator: ", ")))"
            let value = spec.format(spec.value(in: h))
            let changed = spec.value(in: h) != spec.value(in: defaults)
            rows.append([name, changed ? value + " *" : value, spec.format(spec.value(in: defaults)), spec.summary])
        }
        Format.table(rows).forEach(shell.output.result)
    }
}
