import GPTEngine

extension CommandSpec {
    static let set = CommandSpec(
        ["set"],
        arguments: [ArgumentSpec("KEY", .hyperparameterKey, optional: true, "a hyperparameter"),
                    ArgumentSpec("VALUE", .hyperparameterValue, optional: true, "its new value")],
        hyperparameters: .all,
        usage: "set [KEY [VALUE]] [KEY=VALUE ...]",
        summary: "change hyperparameters; alone, list them all",
        details: """
            `set` lists every key with its value and default; `set KEY` shows one. Values are checked \
            all together: if one is wrong, none changes. Architecture keys (n_layer, n_head, n_embd, \
            block_size) cannot change under an existing model: `init` a new one after setting them.
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
        do {
            try shell.session.set(assignments.map { ($0.name, $0.value) })
        } catch {
            throw ShellError(error, at: blockingKey(assignments, shell.session) ?? command.location)
        }
        for a in assignments {
            shell.output.info(describe(Hyperparameters.spec(named: a.name)!, in: shell.session.hyper, withSummary: false))
        }
    }

    /// The architecture key an existing model refuses, to point the error at it.
    private static func blockingKey(_ assignments: [Invocation.Assignment], _ session: Session) -> SourceLocation? {
        guard session.model != nil else { return nil }
        return assignments.first {
            let spec = Hyperparameters.spec(named: $0.name)!
            return spec.isArchitecture && spec.value(in: session.hyper) != $0.value
        }?.keyLocation
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
