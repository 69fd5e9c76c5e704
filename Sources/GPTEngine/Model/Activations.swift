/// Every activation the forward pass keeps for the backward pass, plus the gradient
/// scratch the backward pass needs, carved out of one allocation made once for the largest
/// (B, T). A step with smaller B or T uses the front of each region.
///
/// The list in `init(…, storage:)` is the only description of the layout: it is walked once
/// over no memory to count the floats, then over the allocation (llm.c's
/// fill_in_activation_sizes, without a second list to keep in step).
import GPTKernels

final class Activations {
    struct Layer {
        let ln1Mean, ln1Rstd, qkv, res2, ln2Mean, ln2Rstd, fch, res3: UnsafeMutablePointer<Float>
        /// The inputs of products, in the products' precision (half the memory in bfloat16).
        let ln1, atty, ln2, fchGelu: Rows
        /// Each attention row's max and 1/Σ, from which backward recomputes the probabilities.
        let attStats: UnsafeMutablePointer<Float>
        /// The attention probabilities (B,H,T,T), kept only for `show attention`.
        let probabilities: UnsafeMutablePointer<Float>?
        /// Dropout's masks: of the attention probabilities and of the two residual branches.
        let attMask, attProjMask, mlpMask: UnsafeMutablePointer<Float>
    }

    let maxB: Int
    let maxT: Int
    let threads: Int
    let training: Bool
    let keepsProbabilities: Bool
    /// The blocks share one block's activations but for their outputs (see GPT.recompute).
    let recompute: Bool
    let precision: Precision
    /// Whether there is room for dropout's masks; without, they take no memory.
    let dropout: Bool
    /// Floats the layout takes.
    let floatCount: Int
    private let storage: FloatBuffer?
    let encoded, encodedMask: UnsafeMutablePointer<Float>
    let layers: [Layer]
    let lnfMean, lnfRstd, logits, losses: UnsafeMutablePointer<Float>
    let lnf: Rows
    /// In bfloat16, attention's float32 output before it is rounded into a layer's `atty`.
    let attyFloat: UnsafeMutablePointer<Float>
    // Gradient scratch, reused by every layer of the backward pass; empty when not `training`.
    let dres, dln, dqkv, datty, dfch, dmasked: UnsafeMutablePointer<Float>
    let lnScratch: UnsafeMutablePointer<Float>
    /// The attention kernels' per-thread scratch, for the forward pass too.
    let attScratch: UnsafeMutablePointer<Float>
    /// In bfloat16, a backward product's output gradient rounded once for its two products.
    let doutLow: UnsafeMutablePointer<UInt16>?
    let idx: UnsafeMutablePointer<Int32>
    let targets: UnsafeMutablePointer<Int32>

    /// Activations for B sequences of up to T positions. Without `training`, only what a
    /// forward pass needs (the key/value cache of generation is made this way); with
    /// `keepsProbabilities`, also every layer's attention probabilities.
    convenience init(config: GPTConfig, B: Int, T: Int, threads: Int, training: Bool = true, dropout: Bool = false,
                     precision: Precision = .float32, keepsProbabilities: Bool = false, recompute: Bool = false) {
        let floats = Activations.floatCount(config: config, B: B, T: T, threads: threads, training: training,
                                            dropout: dropout, precision: precision, keepsProbabilities: keepsProbabilities,
                                            recompute: recompute)
        self.init(config: config, B: B, T: T, threads: threads, training: training, dropout: dropout,
                  precision: precision, keepsProbabilities: keepsProbabilities, recompute: recompute,
                  storage: FloatBuffer(count: floats))
    }

    /// The floats the layout needs, without allocating them: for memory estimates.
    static func floatCount(config: GPTConfig, B: Int, T: Int, threads: Int, training: Bool, dropout: Bool = false,
                           precision: Precision = .float32, keepsProbabilities: Bool = false,
                           recompute: Bool = false) -> Int {
        Activations(config: config, B: B, T: T, threads: threads, training: training, dropout: dropout,
                    precision: precision, keepsProbabilities: keepsProbabilities, recompute: recompute,
                    storage: nil).floatCount
    }

