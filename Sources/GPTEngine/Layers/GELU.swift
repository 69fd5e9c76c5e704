import Foundation

// GELU with GPT-2's tanh approximation.
//   forward:  out(N) = 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
//   backward: dinp(N) = dout · gelu'(x)   (overwrites: the MLP input gradient starts here)

private let geluScale = Float((2.0 / Double.pi).squareRoot())

func geluForward(out: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>, N: Int) {
    Parallel.rows(N, work: N * 8) { r in
        for i in r {
            let x = inp[i]
            let cube = 0.044715 * x * x * x
            out[i] = 0.5 * x * (1 + tanhf(geluScale * (x + cube)))
        }
    }
}

func geluBackward(dinp: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>,
                  dout: UnsafePointer<Float>, N: Int) {
    Parallel.rows(N, work: N * 8) { r in
        for i in r {
            let x = inp[i]
            let cube = 0.044715 * x * x * x
            let arg = geluScale * (x + cube)
            let th = tanhf(arg)
            let coshOut = coshf(arg)
            let sech2 = 1 / (coshOut * coshOut)
            let grad = 0.5 * (1 + th) + x * 0.5 * sech2 * geluScale * (1 + 3 * 0.044715 * x * x)
            dinp[i] = grad * dout[i]
        }
    }
}
