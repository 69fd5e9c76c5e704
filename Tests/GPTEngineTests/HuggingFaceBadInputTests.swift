import Foundation
import Testing
@testable import GPTEngine

/// Each damaged folder is refused with an error naming the file at fault, and the session
/// that tried to load it is left exactly as it was.
@Suite(.serialized) struct HuggingFaceBadInputTests {
    func expectRefused(_ damage: (URL) throws -> Void, naming file: String, saying phrase: String,
                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        let s = Session()
        try s.loadHF(directory: hfFixtureFolder.path)
        try s.set([("batch_size", 1), ("learning_rate", 0.5)])
        let model = s.model!, tokenizer = s.tokenizer!, params = model.params.array, hyper = s.hyper
        let folder = try copyOfHFFixture()
        try damage(folder)
        do {
            try s.loadHF(directory: folder.path)
            Issue.record("a damaged folder was accepted", sourceLocation: sourceLocation)
        } catch {
            let message = "\(error)"
            #expect(message.contains(folder.path + (file.isEmpty ? "" : "/" + file)), "message: \(message)", sourceLocation: sourceLocation)
            #expect(message.contains(phrase), "message: \(message)", sourceLocation: sourceLocation)
        }
        #expect(s.model === model && s.tokenizer === tokenizer && s.hyper == hyper, sourceLocation: sourceLocation)
        #expect(s.model!.params.array == params, sourceLocation: sourceLocation)
    }

    func editTensors(in folder: URL, _ edit: (inout [RawTensor]) -> Void) throws {
        let url = folder.appendingPathComponent("model.safetensors")
        var (tensors, metadata) = try readRawTensors(url)
        edit(&tensors)
        try writeRawTensors(tensors, metadata: metadata, to: url)
    }

    @Test func missingConfig() throws {
        try expectRefused({ try FileManager.default.removeItem(at: $0.appendingPathComponent("config.json")) },
                          naming: "config.json", saying: "No such file")
    }

    @Test func missingWeights() throws {
        try expectRefused({ try FileManager.default.removeItem(at: $0.appendingPathComponent("model.safetensors")) },
                          naming: "model.safetensors", saying: "No such file")
    }

    @Test func unsupportedArchitectureKeys() throws {
        try expectRefused({ try editConfig(in: $0) { $0["activation_function"] = "relu" } },
                          naming: "config.json", saying: "activation_function is 'relu'")
        try expectRefused({ try editConfig(in: $0) { $0["n_inner"] = 32 } },
                          naming: "config.json", saying: "n_inner is 32; gptsh's MLP is 4·n_embd = 64")
        try expectRefused({ try editConfig(in: $0) { $0["layer_norm_epsilon"] = 1e-6 } },
                          naming: "config.json", saying: "layer_norm_epsilon")
        try expectRefused({ try editConfig(in: $0) { $0["model_type"] = "llama" } },
                          naming: "config.json", saying: "model_type is 'llama'")
        try expectRefused({ try editConfig(in: $0) { $0["n_head"] = 3 } },
                          naming: "config.json", saying: "divisible")
        try expectRefused({ try editConfig(in: $0) { $0["n_layer"] = nil } },
                          naming: "config.json", saying: "n_layer is missing")
        try expectRefused({ try editConfig(in: $0) { $0["n_layer"] = 1000 } },
                          naming: "config.json", saying: "n_layer must be between 1 and 128, got 1000")
        try expectRefused({ try editConfig(in: $0) { $0["n_embd"] = 16.5 } },
                          naming: "config.json", saying: "n_embd is 16.5, not a whole number")
    }

    @Test func shapeMismatch() throws {
        try expectRefused({ try editConfig(in: $0) { $0["n_positions"] = 32 } },
                          naming: "model.safetensors", saying: "'transformer.wpe.weight' in")
        // An untransposed Conv1D weight, as a torch.nn.Linear would store it.
        try expectRefused({ folder in
            try editTensors(in: folder) { ts in
                let i = ts.firstIndex { $0.name == "transformer.h.1.mlp.c_fc.weight" }!
                ts[i].shape = [64, 16]
            }
        }, naming: "model.safetensors", saying: "has shape [64, 16], expected [16, 64]")
    }

    @Test func missingOrUnexpectedTensor() throws {
        try expectRefused({ try editTensors(in: $0) { $0.removeAll { $0.name == "transformer.h.1.ln_2.bias" } } },
                          naming: "model.safetensors", saying: "no tensor 'transformer.h.1.ln_2.bias'")
        try expectRefused({ try editTensors(in: $0) { $0.append(RawTensor(name: "transformer.h.2.ln_1.bias", shape: [16], floats: Array(repeating: 0, count: 16))) } },
                          naming: "model.safetensors", saying: "'transformer.h.2.ln_1.bias', which GPT-2 with this config.json")
    }

    @Test func untiedHeadNonFiniteOrIntegerWeights() throws {
        try expectRefused({ try editTensors(in: $0) { ts in
            var head = ts.first { $0.name == "transformer.wte.weight" }!
            head.name = "lm_head.weight"
            head.bytes[0] ^= 1
            ts.append(head)
        } }, naming: "model.safetensors", saying: "lm_head.weight differs from transformer.wte.weight")
        try expectRefused({ try editTensors(in: $0) { ts in
            let i = ts.firstIndex { $0.name == "transformer.h.0.attn.c_proj.bias" }!
            ts[i] = RawTensor(name: ts[i].name, shape: ts[i].shape, floats: ts[i].floats.enumerated().map { $0.offset == 5 ? .infinity : $0.element })
        } }, naming: "model.safetensors", saying: "non-finite value (inf) at index 5")
        try expectRefused({ try editTensors(in: $0) { ts in
            let i = ts.firstIndex { $0.name == "transformer.ln_f.bias" }!
            ts[i].dtype = "I32"
        } }, naming: "model.safetensors", saying: "is I32; only F32, F16 and BF16 are read")
    }

    @Test func tokenizerMissingOrNotMatchingTheModel() throws {
        try expectRefused({ folder in
            for name in ["vocab.json", "merges.txt"] { try FileManager.default.removeItem(at: folder.appendingPathComponent(name)) }
        }, naming: "", saying: "has no tokenizer: gptsh needs vocab.json and merges.txt")
        try expectRefused({ try editConfig(in: $0) { $0["vocab_size"] = 300 } },
                          naming: "", saying: "the tokenizer (vocab.json + merges.txt) has 280 tokens but config.json's vocab_size is 300")
        try expectRefused({ folder in
            try Data(#"{"kind": "char", "characters": ["a", "b"]}"#.utf8).write(to: folder.appendingPathComponent("gptsh_tokenizer.json"))
        }, naming: "", saying: "the tokenizer (gptsh_tokenizer.json) has 2 tokens but config.json's vocab_size is 280")
    }

    @Test func aFileIsNotAFolder() throws {
        let s = Session()
        let file = hfFixtureFolder.appendingPathComponent("model.safetensors").path
        #expect(throws: EngineError.invalidArgument("'\(file)' is a file; a Hugging Face model is the folder holding config.json and model.safetensors")) {
            try s.loadHF(directory: file)
        }
    }
}
