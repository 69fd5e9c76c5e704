import CBLAS
import Foundation

/// Single-sequence inference with a key/value cache: each new token costs one position's pass
/// over the cached keys and values instead of a pass over the whole window.
///
/// GPT-2's learned absolute positions are baked into every cached key and value, so a window
/// cannot slide by one without recomputing it all. `ContextWindow` says what the model sees;
/// when the window is full the cache is rebuilt for the shorter one in one batched pass.
final class KVCache {
    let model: GPT
    let config: GPTConfig
    /// Per layer: keys then values, each (blockSize, C).
    private let keys: [UnsafeMutablePointer<Float>]
    private let values: [UnsafeMutablePointer<Float>]
    private let storage: FloatBuffer
    // One position's activations.
    private let x, ln, qkv, atty, fch, scores, logitsBuffer: UnsafeMutablePointer<Float>
    private(set) var tokens: [Int32] = []

    init(model: GPT) {
        self.model = model
        config = model.config
        let C = config.nEmbd, T = config.blockSize, L = config.nLayer, V = config.vocabSize
        storage = FloatBuffer(count: 2 * L * T * C + C * 4 + 3 * C + 4 * C + T + V)
        var cursor = storage.pointer
        func take(_ n: Int) -> UnsafeMutablePointer<Float> {
            defer { cursor += n }
            return cursor
        }
        keys = (0..<L).map { _ in take(T * C) }
        values = (0..<L).map { _ in take(T * C) }
        x = take(C)
        ln = take(C)
        atty = take(C)
        qkv = take(3 * C)
        fch = take(4 * C)
        scores = take(T)
        logitsBuffer = take(V)
    }

    /// Fills the cache with `context` as `ContextWindow.start` trims it, in one batched forward
    /// pass, and returns the logits for the next token.
    func prefill(_ context: [Int32]) -> UnsafePointer<Float> {
        tokens = ContextWindow.start(context, blockSize: config.blockSize)
        let n = tokens.count
        tokens.withUnsafeBufferPointer { _ = model.forward(idx: $0.baseAddress!, targets: nil, B: 1, T: n) }
        let C = config.nEmbd, V = config.vocabSize
        let acts = model.acts!
        for l in 0..<config.nLayer {
            let src = acts.layers[l].qkv
            for t in 0..<n {
                (keys[l] + t * C).update(from: src + t * 3 * C + C, count: C)
                (values[l] + t * C).update(from: src + t * 3 * C + 2 * C, count: C)
            }
        }
        logitsBuffer.update(from: model.logits + (n - 1) * V, count: V)
        return UnsafePointer(logitsBuffer)
    }

    /// Appends one token and returns the logits for the one after it.
    func append(_ token: Int32) -> UnsafePointer<Float> {
        if tokens.count == config.blockSize {
            var held = tokens
            ContextWindow.advance(&held, with: token, blockSize: config.blockSize)
            return prefill(held)
        }
        let pos = tokens.count
        tokens.append(token)
        let C = config.nEmbd, NH = config.nHead, hs = C / NH, V = config.vocabSize
        let p = model.params.pointer
        let layout = model.layout
        let wte = p + layout.wte + Int(token) * C, wpe = p + layout.wpe + pos * C
        for i in 0..<C { x[i] = wte[i] + wpe[i] }
        var mean: Float = 0, rstd: Float = 0
        for (l, w) in layout.blocks.enumerated() {
            layerNormForward(out: ln, mean: &mean, rstd: &rstd, inp: x, weight: p + w.ln1w, bias: p + w.ln1b, N: 1, C: C)
            matvec(out: qkv, weight: p + w.qkvw, inp: ln, bias: p + w.qkvb, rows: 3 * C, cols: C)
            (keys[l] + pos * C).update(from: qkv + C, count: C)
            (values[l] + pos * C).update(from: qkv + 2 * C, count: C)
            let scale = 1 / Float(hs).squareRoot()
            for h in 0..<NH {
                let q = qkv + h * hs
                var maxv = -Float.infinity
                for j in 0...pos {
                    let k = keys[l] + j * C + h * hs
                    var dot: Float = 0
                    for i in 0..<hs { dot += q[i] * k[i] }
                    scores[j] = dot * scale
                    maxv = max(maxv, scores[j])
                }
                var sum: Float = 0
                for j in 0...pos {
                    scores[j] = expf(scores[j] - maxv)
                    sum += scores[j]
                }
                let out = atty + h * hs
                out.update(repeating: 0, count: hs)
                for j in 0...pos {
                    let wgt = scores[j] / sum
                    let v = values[l] + j * C + h * hs
                    for i in 0..<hs { out[i] += wgt * v[i] }
                }
            }
            matvec(out: x, weight: p + w.attprojw, inp: atty, bias: p + w.attprojb, rows: C, cols: C, accumulate: true)
            layerNormForward(out: ln, mean: &mean, rstd: &rstd, inp: x, weight: p + w.ln2w, bias: p + w.ln2b, N: 1, C: C)
            matvec(out: fch, weight: p + w.fcw, inp: ln, bias: p + w.fcb, rows: 4 * C, cols: C)
            geluForward(out: fch, inp: fch, N: 4 * C)
            matvec(out: x, weight: p + w.fcprojw, inp: fch, bias: p + w.fcprojb, rows: C, cols: 4 * C, accumulate: true)
        }
        layerNormForward(out: ln, mean: &mean, rstd: &rstd, inp: x, weight: p + layout.lnfw, bias: p + layout.lnfb, N: 1, C: C)
        matvec(out: logitsBuffer, weight: p + layout.wte, inp: ln, bias: nil, rows: V, cols: C)
        return UnsafePointer(logitsBuffer)
    }

    /// out(rows) (+)= weight(rows, cols) · inp(cols) + bias, with the rows split across threads:
    /// at one token per pass, reading the weights is the whole cost.
    private func matvec(out: UnsafeMutablePointer<Float>, weight: UnsafePointer<Float>, inp: UnsafePointer<Float>,
                        bias: UnsafePointer<Float>?, rows: Int, cols: Int, accumulate: Bool = false) {
        let parts = rows * cols >= 1 << 16 ? Parallel.threads : 1
        Parallel.split(rows, into: parts) { _, r in
            let o = out + r.lowerBound
            if let bias {
                if accumulate {
                    for i in 0..<r.count { o[i] += bias[r.lowerBound + i] }
                } else {
                    o.update(from: bias + r.lowerBound, count: r.count)
                }
            }
            cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(r.count), Int32(cols), 1,
                        weight + r.lowerBound * cols, Int32(cols), inp, 1,
                        bias != nil || accumulate ? 1 : 0, o, 1)
        }
    }
}
