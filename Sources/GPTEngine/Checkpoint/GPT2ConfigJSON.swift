import Foundation

/// Hugging Face's `config.json` for GPT-2 (the keys of `transformers.GPT2Config`), written
/// for an export and read, strictly, for an import: every key that would change what the
/// network computes must describe the network gptsh runs, or the import fails naming it.
struct GPT2ConfigJSON {
    static let fileName = "config.json"
    /// The tanh approximation of GELU under both of its transformers names.
    static let activations = ["gelu_new", "gelu_pytorch_tanh"]
    /// The engine's `layerNormEps`, written as GPT2Config writes it rather than as the
    /// nearest Float.
    static let layerNormEpsilon = 1e-5

    var config: GPTConfig
    /// `<|endoftext|>`'s id, GPT-2's bos and eos token, when the tokenizer has one.
    var endOfText: Int32?
    /// Read only: an untied checkpoint without `lm_head.weight` is worth a warning.
    var tiesWordEmbeddings = true
    /// The dtype of model.safetensors' weights, which transformers loads the model in.
    var weights: Precision = .float32

    init(config: GPTConfig, endOfText: Int32?, weights: Precision = .float32) {
        self.config = config
        self.endOfText = endOfText
        self.weights = weights
    }

    /// Pretty-printed with sorted keys, as `save_pretrained` writes it. Dropout is 0 because
    /// gptsh trains without it; a fine-tune in transformers then starts from the same network.
    func data() throws -> Data {
        let c = config
        let eot: Any = endOfText.map { Int($0) } ?? NSNull()
        let object: [String: Any] = [
            "model_type": "gpt2",
            "architectures": ["GPT2LMHeadModel"],
            "vocab_size": c.vocabSize,
            "n_positions": c.blockSize,
            "n_ctx": c.blockSize,
            "n_embd": c.nEmbd,
            "n_layer": c.nLayer,
            "n_head": c.nHead,
            "n_inner": NSNull(),
            "activation_function": Self.activations[0],
            "layer_norm_epsilon": Self.layerNormEpsilon,
            "tie_word_embeddings": true,
            "scale_attn_weights": true,
            "scale_attn_by_inverse_layer_idx": false,
            "reorder_and_upcast_attn": false,
            "resid_pdrop": 0.0,
            "embd_pdrop": 0.0,
            "attn_pdrop": 0.0,
            "initializer_range": 0.02,
            "bos_token_id": eot,
            "eos_token_id": eot,
            "use_cache": true,
            // transformers names it `dtype` since 4.56 and `torch_dtype` before.
            "dtype": weights.rawValue,
            "torch_dtype": weights.rawValue,
        ]
        var data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
        data.append(0x0A)
        return data
    }

    /// Parses and checks `data`, read from `path` (named in every error).
    init(data: Data, path: String) throws {
        func bad(_ why: String) -> EngineError { .format("'\(path)': \(why)") }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw bad("not a JSON object")
        }
        func present(_ key: String) -> Any? {
            guard let v = object[key], !(v is NSNull) else { return nil }
            return v
        }
        func int(_ key: String) throws -> Int? {
            guard let v = present(key) else { return nil }
            guard let n = v as? NSNumber, let i = Int(exactly: n.doubleValue) else {
                throw bad("\(key) is \(v), not a whole number")
            }
            return i
        }
        func required(_ key: String, or fallback: String? = nil) throws -> Int {
            if let i = try int(key) { return i }
            if let fallback, let i = try int(fallback) { return i }
            throw bad("\(key) is missing")
        }
        func flag(_ key: String, default value: Bool) throws -> Bool {
            guard let v = present(key) else { return value }
            guard let b = v as? Bool else { throw bad("\(key) is \(v), not true or false") }
            return b
        }
        if let type = present("model_type"), type as? String != "gpt2" {
            throw bad("model_type is '\(type)'; gptsh imports GPT-2 (model_type 'gpt2') only")
        }
        config = GPTConfig(vocabSize: try required("vocab_size"), blockSize: try required("n_positions", or: "n_ctx"),
                           nLayer: try required("n_layer"), nHead: try required("n_head"), nEmbd: try required("n_embd"))
        do { try config.validateLimits() } catch { throw bad("\(error)") }
        if let inner = try int("n_inner"), inner != 4 * config.nEmbd {
            throw bad("n_inner is \(inner); gptsh's MLP is 4·n_embd = \(4 * config.nEmbd) wide")
        }
        let activation = present("activation_function") ?? Self.activations[0]
        guard let name = activation as? String, Self.activations.contains(name) else {
            throw bad("activation_function is '\(activation)'; gptsh computes GPT-2's tanh GELU (\(Self.activations.joined(separator: " or ")))")
        }
        if let eps = present("layer_norm_epsilon") {
            guard let e = (eps as? NSNumber)?.doubleValue, abs(e - Self.layerNormEpsilon) <= 1e-12 else {
                throw bad("layer_norm_epsilon is \(eps); gptsh's LayerNorm uses 1e-05")
            }
        }
        guard try flag("scale_attn_weights", default: true) else {
            throw bad("scale_attn_weights is false; gptsh scales attention by 1/√head_size")
        }
        guard try !flag("scale_attn_by_inverse_layer_idx", default: false) else {
            throw bad("scale_attn_by_inverse_layer_idx is true; gptsh does not scale attention by layer")
        }
        guard try !flag("add_cross_attention", default: false) else {
            throw bad("add_cross_attention is true; gptsh's GPT-2 is decoder-only")
        }
        tiesWordEmbeddings = try flag("tie_word_embeddings", default: true)
    }
}
