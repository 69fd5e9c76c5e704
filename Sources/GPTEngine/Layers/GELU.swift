// GELU with GPT-2's tanh approximation.
//   forward:  out(N) = 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
//   backward: dinp(N) = dout · gelu'(x)   (overwrites: the MLP input gradient starts here)

private let geluScale = Float((2.0 / Double.pi).squareRoot())

@inline(__always)
private func geluTanh(_ x: Float8) -> Float8 {
    tanh8(geluScale * (x + 0.044715 * x * x * x))
}

func geluForward(_ cx: Compute, out: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>, N: Int) {
    cx.rows(N, work: N * 8) { r in
        let o = out + r.lowerBound, x0 = inp + r.lowerBound
        map8(r.count) { i, n in
            let x = n == 8 ? load8(x0 + i) : loadPartial8(x0 + i, n)
            let y = 0.5 * x * (1 + geluTanh(x))
            if n == 8 { store8(y, o + i) } else { storePartial8(y, o + i, n) }
        }
    }
}

func geluBackward(_ cx: Compute, dinp: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>,
                  dout: UnsafePointer<Float>, N: Int) {
    cx.rows(N, work: N * 8) { r in
        let dx = dinp + r.lowerBound, x0 = inp + r.lowerBound, dy = dout + r.lowerBound
        map8(r.count) { i, n in
            let x = n == 8 ? load8(x0 + i) : loadPartial8(x0 + i, n)
            let g = n == 8 ? load8(dy + i) : loadPartial8(dy + i, n)
            let th = geluTanh(x)
            let sech2 = 1 - th * th
            let inner: Float8 = geluScale * (1 + 3 * 0.044715 * x * x)
            let local: Float8 = 0.5 * (1 + th)
            let d: Float8 = (local + 0.5 * x * sech2 * inner) * g
            if n == 8 { store8(d, dx + i) } else { storePartial8(d, dx + i, n) }
        }
    }
}
