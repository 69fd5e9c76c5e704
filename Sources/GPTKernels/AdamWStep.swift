import CKernels

/// One AdamW update of `count` parameters, split across the threads (CKernels' gptsh_adamw, in
/// AVX-512 where the CPU has it): p ·= shrink, then the moments and the bias-corrected step.
/// With `low`, the updated parameters are rounded into it as well (mixed precision's weights).
package func adamWStep(_ cx: Compute, params p: UnsafeMutablePointer<Float>, m: UnsafeMutablePointer<Float>,
                       v: UnsafeMutablePointer<Float>, grads g: UnsafePointer<Float>,
                       low: UnsafeMutablePointer<UInt16>?, count: Int,
                       shrink: Float, beta1: Float, beta2: Float, bc2Sqrt: Float, eps: Float, stepSize: Float) {
    cx.rows(count, work: count * 8) { r in
        let i = r.lowerBound
        gptsh_adamw(p + i, low.map { $0 + i }, m + i, v + i, g + i, r.count, shrink, beta1, beta2, bc2Sqrt, eps, stepSize)
    }
}
