import GPTEngine

/// The shell's words for what the engine reports as data: the English, and the hint that
/// names the command to run.
enum Messages {
    static func describe(_ error: EngineError) -> String {
        switch error {
        case .missing(let what):
            return missing(what)
        case .textTooShort(let split, let tokens, let needed):
            return "the \(splitName(split)) text has \(Format.counted(tokens, "token")); block_size \(needed - 1) needs at least \(needed)"
                + (split == .train ? " (lower block_size, or val= to give training more of the corpus)" : " (lower block_size or raise val=)")
        case .diverged(let d):
            return divergence(d)
        case .unknownHyperparameter(let name):
            return unknownHyperparameter(name)
        case .architectureForOneRun(let key):
            return "\(key) is part of the architecture and cannot change for one run; `set` it and `init` a new model"
        case .notACheckpoint:
            return error.description + " (for a Hugging Face model folder use `load hf DIR`)"
        case .outOfMemory:
            return "the model " + error.description + " (lower n_layer, n_embd, block_size or batch_size)"
        case .cannotEncode:
            return error.description + ", the first such character of the text: build a tokenizer for it (`tokenizer char`, "
                + "which drops a model of another vocabulary), or fine-tune a model whose tokenizer has every byte (bpe, byte)"
        case .badValue, .headsDoNotDivide, .invalidConfig, .invalidArgument, .state, .io, .format, .interrupted:
            return error.description
        }
    }

    static func missing(_ what: Requirement) -> String {
        switch what {
        case .corpus: return "no corpus loaded: run `load corpus PATH` first"
        case .tokenizer: return "no tokenizer: run `tokenizer char` (after `load corpus PATH`) first"
        case .model: return "no model: run `init` (or `load PATH`) first"
        case .data: return "no training data: load a corpus (`load corpus PATH`) and build a tokenizer first"
        case .pairs: return "no prompt format: `answer` needs a model trained on pairs (`load pairs PATH`, then train, or `load` a checkpoint trained on them)"
        }
    }

    static func splitName(_ split: Session.Split) -> String { split == .train ? "training" : "validation" }

    static func divergence(_ d: Divergence) -> String {
        var message = "step \(d.step): the loss is \(d.loss) and the gradient norm \(d.gradNorm)"
        if let good = d.lastGood, let restored = d.restoredTo {
            message += "; the last good loss was \(good.loss) at step \(good.step). The model and optimizer are back "
                + "at step \(restored), before the update that diverged: lower the learning rate and train again"
        } else {
            message += "; no update was applied"
        }
        return message + " (or `set skip_nonfinite=true` to skip such steps)"
    }

    /// nanoGPT's settings that gptsh does not have, and what to do instead.
    static let nanoGPTOnly: [String: String] = [
        "max_iters": "give the steps to `train N`",
        "decay_lr": "for a constant rate set min_lr to the learning rate",
        "device": "gptsh runs on the CPU only",
        "compile": "gptsh is compiled ahead of time",
        "init_from": "use `load PATH` (resume) or `load hf DIR` / `load PATH schedule=restart` (fine-tune, docs/finetune.md)",
        "out_dir": "give the path to `save PATH`",
        "eval_only": "use `eval`",
        "always_save_checkpoint": "use `train N save_every=M path=PATH`",
        "dataset": "use `load corpus PATH`",
        "backend": "gptsh runs in one process",
        "wandb_log": "use `log PATH` for a metrics file",
        "wandb_project": "use `log PATH` for a metrics file",
        "wandb_run_name": "use `log PATH` for a metrics file",
        "eval_only_once": "use `eval`",
    ]

    static func unknownHyperparameter(_ name: String) -> String {
        if let instead = nanoGPTOnly[name] { return "'\(name)' is a nanoGPT setting gptsh does not have: \(instead)" }
        if let near = closest(to: name, among: Hyperparameters.allNames) {
            return "unknown hyperparameter '\(name)' (did you mean '\(near)'?)"
        }
        return "unknown hyperparameter '\(name)'"
    }

    /// `context` names the text, as in "the prompt has a character ...".
    static func unknownCharacter(in context: String, _ error: TokenizerError) -> String {
        guard case .unknownCharacter(let c, let offset) = error else { return error.description }
        let scalars = c.unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true).leftPadded(to: 4) }.joined(separator: " ")
        return "\(context) has a character '\(c)' (\(scalars)) at offset \(offset) that is not in the tokenizer's vocabulary"
    }

    static func doubt(_ doubt: SettingDoubt) -> String {
        switch doubt {
        case .noDecay(let decay, let warmup, let minLR):
            return "lr_decay_iters (\(decay)) is not after warmup_iters (\(warmup)): after warmup the learning rate is "
                + "min_lr (\(Format.number(minLR))) throughout; set lr_decay_iters to the step the decay should end at"
        case .minAboveMax(let minLR, let lr):
            return "min_lr (\(Format.number(minLR))) is above learning_rate (\(Format.number(lr))): the cosine \"decay\" raises the rate"
        }
    }

    static func loadWarning(_ warning: LoadWarning) -> String {
        switch warning {
        case .corpusDiffers(let loaded, let trained):
            return "the loaded corpus '\(loaded)' differs from the one this checkpoint was trained on ('\(trained)'); training goes on with the loaded one"
        case .splitDiffers(let loaded, let trained):
            return "the loaded corpus is split with val=\(Format.number(loaded)) but this checkpoint was trained with val=\(Format.number(trained)); training goes on with the loaded split"
        case .corpusNotFound(let path):
            return "the training corpus '\(path)' was not found unchanged; `load corpus PATH` to train further"
        case .corpusNotEncodable(let error):
            return "the checkpoint's tokenizer cannot encode the loaded corpus: \(error); the corpus stays loaded but unencoded: "
                + "`load corpus` a text it can encode, or build a tokenizer, to train"
        case .bfloat16Unsupported:
            return "this checkpoint was saved with dtype=bfloat16, which this CPU cannot run (it lacks AVX512_BF16); it runs with dtype=float32"
        }
    }
}
