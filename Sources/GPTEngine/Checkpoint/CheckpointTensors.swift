/// The tensors a checkpoint must hold for the model its config describes, checked against the
/// file's header before anything is allocated: a config that disagrees with its tensors (three
/// layers named, two stored) would otherwise size a model from the config alone.
enum CheckpointTensors {
    static let firstMomentPrefix = "optimizer.m."
    static let secondMomentPrefix = "optimizer.v."

    static func requireMatch(_ file: SafeTensorsFile, layout: ParameterLayout, withMoments: Bool) throws {
        let path = file.path
        let prefixes = withMoments ? ["", firstMomentPrefix, secondMomentPrefix] : [""]
        let stored = Set(layers(in: file, prefixes: prefixes))
        if stored != Set(0..<layout.config.nLayer) {
            throw EngineError.format("'\(path)': the config says n_layer = \(layout.config.nLayer) but the file holds the tensors of \(describe(stored))")
        }
        var expected = Set<String>()
        for prefix in prefixes {
            for e in layout.entries {
                // A weights-only file may hold its weights in bfloat16 (`save ... dtype=bfloat16`).
                let bfloat16 = !withMoments && file.tensor(e.name)?.dtype == "BF16"
                _ = try file.require(prefix + e.name, dtype: bfloat16 ? "BF16" : "F32", shape: e.shape)
                expected.insert(prefix + e.name)
            }
        }
        if let extra = file.tensors.first(where: { !expected.contains($0.name) }) {
            throw EngineError.format("'\(path)': tensor '\(extra.name)' is not part of the model its config describes")
        }
    }

    /// The block indices `h.N.` named by the file's tensors under any of `prefixes`.
    private static func layers(in file: SafeTensorsFile, prefixes: [String]) -> [Int] {
        file.tensors.compactMap { t -> Int? in
            for prefix in prefixes where t.name.hasPrefix(prefix + "h.") {
                let rest = t.name.dropFirst(prefix.count + 2)
                guard let dot = rest.firstIndex(of: "."), let n = Int(rest[..<dot]) else { return nil }
                return n
            }
            return nil
        }
    }

    private static func describe(_ layers: Set<Int>) -> String {
        guard let low = layers.min(), let high = layers.max() else { return "no layers" }
        if layers.count == high - low + 1 && low == 0 { return layers.count == 1 ? "1 layer (h.0)" : "\(layers.count) layers (h.0 to h.\(high))" }
        return "layers " + layers.sorted().map { "h.\($0)" }.joined(separator: ", ")
    }
}
