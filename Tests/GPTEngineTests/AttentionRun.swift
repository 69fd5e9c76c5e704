@testable import GPTEngine
import GPTKernels

/// One attention layer's buffers for the tests: forward keeps the stats (and, when asked, the
/// probabilities) that backward and the checks read.
struct AttentionRun {
    let B, T, C, NH: Int
    let out, stats, probabilities, scratch: FloatBuffer

    init(B: Int, T: Int, C: Int, NH: Int, threads: Int = 1) {
        self.B = B
        self.T = T
        self.C = C
        self.NH = NH
        out = FloatBuffer(count: B * T * C)
        stats = FloatBuffer(count: B * NH * T * 2)
        probabilities = FloatBuffer(count: B * NH * T * T)
        scratch = FloatBuffer(count: threads * attentionScratch(T: T, hs: C / NH))
    }

    func forward(_ cx: Compute, qkv: FloatBuffer, mask: FloatBuffer? = nil) {
        attentionForward(cx, out: out.pointer, stats: stats.pointer, probabilities: probabilities.pointer,
                         qkv: qkv.pointer, scratch: scratch.pointer, B: B, T: T, C: C, NH: NH,
                         mask: mask.map { UnsafePointer($0.pointer) })
    }

    /// dqkv for the gradient `dout` of the last forward's output.
    func backward(_ cx: Compute, qkv: FloatBuffer, dout: FloatBuffer, mask: FloatBuffer? = nil) -> FloatBuffer {
        let dqkv = FloatBuffer(count: B * T * 3 * C)
        attentionBackward(cx, dqkv: dqkv.pointer, dout: dout.pointer, qkv: qkv.pointer, stats: stats.pointer,
                          mask: mask.map { UnsafePointer($0.pointer) }, scratch: scratch.pointer, B: B, T: T, C: C, NH: NH)
        return dqkv
    }
}
