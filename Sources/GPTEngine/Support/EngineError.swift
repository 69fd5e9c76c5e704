/// Errors the engine reports; the shell adds the source location.
public enum EngineError: Error, Equatable, CustomStringConvertible {
    case invalidConfig(String)
    case invalidArgument(String)
    case state(String)
    case io(String)
    case format(String)
    case diverged(String)

    public var description: String {
        switch self {
        case .invalidConfig(let m), .invalidArgument(let m), .state(let m), .io(let m), .format(let m), .diverged(let m):
            return m
        }
    }
}