    private init(config: GPTConfig, B: Int, T: Int, threads: Int, training: Bool, dropout: Bool,
                 precision: Precision, keepsProbabilities: Bool, recompute: Bool, storage: FloatBuffer?) {
        let C = config.nEmbd, NH = config.nHead, V = config.vocabSize, L = config.nLayer
        let BT = B * T
        // Counting walks from a base that is never dereferenced.
        let base = storage?.pointer ?? UnsafeMutablePointer<Float>(bitPattern: 64)!
        var cursor = base
        func take(_ n: Int) -> UnsafeMutablePointer<Float> {
            defer { cursor += n }
            return cursor
        }
        func scratch(_ n: Int) -> UnsafeMutablePointer<Float> { take(training ? n : 0) }
        func mask(_ n: Int) -> UnsafeMutablePointer<Float> { take(dropout ? n : 0) }
        let low = precision == .bfloat16
        // A product's operand: two bfloat16 elements to a float of the allocation.
        func operand(_ n: Int) -> Rows { Rows(UnsafeMutableRawPointer(take(low ? (n + 1) / 2 : n)), precision) }
        maxB = B
        maxT = T
        self.threads = threads
        self.training = training
        self.keepsProbabilities = keepsProbabilities
        self.recompute = recompute && training
        self.dropout = dropout
        self.precision = precision
        encoded = take(BT * C)
        encodedMask = mask(BT * C)
        var layers: [Layer] = []
        for _ in 0..<L {
            // With recompute, every block but its output and its dropout masks lives in block 0's room.
            let shared = self.recompute ? layers.first : nil
            layers.append(Layer(
                ln1Mean: shared?.ln1Mean ?? take(BT), ln1Rstd: shared?.ln1Rstd ?? take(BT),
                qkv: shared?.qkv ?? take(BT * 3 * C), res2: shared?.res2 ?? take(BT * C),
                ln2Mean: shared?.ln2Mean ?? take(BT), ln2Rstd: shared?.ln2Rstd ?? take(BT),
                fch: shared?.fch ?? take(BT * 4 * C), res3: take(BT * C),
                ln1: shared?.ln1 ?? operand(BT * C), atty: shared?.atty ?? operand(BT * C),
                ln2: shared?.ln2 ?? operand(BT * C), fchGelu: shared?.fchGelu ?? operand(BT * 4 * C),
                attStats: shared?.attStats ?? scratch(B * NH * T * 2),
                probabilities: keepsProbabilities ? take(B * NH * T * T) : nil,
                attMask: mask(B * NH * T * T), attProjMask: mask(BT * C), mlpMask: mask(BT * C)))
        }
        self.layers = layers
        lnf = operand(BT * C)
        attyFloat = take(low ? BT * C : 0)
        lnfMean = take(BT)
        lnfRstd = take(BT)
        logits = take(BT * V)
        losses = take(BT)
        dres = scratch(BT * C)
        dln = scratch(BT * C)
        datty = scratch(BT * C)
        dqkv = scratch(BT * 3 * C)
        dfch = scratch(BT * 4 * C)
        dmasked = dropout ? scratch(BT * C) : take(0)
        lnScratch = scratch(threads * 2 * C)
        attScratch = take(threads * attentionScratch(T: T, hs: C / NH))
        let lowGradient = low && training ? operand(BT * max(V, 4 * C)).low : nil
        doutLow = lowGradient
        floatCount = cursor - base
        self.storage = storage
        let ids = storage == nil ? 0 : BT
        idx = .allocate(capacity: ids)
        targets = .allocate(capacity: ids)
    }

    deinit {
        idx.deallocate()
        targets.deallocate()
    }
}
