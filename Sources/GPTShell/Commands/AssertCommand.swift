import GPTEngine

extension CommandSpec {
    static let assert = CommandSpec(
        ["assert"],
        arguments: [ArgumentSpec("EXPR", .expression, "QUANTITY OP NUMBER")],
        usage: "assert QUANTITY OP NUMBER",
        summary: "fail unless a condition holds (for CI scripts)",
        details: "QUANTITY is one of \(Condition.quantityNames.joined(separator: ", ")); OP is one of < <= > >= ==. train_loss and val_loss are the latest measured.",
        example: "assert val_loss < 2.0",
        handler: AssertCommand.run)
}

enum AssertCommand {
    static func run(_ shell: Shell, _ command: Invocation) throws {
        let condition = try Condition(command.rest, end: command.end,
                                      form: "write `assert QUANTITY OP NUMBER`, e.g. `assert val_loss < 2.0`")
        guard let actual = condition.value(in: shell.session) else {
            if let reason = Condition.unmeasurable(condition.quantity, in: shell.session) {
                throw ShellError(reason, at: condition.quantityLocation)
            }
            throw ShellError("\(condition.quantity) is not known yet: \(hint(for: condition.quantity))", at: condition.quantityLocation)
        }
        guard condition.comparison.holds(actual, condition.bound) else {
            throw ShellError("assertion failed: \(condition.text): \(condition.quantity) is \(condition.shown(actual))", at: command.location)
        }
        shell.output.info("ok: \(condition.quantity) = \(condition.shown(actual)) \(condition.comparison.rawValue) \(condition.boundText)")
    }

    private static func hint(for quantity: String) -> String {
        switch quantity {
        case "vocab_size": return "run `tokenizer char` first"
        case "params": return "run `init` first"
        default: return "run `train` or `eval` first"
        }
    }
}
