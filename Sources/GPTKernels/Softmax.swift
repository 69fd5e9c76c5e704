import CKernels

/// In place: row[0..<n] = exp(row − max) / Σ, the numerically safe softmax (CKernels'
/// gptsh_softmax, in AVX-512 where the CPU has it). Returns max and Σ, from which the caller
/// can form log-probabilities exactly.
@inline(__always)
@discardableResult
package func softmaxInPlace(_ row: UnsafeMutablePointer<Float>, _ n: Int) -> (max: Float, sum: Float) {
    var maxv: Float = 0
    let sum = gptsh_softmax(row, n, &maxv)
    return (maxv, sum)
}
