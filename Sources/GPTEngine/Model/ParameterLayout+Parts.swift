/// The parts of a GPT-2 a parameter belongs to, so a user sees what a setting costs.
public enum ParameterPart: String, CaseIterable, Sendable {
    case embeddings, attention, mlp, layerNorm
}

extension ParameterLayout {
    /// Parameters per part, every tensor counted once (the head is tied to wte).
    public var countsByPart: [ParameterPart: Int] {
        var counts = Dictionary(uniqueKeysWithValues: ParameterPart.allCases.map { ($0, 0) })
        for e in entries { counts[Self.part(of: e.name), default: 0] += e.count }
        return counts
    }

    /// By Hugging Face's names: transformer.wte/wpe, h.N.attn.*, h.N.mlp.*, h.N.ln_1/ln_2, ln_f.
    static func part(of name: String) -> ParameterPart {
        if name.contains(".attn.") { return .attention }
        if name.contains(".mlp.") { return .mlp }
        if name.contains("ln_") { return .layerNorm }
        return .embeddings
    }
}
