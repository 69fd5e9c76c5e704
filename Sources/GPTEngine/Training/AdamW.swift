import Foundation
import GPTKernels

/// AdamW as torch.optim.AdamW computes it (decoupled weight decay, bias correction), with
/// nanoGPT's grouping: decay on tensors of rank ≥ 2 only. Its state is plain data.
public final class AdamW {
    public struct Settings: Equatable, Sendable {
        public var beta1: Float = 0.9
        public var beta2: Float = 0.99
        public var eps: Float = 1e-8
        public var weightDecay: Float = 0.1
        public init(beta1: Float = 0.9, beta2: Float = 0.99, eps: Float = 1e-8, weightDecay: Float = 0.1) {
            self.beta1 = beta1
            self.beta2 = beta2
            self.eps = eps
            self.weightDecay = weightDecay
        }
    }

    public let m: FloatBuffer
    public let v: FloatBuffer
    /// Number of updates applied so far (PyTorch's `step`).
    public var step: Int = 0
    private let ranges: [(range: Range<Int>, decays: Bool)]

    public init(layout: ParameterLayout) {
        m = FloatBuffer(count: layout.count)
        v = FloatBuffer(count: layout.count)
        ranges = layout.entries.map { ($0.offset ..< $0.offset + $0.count, $0.decays) }
    }

    /// With `low`, the updated parameters are also rounded into it (a model's bfloat16 weights).
    public func update(params: FloatBuffer, grads: FloatBuffer, lr: Float, settings s: Settings, compute cx: Compute,
                       low: UnsafeMutablePointer<UInt16>? = nil) {
        step += 1
        let bc1 = 1 - powf(s.beta1, Float(step))
        let bc2Sqrt = (1 - powf(s.beta2, Float(step))).squareRoot()
        let stepSize = lr / bc1
        let p = params.pointer, g = grads.pointer, mp = m.pointer, vp = v.pointer
        for (range, decays) in ranges {
            let shrink = decays ? 1 - lr * s.weightDecay : 1
            let o = range.lowerBound
            adamWStep(cx, params: p + o, m: mp + o, v: vp + o, grads: g + o, low: low.map { $0 + o },
                      count: range.count, shrink: shrink,
                      beta1: s.beta1, beta2: s.beta2, bc2Sqrt: bc2Sqrt, eps: s.eps, stepSize: stepSize)
        }
    }

    public func reset() {
        m.zero()
        v.zero()
        step = 0
    }
}

/// Global L2 norm of the gradient, accumulated in Double in a fixed order.
public func gradientNorm(_ grads: FloatBuffer, compute cx: Compute) -> Float {
    let n = grads.count
    let parts = min(cx.parts(forWork: n, minimum: .reduction), n)
    return withUnsafeTemporaryAllocation(of: Double.self, capacity: parts) { out in
        let g = grads.pointer
        cx.split(n, into: parts) { part, r in
            var acc: Double = 0
            var chunk: Float = 0
            var k = 0
            for i in r {
                chunk += g[i] * g[i]
                k += 1
                if k == 256 {
                    acc += Double(chunk)
                    chunk = 0
                    k = 0
                }
            }
            out[part] = acc + Double(chunk)
        }
        var total: Double = 0
        for part in 0..<parts { total += out[part] }
        return Float(total.squareRoot())
    }
}

/// torch.nn.utils.clip_grad_norm_: scales the gradients by max/(norm+1e-6) when that is below 1.
public func clipGradients(_ grads: FloatBuffer, norm: Float, maxNorm: Float, compute cx: Compute) {
    guard maxNorm > 0 else { return }
    let coef = maxNorm / (norm + 1e-6)
    guard coef < 1 else { return }
    let g = grads.pointer
    cx.rows(grads.count, work: grads.count) { r in
        for i in r { g[i] *= coef }
    }
}
