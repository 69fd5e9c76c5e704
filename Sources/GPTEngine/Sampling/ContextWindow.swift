/// The tokens a model sees while generating past its block size. Keeping the last
/// `block_size − 1` tokens (nanoGPT's rule) shifts every position at every token, which makes a
/// key/value cache useless; instead, when the window is full it restarts from its last half, so
/// the cache is rebuilt once per `block_size / 2` tokens. Cached and uncached generation both
/// follow this rule, which is what lets them be compared token for token.
public enum ContextWindow {
    static func keep(_ blockSize: Int) -> Int { max(1, blockSize / 2) }

    /// What a prompt of any length leaves in view.
    public static func start(_ prompt: [Int32], blockSize: Int) -> [Int32] {
        prompt.count <= blockSize ? prompt : Array(prompt.suffix(keep(blockSize)))
    }

    /// The window after `token` is generated.
    public static func advance(_ held: inout [Int32], with token: Int32, blockSize: Int) {
        if held.count >= blockSize { held.removeFirst(held.count - (keep(blockSize) - 1)) }
        held.append(token)
    }
}
