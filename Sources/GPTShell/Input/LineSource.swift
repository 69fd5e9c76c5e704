/// One physical line of input, or why there is none.
public enum InputLine: Equatable {
    case line(String, number: Int)
    case end
    case failure(ShellError)
    /// Ctrl-C while waiting for input.
    case interrupted
}

/// Where commands come from: a script file, stdin, a `-c` argument or the prompt.
public protocol LineSource: AnyObject {
    /// The name errors are reported under: a path, `<stdin>` or `<command>`.
    var name: String { get }
    /// `continuing` is true when the previous line ended in `\` (the prompt shows it).
    func nextLine(continuing: Bool) -> InputLine
}
