import Foundation
import GPTEngine

/// One line of a metrics log: a logged step (loss, lr, grad_norm, ms, tok_s) or an evaluation
/// (train_loss, val_loss). `time` is when it was written, in seconds since 1970.
struct MetricsRecord {
    static let fields = ["step", "loss", "lr", "grad_norm", "ms", "tok_s", "train_loss", "val_loss", "time"]

    /// Each field as written; JSON has no NaN or infinity, so such a value is left out.
    private var cells: [String: String] = [:]

    init(_ s: Metrics.Step, time: Date = Date()) {
        self.init(step: s.step, time: time)
        put("loss", Self.shortest(s.loss))
        put("lr", s.lr.isFinite ? "\(s.lr)" : nil)
        put("grad_norm", Self.shortest(s.gradNorm))
        put("ms", Self.fixed(s.ms, 3))
        put("tok_s", Self.fixed(s.tokensPerSecond, 1))
    }

    init(_ e: Metrics.Evaluation, time: Date = Date()) {
        self.init(step: e.step, time: time)
        put("train_loss", Self.shortest(e.trainLoss))
        put("val_loss", e.valLoss.flatMap(Self.shortest))
    }

    private init(step: Int, time: Date) {
        cells["step"] = String(step)
        cells["time"] = String(format: "%.3f", time.timeIntervalSince1970)
    }

    /// A JSON object with the fields this record has, in the order of `fields`.
    var json: String {
        "{" + Self.fields.compactMap { name in cells[name].map { "\"\(name)\":\($0)" } }.joined(separator: ",") + "}"
    }

    /// A CSV row with every field; the ones this record lacks are empty.
    var csv: String { Self.fields.map { cells[$0] ?? "" }.joined(separator: ",") }

    private mutating func put(_ name: String, _ value: String?) { cells[name] = value }

    /// The fewest digits that read back as the same Float.
    private static func shortest(_ v: Float) -> String? { v.isFinite ? "\(v)" : nil }

    private static func fixed(_ v: Double, _ decimals: Int) -> String? {
        v.isFinite ? String(format: "%.\(decimals)f", v) : nil
    }
}
