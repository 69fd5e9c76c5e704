import Foundation
@testable import GPTEngine

/// A word-vector file (word2vec text or binary, GloVe) as `init vectors=` reads it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzFile.write(UnsafeBufferPointer(start: data, count: size))
    var sum: Float = 0
    _ = try? WordVectorFile.read(path: FuzzFile.path) { _, vector in sum += vector.reduce(0, +) }
    return 0
}
