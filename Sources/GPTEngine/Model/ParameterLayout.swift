/// Where each named parameter tensor lives inside the one contiguous parameter buffer.
///
/// Names follow Hugging Face's GPT-2 (`h.0.attn.c_attn.weight`); linear weights are stored
/// as (out, in) like `torch.nn.Linear`, so exporting to GPT-2's Conv1D (in, out) layout is a
/// transpose of the four projection matrices and nothing else.
public struct ParameterLayout: Sendable {
    public struct Entry: Sendable, Equatable {
        public let name: String
        public let shape: [Int]
        public let offset: Int
        public var count: Int { shape.reduce(1, *) }
        /// AdamW decays matrices and embeddings, never biases or LayerNorm parameters.
        public var decays: Bool { shape.count >= 2 }
    }

    /// Offsets of one transformer block's tensors; the biases are nil with `bias` false.
    public struct Block: Sendable {
        public let ln1w: Int, ln1b: Int?, qkvw: Int, qkvb: Int?, attprojw: Int, attprojb: Int?
        public let ln2w: Int, ln2b: Int?, fcw: Int, fcb: Int?, fcprojw: Int, fcprojb: Int?
    }

    public let config: GPTConfig
    public let entries: [Entry]
    public let count: Int
    public let wte: Int
    public let wpe: Int
    public let blocks: [Block]
    public let lnfw: Int
    public let lnfb: Int?

    public init(config: GPTConfig) {
        let V = config.vocabSize, T = config.blockSize, C = config.nEmbd
        var entries: [Entry] = []
        var offset = 0
        func add(_ name: String, _ shape: [Int]) -> Int {
            let e = Entry(name: name, shape: shape, offset: offset)
            entries.append(e)
            offset += e.count
            return e.offset
        }
        func bias(_ name: String, _ shape: [Int]) -> Int? {
            config.bias ? add(name, shape) : nil
        }
        wte = add("wte.weight", [V, C])
        wpe = add("wpe.weight", [T, C])
        var blocks: [Block] = []
        for l in 0..<config.nLayer {
            let p = "h.\(l)."
            blocks.append(Block(
                ln1w: add(p + "ln_1.weight", [C]), ln1b: bias(p + "ln_1.bias", [C]),
                qkvw: add(p + "attn.c_attn.weight", [3 * C, C]), qkvb: bias(p + "attn.c_attn.bias", [3 * C]),
                attprojw: add(p + "attn.c_proj.weight", [C, C]), attprojb: bias(p + "attn.c_proj.bias", [C]),
                ln2w: add(p + "ln_2.weight", [C]), ln2b: bias(p + "ln_2.bias", [C]),
                fcw: add(p + "mlp.c_fc.weight", [4 * C, C]), fcb: bias(p + "mlp.c_fc.bias", [4 * C]),
                fcprojw: add(p + "mlp.c_proj.weight", [C, 4 * C]), fcprojb: bias(p + "mlp.c_proj.bias", [C])))
        }
        self.blocks = blocks
        lnfw = add("ln_f.weight", [C])
        lnfb = bias("ln_f.bias", [C])
        self.entries = entries
        self.count = offset
        self.config = config
    }

    public func entry(named name: String) -> Entry? {
        entries.first { $0.name == name }
    }
}
