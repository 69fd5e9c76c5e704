import Foundation
import GPTEngine

extension CommandSpec {
    static let save = CommandSpec(
        ["save"],
        arguments: [
            ArgumentSpec("PATH", .path, "the checkpoint file to write"),
            ArgumentSpec(SaveCommand.weightsOnly, .choice([SaveCommand.weightsOnly]), optional: true,
                         "leave out the optimizer state and the run, for sharing"),
        ],
        options: [OptionSpec("dtype", .choice(SaveCommand.dtypes), "float32|bfloat16", default: .value(.text("float32")),
                             "precision of the saved weights; bfloat16 (weights-only) halves the file, for inference")],
        summary: "save the model, optimizer, tokenizer, settings and step",
        details: """
            One safetensors file, written atomically: a failed or killed save leaves the old file as it was; \
            missing folders are created. \
            `weights-only` writes the parameters, tokenizer and settings alone (a third of the size); \
            loading it starts a fresh optimizer at step 0. With `dtype=bfloat16` those weights are rounded to \
            BF16, a sixth of the full file.
            """,
        example: "save runs/tales.ckpt",
        handler: { shell, command in
            let path = shell.resolve(command.text("PATH")!)
            let weightsOnly = command.text(SaveCommand.weightsOnly) != nil
            let weights = Precision(rawValue: command.text("dtype")!)!
            let start = DispatchTime.now()
            do { try shell.session.save(path: path, weightsOnly: weightsOnly, weights: weights) } catch {
                throw ShellError(error, at: command.location(of: weights == .float32 ? "PATH" : "dtype"))
            }
            let what = weightsOnly ? "the \(weights == .bfloat16 ? "bfloat16 " : "")weights at " : ""
            shell.output.info("saved \(what)step \(shell.session.iteration) to \(path) (\(Format.transfer(of: path, since: start)))")
        })
}

enum SaveCommand {
    static let weightsOnly = "weights-only"
    static let dtypes = Precision.allCases.map(\.rawValue)
}
