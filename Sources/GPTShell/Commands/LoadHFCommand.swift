import GPTEngine

extension CommandSpec {
    static let loadHF = CommandSpec(
        ["load", "hf"],
        arguments: [ArgumentSpec("DIR", .path, "a Hugging Face GPT-2 folder: config.json, model.safetensors, tokenizer files")],
        summary: "import a Hugging Face GPT-2 model with its tokenizer",
        details: """
            Reads the folder as transformers writes it (with or without the `transformer.` prefix; F32, F16 \
            or BF16). The model is ready to sample or fine-tune with a fresh optimizer at step 0; its \
            architecture becomes the n_layer, n_head, n_embd and block_size settings. A loaded corpus is \
            encoded with the imported tokenizer.
            """,
        example: "load hf ./gpt2",
        handler: { shell, command in
            let directory = shell.resolve(command.text("DIR")!)
            let report: HuggingFaceLoadReport
            do { report = try shell.session.loadHF(directory: directory) } catch {
                throw ShellError(error, at: command.location(of: "DIR"))
            }
            for warning in report.warnings { shell.output.warning(warning, at: command.location(of: "DIR")) }
            let c = report.config
            shell.output.info("loaded \(directory): \(Format.grouped(report.parameters)) parameters, "
                + "\(Format.counted(c.nLayer, "layer")), \(Format.counted(c.nHead, "head")), \(c.nEmbd) wide, block \(c.blockSize), vocabulary \(c.vocabSize)")
            shell.output.info("stored as \(report.dtypes.joined(separator: ", ")); computing in F32")
            shell.output.info("tokenizer: \(report.tokenizer)")
            if !report.ignoredTensors.isEmpty {
                shell.output.info("ignored: \(report.ignoredTensors.joined(separator: ", "))")
            }
        })
}
