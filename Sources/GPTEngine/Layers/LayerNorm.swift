// LayerNorm over the last dimension, eps 1e-5, with affine weight and bias.
//   forward:  inp(N,C) -> out(N,C); saves mean(N), rstd(N) for backward
//   backward: dinp(N,C) += ..., dweight(C) += ..., dbias(C) += ...

let layerNormEps: Float = 1e-5

func layerNormForward(_ cx: Compute, out: UnsafeMutablePointer<Float>, mean: UnsafeMutablePointer<Float>,
                      rstd: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>,
                      weight: UnsafePointer<Float>, bias: UnsafePointer<Float>, N: Int, C: Int) {
    cx.rows(N, work: N * C * 4) { rows in
        for n in rows {
            let x = inp + n * C
            var sum: Float = 0
            for i in 0..<C { sum += x[i] }
            let m = sum / Float(C)
            var v: Float = 0
            for i in 0..<C {
                let d = x[i] - m
                v += d * d
            }
            let s = 1 / (v / Float(C) + layerNormEps).squareRoot()
            let o = out + n * C
            for i in 0..<C { o[i] = (x[i] - m) * s * weight[i] + bias[i] }
            mean[n] = m
            rstd[n] = s
        }
    }
}

/// The weight and bias gradients are sums over all rows; they accumulate per thread into
/// `scratch` (threads × 2C floats) and are added in a fixed order, so the result is the same
/// on every run with the same thread count.
func layerNormBackward(_ cx: Compute, dinp: UnsafeMutablePointer<Float>, dweight: UnsafeMutablePointer<Float>,
                       dbias: UnsafeMutablePointer<Float>, dout: UnsafePointer<Float>,
                       inp: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                       mean: UnsafePointer<Float>, rstd: UnsafePointer<Float>,
                       scratch: UnsafeMutablePointer<Float>, N: Int, C: Int) {
    let parts = min(cx.parts(forWork: N * C * 8), N)
    scratch.update(repeating: 0, count: parts * 2 * C)
    cx.split(N, into: parts) { part, rows in
        let dw = scratch + part * 2 * C
        let db = dw + C
        for n in rows {
            let x = inp + n * C, dy = dout + n * C, dx = dinp + n * C
            let m = mean[n], s = rstd[n]
            var dnormMean: Float = 0
            var dnormNormMean: Float = 0
            for i in 0..<C {
                let norm = (x[i] - m) * s
                let dnorm = weight[i] * dy[i]
                dnormMean += dnorm
                dnormNormMean += dnorm * norm
            }
            dnormMean /= Float(C)
            dnormNormMean /= Float(C)
            for i in 0..<C {
                let norm = (x[i] - m) * s
                let dnorm = weight[i] * dy[i]
                db[i] += dy[i]
                dw[i] += norm * dy[i]
                dx[i] += (dnorm - dnormMean - norm * dnormNormMean) * s
            }
        }
    }
    for p in 0..<parts {
        let dw = scratch + p * 2 * C
        let db = dw + C
        for i in 0..<C {
            dweight[i] += dw[i]
            dbias[i] += db[i]
        }
    }
}
