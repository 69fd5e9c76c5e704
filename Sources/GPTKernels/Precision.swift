import CKernels

/// How the matrix products run: every operand in float32, or (mixed precision) the operands in
/// bfloat16 with float32 accumulation and results. Everything outside the products (LayerNorm
/// statistics, softmax, cross-entropy, GELU, AdamW, the master weights) stays float32 either way.
public enum Precision: String, Sendable, CaseIterable, Codable {
    case float32
    case bfloat16

    var bytes: Int { self == .float32 ? 4 : 2 }
}

/// A matrix operand's storage: float32, or bfloat16 (the top 16 bits of a float32) in mixed
/// precision. Layers that feed a product write their output in the product's precision, so
/// the operand is never converted twice and kept activations take half the memory.
package struct Rows {
    package let raw: UnsafeMutableRawPointer
    package let precision: Precision

    package init(_ floats: UnsafeMutablePointer<Float>) {
        raw = UnsafeMutableRawPointer(floats)
        precision = .float32
    }

    package init(_ raw: UnsafeMutableRawPointer, _ precision: Precision) {
        self.raw = raw
        self.precision = precision
    }

    /// The same storage from element `n` on.
    @inline(__always)
    package func at(_ n: Int) -> Rows { Rows(raw + n * precision.bytes, precision) }

    package var floats: UnsafeMutablePointer<Float>? {
        precision == .float32 ? raw.assumingMemoryBound(to: Float.self) : nil
    }

    package var low: UnsafeMutablePointer<UInt16>? {
        precision == .bfloat16 ? raw.assumingMemoryBound(to: UInt16.self) : nil
    }
}

/// Whether this CPU runs bfloat16 products natively (AVX512_BF16): where it does not, oneDNN
/// would emulate them slower than float32, so mixed precision is refused.
public var cpuHasBFloat16: Bool { gptsh_cpu_has_bf16() != 0 }

/// dst = src rounded to bfloat16, split across the threads.
package func roundToBFloat16(_ cx: Compute, _ dst: UnsafeMutablePointer<UInt16>, _ src: UnsafePointer<Float>, count: Int) {
    cx.rows(count, work: count) { r in
        gptsh_to_bf16(dst + r.lowerBound, src + r.lowerBound, r.count)
    }
}
