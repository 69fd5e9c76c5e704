// Token + position embedding.
//   forward:  out(B,T,C) = wte[idx(B,T)](C) + wpe[t](C)
//   backward: dwte[idx] += dout, dwpe[t] += dout

package func encoderForward(out: UnsafeMutablePointer<Float>, idx: UnsafePointer<Int32>,
                    wte: UnsafePointer<Float>, wpe: UnsafePointer<Float>, B: Int, T: Int, C: Int) {
    for b in 0..<B {
        for t in 0..<T {
            let o = out + (b * T + t) * C
            let e = wte + Int(idx[b * T + t]) * C
            let p = wpe + t * C
            for i in 0..<C { o[i] = e[i] + p[i] }
        }
    }
}

package func encoderBackward(dwte: UnsafeMutablePointer<Float>, dwpe: UnsafeMutablePointer<Float>,
                     dout: UnsafePointer<Float>, idx: UnsafePointer<Int32>, B: Int, T: Int, C: Int) {
    for b in 0..<B {
        for t in 0..<T {
            let d = dout + (b * T + t) * C
            let e = dwte + Int(idx[b * T + t]) * C
            let p = dwpe + t * C
            for i in 0..<C {
                e[i] += d[i]
                p[i] += d[i]
            }
        }
    }
}
