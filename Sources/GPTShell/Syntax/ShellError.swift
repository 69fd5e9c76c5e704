import GPTEngine

/// A failure the shell reports as `source:line:column: error: message`.
public struct ShellError: Error, Equatable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String

    public init(_ message: String, at location: SourceLocation) {
        self.message = message
        self.location = location
    }

    /// Gives any error thrown while running a command the location it should be reported at.
    public init(_ error: Error, at location: SourceLocation) {
        if let shellError = error as? ShellError {
            self = shellError
        } else {
            self.init(ShellError.describe(error), at: location)
        }
    }

    public var description: String { "\(location): error: \(message)" }

    static func describe(_ error: Error) -> String {
        switch error {
        case let e as EngineError: return Messages.describe(e)
        case let e as TokenizerError: return Messages.unknownCharacter(in: "the text", e)
        case let e as CustomStringConvertible: return e.description
        default: return "\(error)"
        }
    }
}

/// Thrown by a command whose failure has already been reported (a script run with `run`
/// reports its own errors), so the caller only needs to stop.
public struct AlreadyReported: Error {}
