import Foundation

/// Hugging Face publishes many checkpoints in half precision; the engine computes in F32.
extension SafeTensorsFile {
    static let floatDtypes: Set<String> = ["F32", "F16", "BF16"]

    /// Copies an F32, F16 or BF16 tensor into `destination` as F32 (which must hold
    /// `tensor.count` floats). F16 and BF16 widen exactly.
    func copyConvertingToFloat(_ tensor: Tensor, into destination: UnsafeMutablePointer<Float>) throws {
        guard Self.floatDtypes.contains(tensor.dtype) else {
            throw EngineError.format("tensor '\(tensor.name)' in '\(path)' is \(tensor.dtype); only F32, F16 and BF16 are read")
        }
        data.withUnsafeBytes { raw in
            let src = raw.baseAddress! + tensor.bytes.lowerBound
            switch tensor.dtype {
            case "F32":
                memcpy(destination, src, tensor.bytes.count)
            case "F16":
                for i in 0..<tensor.count {
                    destination[i] = Float(Float16(bitPattern: UInt16(littleEndian: src.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))))
                }
            default:
                // BF16 is the top half of an F32.
                for i in 0..<tensor.count {
                    destination[i] = Float(bitPattern: UInt32(UInt16(littleEndian: src.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))) << 16)
                }
            }
        }
    }
}
