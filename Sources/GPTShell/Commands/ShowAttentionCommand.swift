import Foundation
import GPTEngine

extension CommandSpec {
    static let showAttention = CommandSpec(
        ["show", "attention"],
        arguments: [ArgumentSpec("TEXT", .textOrFile, "\"TEXT\" or @FILE: the tokens to run the model on"),
                    ArgumentSpec("PATH", .path, optional: true, "an .svg file to write instead")],
        options: [OptionSpec("layer", .text, "L|all", default: .described("the last layer"), "which layer's attention, from 0"),
                  OptionSpec("head", .text, "H|all", default: .described("0"), "which head, from 0")],
        usage: "show attention \"TEXT\"|@FILE [PATH.svg] [layer=L|all] [head=H|all]",
        summary: "the model's softmax attention over a text's tokens, as a heat map",
        details: """
            Runs the model on the text and draws each query token's attention over the tokens up to it: \
            one map for one layer and head, with the tokens on both axes, or a grid of small maps when \
            layer or head is `all`. Shades without colour (NO_COLOR, or not a terminal), grey levels with it. \
            The terminal shows as many first tokens as fit its width; PATH.svg draws every token, each \
            cell's exact value in its tooltip.
            """,
        example: "show attention \"你好，欢迎来到自然语言处理的世界！\" layer=all head=all",
        handler: ShowAttentionCommand.run)
}

enum ShowAttentionCommand {
    static func run(_ shell: Shell, _ command: Invocation) throws {
        let session = shell.session
        guard let model = session.model else { throw EngineError.missing(.model) }
        let layers = try selection("layer", in: command, count: model.config.nLayer, default: model.config.nLayer - 1)
        let heads = try selection("head", in: command, count: model.config.nHead, default: 0)
        let argument = command.arguments["TEXT"]!
        let text = try TextOrFile.read(argument, in: shell)
        let maps: AttentionMaps
        do { maps = try session.attention(of: text) } catch let error as TokenizerError {
            throw ShellError("the text has a " + error.description, at: argument.location)
        } catch let error as EngineError {
            throw ShellError(error, at: argument.location)
        }
        if let written = command.text("PATH") {
            guard written.lowercased().hasSuffix(".svg") else {
                throw ShellError("show attention writes SVG: give a path ending in .svg", at: command.location(of: "PATH"))
            }
            let path = shell.resolve(written)
            let shown = TerminalWidth.fit(text.replacingOccurrences(of: "\n", with: " "), 60)
            let title = "attention of \(describe(layers, "layer")), \(describe(heads, "head")) on “\(shown)”"
            let svg = SVGAttentionMap.render(maps, layers: layers, heads: heads, title: title)
            do { try AtomicFile.write(Data(svg.utf8), to: path) } catch {
                throw ShellError(error, at: command.location(of: "PATH"))
            }
            shell.output.info("wrote \(path)")
            return
        }
        let columns = shell.output.terminal.columns(), color = shell.output.terminal.colorOnStdout
        let lines = layers.count * heads.count == 1
            ? TerminalAttentionMap.single(maps, layer: layers[0], head: heads[0], columns: columns, color: color)
            : TerminalAttentionMap.grid(maps, layers: layers, heads: heads, columns: columns, color: color)
        lines.forEach(shell.output.result)
    }

    /// `all`, or one index below `count`.
    static func selection(_ name: String, in command: Invocation, count: Int, default value: Int) throws -> [Int] {
        guard let written = command.text(name) else { return [value] }
        if written == "all" { return Array(0..<count) }
        guard let i = Int(written), (0..<count).contains(i) else {
            throw ShellError("\(name) must be `all` or a number from 0 to \(count - 1), not '\(written)'", at: command.location(of: name))
        }
        return [i]
    }

    private static func describe(_ indices: [Int], _ noun: String) -> String {
        indices.count == 1 ? "\(noun) \(indices[0])" : "every \(noun)"
    }
}
