// Vectorised exp and tanh for the elementwise kernels. glibc's expf/tanhf are scalar calls;
// these process eight lanes at once and agree with them to about 2 ulp.

typealias Float8 = SIMD8<Float>

/// exp by range reduction x = n·ln2 + r, |r| ≤ ln2/2, and a degree-6 polynomial for e^r
/// (Cephes' single-precision coefficients); 2^n is assembled in the exponent bits.
@inline(__always)
func exp8(_ v: Float8) -> Float8 {
    let lo = Float8(repeating: -87.3), hi = Float8(repeating: 88.7)
    var x = v.replacing(with: lo, where: v .< lo).replacing(with: hi, where: v .> hi)
    // Adding 1.5·2²³ rounds to an integer in the low mantissa bits: the float is n and the
    // bits give n as an integer, with no generic conversion or rounding call.
    let magic = Float8(repeating: 12_582_912)
    let shifted = x * 1.44269504088896341 + magic
    let n = shifted - magic
    x = x - n * 0.693359375
    x = x - n * -2.12194440e-4
    var y = Float8(repeating: 1.9875691500e-4)
    y = y * x + 1.3981999507e-3
    y = y * x + 8.3334519073e-3
    y = y * x + 4.1665795894e-2
    y = y * x + 1.6666665459e-1
    y = y * x + 5.0000001201e-1
    y = y * x * x + x + 1
    let nBits = unsafeBitCast(shifted, to: SIMD8<UInt32>.self) &- 0x4B40_0000
    let scale = (nBits &+ 127) &<< 23
    return y * unsafeBitCast(scale, to: Float8.self)
}

/// tanh from one exp of −2|x|, which never overflows; the absolute error stays near 1e-7,
/// which is what GELU's 1 + tanh needs.
@inline(__always)
func tanh8(_ x: Float8) -> Float8 {
    let ax = x.replacing(with: -x, where: x .< 0)
    let t = exp8(-2 * ax)
    let r = (1 - t) / (1 + t)
    return r.replacing(with: -r, where: x .< 0)
}

@inline(__always)
func load8(_ p: UnsafePointer<Float>) -> Float8 {
    UnsafeRawPointer(p).loadUnaligned(as: Float8.self)
}

@inline(__always)
func store8(_ v: Float8, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: Float8.self)
}

/// Loads up to eight floats, filling the missing lanes with `fill`.
@inline(__always)
func loadPartial8(_ p: UnsafePointer<Float>, _ n: Int, fill: Float = 0) -> Float8 {
    var v = Float8(repeating: fill)
    for i in 0..<n { v[i] = p[i] }
    return v
}

@inline(__always)
func storePartial8(_ v: Float8, _ p: UnsafeMutablePointer<Float>, _ n: Int) {
    for i in 0..<n { p[i] = v[i] }
}

/// Applies `f` to `n` floats eight at a time, the tail through a partial vector.
@inline(__always)
func map8(_ n: Int, _ f: (Int, Int) -> Void) {
    var i = 0
    while i + 8 <= n {
        f(i, 8)
        i += 8
    }
    if i < n { f(i, n - i) }
}

/// In place: row[0..<n] = exp(row − max) / Σ, the numerically safe softmax, eight lanes at a
/// time. Returns max and Σ, from which the caller can form log-probabilities exactly.
@inline(__always)
@discardableResult
func softmaxInPlace(_ row: UnsafeMutablePointer<Float>, _ n: Int) -> (max: Float, sum: Float) {
    var maxv = -Float.infinity
    for j in 0..<n where row[j] > maxv { maxv = row[j] }
    var sum: Float = 0
    map8(n) { j, k in
        let x = k == 8 ? load8(row + j) : loadPartial8(row + j, k, fill: -Float.infinity)
        let e = exp8(x - maxv)
        if k == 8 { store8(e, row + j) } else { storePartial8(e, row + j, k) }
        sum += e.sum()
    }
    let inv = 1 / sum
    for j in 0..<n { row[j] *= inv }
    return (maxv, sum)
}
