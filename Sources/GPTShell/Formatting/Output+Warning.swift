extension Output {
    /// Something the user should know that did not stop the command, placed like an error
    /// (`source:line:column: warning: ...`) so it can be traced to the line that caused it.
    public func warning(_ message: String, at location: SourceLocation) {
        note("\(location): warning: \(message)")
    }
}
