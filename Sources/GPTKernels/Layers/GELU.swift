import CKernels

// GELU with GPT-2's tanh approximation.
//   forward:  out(N) = 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
//   backward: dinp(N) = dout · gelu'(x)   (overwrites: the MLP input gradient starts here)
// The arithmetic is CKernels' gptsh_gelu_*, in AVX-512 where the CPU has it.

/// `out` is in the precision of the product it feeds.
package func geluForward(_ cx: Compute, out: Rows, inp: UnsafePointer<Float>, N: Int) {
    cx.rows(N, work: N * 8) { r in
        let o = out.at(r.lowerBound)
        gptsh_gelu_forward(o.floats, o.low, inp + r.lowerBound, r.count)
    }
}

package func geluForward(_ cx: Compute, out: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>, N: Int) {
    geluForward(cx, out: Rows(out), inp: inp, N: N)
}

package func geluBackward(_ cx: Compute, dinp: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>,
                  dout: UnsafePointer<Float>, N: Int) {
    cx.rows(N, work: N * 8) { r in
        gptsh_gelu_backward(dinp + r.lowerBound, inp + r.lowerBound, dout + r.lowerBound, r.count)
    }
}
