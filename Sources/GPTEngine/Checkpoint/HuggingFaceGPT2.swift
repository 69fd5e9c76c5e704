/// How gptsh's parameters sit in a Hugging Face GPT-2 `model.safetensors`.
///
/// The names are gptsh's under a prefix: `save_pretrained` writes `transformer.` (the body of
/// `GPT2LMHeadModel`), the original OpenAI conversions such as the hub's `gpt2` write none.
/// GPT-2 computes its four projections with `Conv1D`, whose weight is (in, out): the transpose
/// of gptsh's (out, in).
enum HuggingFaceGPT2 {
    static let modelFileName = "model.safetensors"
    /// Exports use it, so the file is exactly what `save_pretrained` would have written.
    static let prefix = "transformer."
    /// Present in checkpoints whose head is stored rather than tied.
    static let lmHead = "lm_head.weight"

    private static let conv1DSuffixes = [".attn.c_attn.weight", ".attn.c_proj.weight", ".mlp.c_fc.weight", ".mlp.c_proj.weight"]

    static func isConv1D(_ name: String) -> Bool {
        conv1DSuffixes.contains { name.hasSuffix($0) }
    }

    /// The shape a gptsh tensor has in a Hugging Face file.
    static func shape(of entry: ParameterLayout.Entry) -> [Int] {
        isConv1D(entry.name) ? entry.shape.reversed() : entry.shape
    }

    /// The causal-mask buffers (`h.N.attn.bias`, `h.N.attn.masked_bias`) older transformers
    /// saved with the weights; gptsh builds its mask in the kernel.
    static func isMaskBuffer(_ name: String, prefix: String) -> Bool {
        guard name.hasPrefix(prefix + "h.") else { return false }
        return name.hasSuffix(".attn.bias") || name.hasSuffix(".attn.masked_bias")
    }
}

/// Writes the (cols, rows) transpose of the row-major (rows, cols) matrix `src` into `dst`.
/// Tiled, so both sides are read and written a cache line at a time.
func transpose(_ src: UnsafePointer<Float>, rows: Int, cols: Int, into dst: UnsafeMutablePointer<Float>) {
    let tile = 32
    for r0 in stride(from: 0, to: rows, by: tile) {
        for c0 in stride(from: 0, to: cols, by: tile) {
            for r in r0..<min(r0 + tile, rows) {
                for c in c0..<min(c0 + tile, cols) {
                    dst[c * rows + r] = src[r * cols + c]
                }
            }
        }
    }
}
