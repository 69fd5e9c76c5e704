import GPTEngine

extension Shell {
    /// Runs engine work that polls `shouldStop`. A stop leaves the session as it was; it is
    /// reported as `train`'s is and ends the script, and nil tells the command to say no more.
    func interruptible<T>(_ what: String, _ work: () throws -> T) throws -> T? {
        do {
            return try work()
        } catch EngineError.interrupted {
            output.note("interrupted: \(what) stopped; the session is as it was")
            noteInterrupted()
            return nil
        }
    }
}
