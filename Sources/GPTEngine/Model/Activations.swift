/// Every activation the forward pass keeps for the backward pass, plus the gradient
/// scratch the backward pass needs, carved out of one allocation made once for the largest
/// (B, T). A step with smaller B or T uses the front of each region.
final class Activations {
    struct Layer {
        let ln1, ln1Mean, ln1Rstd, qkv, atty, att, res2, ln2, ln2Mean, ln2Rstd, fch, fchGelu, res3: UnsafeMutablePointer<Float>
    }

    let maxB: Int
    let maxT: Int
    let threads: Int
    private let storage: FloatBuffer
    let encoded: UnsafeMutablePointer<Float>
    let layers: [Layer]
    let lnf, lnfMean, lnfRstd, logits, losses: UnsafeMutablePointer<Float>
    // Gradient scratch, reused by every layer of the backward pass.
    let dres, dln, dqkv, datty, dfch: UnsafeMutablePointer<Float>
    let lnScratch, attScratch: UnsafeMutablePointer<Float>
    let idx: UnsafeMutablePointer<Int32>
    let targets: UnsafeMutablePointer<Int32>

    init(config: GPTConfig, B: Int, T: Int, threads: Int) {
        let C = config.nEmbd, NH = config.nHead, V = config.vocabSize, L = config.nLayer
        let BT = B * T
        let perLayer = BT * (C * 6 + 4 + 3 * C + 8 * C) + B * NH * T * T
        let total = BT * C + L * perLayer + BT * (C + 2 + V + 1)
            + BT * (C * 3 + 3 * C + 4 * C) + threads * (2 * C + T * T)
        storage = FloatBuffer(count: total)
        var cursor = storage.pointer
        func take(_ n: Int) -> UnsafeMutablePointer<Float> {
            defer { cursor += n }
            return cursor
        }
        maxB = B
        self.threads = threads
        maxT = T
        encoded = take(BT * C)
        var layers: [Layer] = []
        for _ in 0..<L {
            layers.append(Layer(
                ln1: take(BT * C), ln1Mean: take(BT), ln1Rstd: take(BT), qkv: take(BT * 3 * C),
                atty: take(BT * C), att: take(B * NH * T * T), res2: take(BT * C),
                ln2: take(BT * C), ln2Mean: take(BT), ln2Rstd: take(BT),
                fch: take(BT * 4 * C), fchGelu: take(BT * 4 * C), res3: take(BT * C)))
        }
        self.layers = layers
        lnf = take(BT * C)
        lnfMean = take(BT)
        lnfRstd = take(BT)
        logits = take(BT * V)
        losses = take(BT)
        dres = take(BT * C)
        dln = take(BT * C)
        datty = take(BT * C)
        dqkv = take(BT * 3 * C)
        dfch = take(BT * 4 * C)
        lnScratch = take(threads * 2 * C)
        attScratch = take(threads * T * T)
        precondition(cursor - storage.pointer <= total)
        idx = .allocate(capacity: BT)
        targets = .allocate(capacity: BT)
    }

    deinit {
        idx.deallocate()
        targets.deallocate()
    }

    var floatCount: Int { storage.count }
}
