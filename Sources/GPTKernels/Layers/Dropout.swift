// Inverted dropout, as torch.nn.Dropout in training mode, with a mask drawn beforehand.
//   mask(N):  0 for a dropped element, 1/(1−p) for a kept one (the engine draws it from the
//             session's seeded generator, so a pass is reproducible and its backward exact)
//   forward:  out(N) = inp ⊙ mask                      (in place allowed)
//   backward: dinp(N) = dout ⊙ mask                    (in place allowed)
//   on a residual branch:
//   forward:  out(N) = residual(N) + branch(N) ⊙ mask  (out may be branch)
//   backward: d branch = dout ⊙ mask, d residual = dout (the caller keeps dout for the latter)
// The attention probabilities are dropped inside attentionForward, which only reads the mask;
// its backward recomputes the probabilities and reads the mask again.

package func dropoutForward(_ cx: Compute, out: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>,
                            mask: UnsafePointer<Float>, N: Int) {
    cx.rows(N, work: N) { r in
        for i in r { out[i] = inp[i] * mask[i] }
    }
}

package func dropoutBackward(_ cx: Compute, dinp: UnsafeMutablePointer<Float>, dout: UnsafePointer<Float>,
                             mask: UnsafePointer<Float>, N: Int) {
    dropoutForward(cx, out: dinp, inp: dout, mask: mask, N: N)
}

package func dropoutResidualForward(_ cx: Compute, out: UnsafeMutablePointer<Float>, branch: UnsafePointer<Float>,
                                    residual: UnsafePointer<Float>, mask: UnsafePointer<Float>, N: Int) {
    cx.rows(N, work: N) { r in
        for i in r { out[i] = residual[i] + branch[i] * mask[i] }
    }
}
