import Foundation
import Testing
@testable import GPTEngine

/// Relative error of `a` against reference `b`, measured over the whole tensor:
/// max |a−b| / max |b|, so tiny reference entries don't dominate.
func relativeError(_ a: UnsafeBufferPointer<Float>, _ b: [Float]) -> Float {
    precondition(a.count == b.count)
    var diff: Float = 0, scale: Float = 0
    for i in 0..<b.count {
        diff = max(diff, abs(a[i] - b[i]))
        scale = max(scale, abs(b[i]))
    }
    return scale == 0 ? diff : diff / scale
}

func relativeError(_ a: [Float], _ b: [Float]) -> Float {
    a.withUnsafeBufferPointer { relativeError($0, b) }
}

func fixtureURL(_ name: String) -> URL {
    Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil)!
}
