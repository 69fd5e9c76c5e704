import GPTEngine

/// `QUANTITY OP NUMBER` about the session, as `assert` checks it and `train until=` waits for it.
struct Condition {
    static let quantities: [(String, (Session) -> Double?)] = [
        ("train_loss", { $0.metrics.lastTrainLoss.map(Double.init) }),
        ("val_loss", { $0.metrics.lastValLoss.map(Double.init) }),
        ("step", { Double($0.iteration) }),
        ("vocab_size", { $0.tokenizer.map { Double($0.vocabSize) } }),
        ("params", { $0.model.map { Double($0.parameterCount) } }),
    ]

    static var quantityNames: [String] { quantities.map(\.0) }

    let quantity: String
    let measure: (Session) -> Double?
    let comparison: Comparison
    let bound: Double
    /// The bound as written, to be shown back the same way.
    let boundText: String
    let quantityLocation: SourceLocation

    /// `form` says how to write the condition where it is used, for the errors.
    init(_ t: [Token], end: SourceLocation, form: String) throws {
        guard t.count == 3 else {
            throw ShellError(form, at: t.count > 3 ? t[3].location : end)
        }
        guard t[0].kind == .word, let known = Self.quantities.first(where: { $0.0 == t[0].text }) else {
            var message = "unknown quantity '\(t[0].text)'"
            if let near = closest(to: t[0].text, among: Self.quantityNames) { message += " (did you mean '\(near)'?)" }
            throw ShellError(message + "; known: \(Self.quantityNames.joined(separator: ", "))", at: t[0].location)
        }
        if t[1].kind == .equals { throw ShellError("use '==' to compare", at: t[1].location) }
        guard case .comparison(let op) = t[1].kind else {
            throw ShellError("expected a comparison (< <= > >= ==) after \(known.0); \(form)", at: t[1].location)
        }
        quantity = known.0
        measure = known.1
        comparison = op
        bound = try Check.number(t[2], named: "the bound")
        boundText = t[2].text
        quantityLocation = t[0].location
    }

    var text: String { "\(quantity) \(comparison.rawValue) \(boundText)" }

    /// Why `quantity` can never be measured in this session as it stands, or nil if it can.
    static func unmeasurable(_ quantity: String, in session: Session) -> String? {
        guard quantity == "val_loss", session.isEncoded, let short = session.shortfall(.val) else { return nil }
        return "there is no validation loss: the validation text has \(Format.counted(short.tokens, "token")), "
            + "fewer than the \(short.needed) one window of block_size \(short.needed - 1) needs (load the corpus with a larger val=)"
    }

    /// The quantity now, or nil while it is not measured yet.
    func value(in session: Session) -> Double? { measure(session) }

    func holds(in session: Session) -> Bool {
        guard let v = value(in: session) else { return false }
        return comparison.holds(v, bound)
    }

    /// The value as the shell shows that quantity: losses with four decimals.
    func shown(_ v: Double) -> String {
        quantity.hasSuffix("loss") ? Format.loss(Float(v)) : Format.number(v)
    }
}
