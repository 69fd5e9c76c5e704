import GPTEngine

extension CommandSpec {
    static let assert = CommandSpec(
        ["assert"],
        arguments: [ArgumentSpec("EXPR", .expression, "QUANTITY OP NUMBER")],
        usage: "assert QUANTITY OP NUMBER",
        summary: "fail unless a condition holds (for CI scripts)",
        details: "QUANTITY is one of \(AssertCommand.quantityNames.joined(separator: ", ")); OP is one of < <= > >= ==. train_loss and val_loss are the latest measured.",
        example: "assert val_loss < 2.0",
        handler: AssertCommand.run)
}

enum AssertCommand {
    static let quantities: [(String, (Session) -> Double?)] = [
        ("train_loss", { $0.metrics.lastTrainLoss.map(Double.init) }),
        ("val_loss", { $0.metrics.lastValLoss.map(Double.init) }),
        ("step", { Double($0.iteration) }),
        ("vocab_size", { $0.tokenizer.map { Double($0.vocabSize) } }),
        ("params", { $0.model.map { Double($0.parameterCount) } }),
    ]

    static var quantityNames: [String] { quantities.map(\.0) }

    static func run(_ shell: Shell, _ command: Invocation) throws {
        let form = "write `assert QUANTITY OP NUMBER`, e.g. `assert val_loss < 2.0`"
        let t = command.rest
        guard t.count == 3 else {
            throw ShellError(form, at: t.count > 3 ? t[3].location : command.end)
        }
        guard t[0].kind == .word, let quantity = quantities.first(where: { $0.0 == t[0].text }) else {
            var message = "unknown quantity '\(t[0].text)'"
            if let near = closest(to: t[0].text, among: quantityNames) { message += " (did you mean '\(near)'?)" }
            throw ShellError(message + "; known: \(quantityNames.joined(separator: ", "))", at: t[0].location)
        }
        if t[1].kind == .equals { throw ShellError("use '==' to compare", at: t[1].location) }
        guard case .comparison(let op) = t[1].kind else {
            throw ShellError("expected a comparison (< <= > >= ==) after \(quantity.0); \(form)", at: t[1].location)
        }
        let bound = try Check.number(t[2], named: "the bound")
        guard let actual = quantity.1(shell.session) else {
            throw ShellError("\(quantity.0) is not known yet: \(hint(for: quantity.0))", at: t[0].location)
        }
        let shown = quantity.0.hasSuffix("loss") ? String(Format.loss(Float(actual))) : Format.number(actual)
        guard op.holds(actual, bound) else {
            throw ShellError("assertion failed: \(quantity.0) \(op.rawValue) \(t[2].text): \(quantity.0) is \(shown)", at: command.location)
        }
        shell.output.info("ok: \(quantity.0) = \(shown) \(op.rawValue) \(t[2].text)")
    }

    private static func hint(for quantity: String) -> String {
        switch quantity {
        case "vocab_size": return "run `tokenizer char` first"
        case "params": return "run `init` first"
        default: return "run `train` or `eval` first"
        }
    }
}
