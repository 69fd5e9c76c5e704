import GPTEngine

/// `gptsh --set KEY=VALUE`, as nanoGPT's `--key=value` overrides: set before the first command,
/// and set again in place of the script's own value wherever its `set` lines give that key,
/// so one script runs with other values.
enum CommandLineSettings {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func apply(_ written: [String], to shell: Shell) throws {
        var settings: [String: Double] = [:]
        for text in written {
            let (name, value) = try parse(text)
            settings[name] = value
        }
        guard !settings.isEmpty else { return }
        do { try shell.session.set(settings.map { ($0.key, $0.value) }) } catch {
            throw Failure(description: "--set: " + ShellError.describe(error))
        }
        shell.commandLineSettings = settings
    }

    /// One `KEY=VALUE`, read by the shell's own lexer and checked against the key.
    static func parse(_ text: String) throws -> (String, Double) {
        let form = "--set \(text): write --set KEY=VALUE, e.g. --set lr=3e-4"
        guard case .tokens(let tokens)? = try? Lexer.lex(text, source: "--set"), tokens.count == 3,
              tokens[0].kind == .word, tokens[1].kind == .equals else { throw Failure(description: form) }
        guard let spec = Hyperparameters.spec(named: tokens[0].text) else {
            throw Failure(description: "--set \(text): " + Messages.unknownHyperparameter(tokens[0].text))
        }
        do {
            let value = try Check.setting(tokens[2], for: spec, named: spec.name)
            return (spec.name, try spec.validate(value))
        } catch {
            throw Failure(description: "--set \(text): " + ((error as? ShellError)?.message ?? ShellError.describe(error)))
        }
    }
}
