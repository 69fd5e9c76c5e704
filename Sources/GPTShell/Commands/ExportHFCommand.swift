import GPTEngine

extension CommandSpec {
    static let exportHF = CommandSpec(
        ["export", "hf"],
        arguments: [ArgumentSpec("DIR", .path, "the folder to write (created if missing)")],
        options: [OptionSpec("dtype", .choice(SaveCommand.dtypes), "float32|bfloat16", default: .value(.text("float32")),
                             "precision of model.safetensors (bfloat16: half the size; config.json says torch_dtype)")],
        summary: "write the model as a Hugging Face GPT-2 folder",
        details: """
            Writes config.json, model.safetensors (GPT-2 names, Conv1D layout) and the tokenizer files, \
            the folder as a whole (a new folder swapped into place), for transformers' GPT2LMHeadModel.from_pretrained(DIR). Weights only: the \
            optimizer and the run stay in `save` checkpoints.
            """,
        example: "export hf runs/tales-hf",
        handler: { shell, command in
            let directory = shell.resolve(command.text("DIR")!)
            let report: HuggingFaceExportReport
            do { report = try shell.session.exportHF(directory: directory, weights: Precision(rawValue: command.text("dtype")!)!) } catch {
                throw ShellError(error, at: command.location(of: "DIR"))
            }
            shell.output.info("exported step \(shell.session.iteration) to \(report.directory): \(report.files.joined(separator: ", "))")
            report.notes.forEach(shell.output.info)
        })
}
