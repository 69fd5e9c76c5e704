import Foundation
import Testing
import GPTEngine
@testable import GPTShell

/// `show attention`: what it draws is what a forward pass computes, in the terminal and in SVG.
@Suite struct AttentionCommandTests {
    static let sentence = "你好，欢迎来到自然语言处理的世界！"

    static func trained(blockSize: Int = 16, terminal: TerminalInfo = .plain) -> Harness {
        let h = Harness(terminal: terminal)
        let outcome = h.run("""
            load corpus \(WordsCommandTests.corpus) val=0.2
            tokenizer words vectors=\(WordsCommandTests.vectors)
            set n_layer=2 n_head=2 n_embd=8 block_size=\(blockSize) batch_size=2 log_interval=0 eval_interval=0
            init seed=3
            train 5
            """)
        precondition(outcome == .finished, h.err)
        h.clear()
        return h
    }

    /// Attention of every layer from the model's forward pass over `text`, (layer, head, q, k).
    static func forward(_ h: Harness, _ text: String) throws -> (ids: [Int32], att: [[Float]]) {
        let model = h.session.model!
        let ids = try h.session.tokenizer!.encode(text)
        return (ids, ids.withUnsafeBufferPointer { model.attentionProbabilities(idx: $0.baseAddress!, T: ids.count) })
    }

    /// The cells of a map row after its label: one character per token (each drawn twice).
    static func cells(_ line: Substring) -> [Character] {
        var width = 0, rest = Substring(line)
        while width < TerminalAttentionMap.rowLabelWidth + 1, let c = rest.first {
            width += TerminalWidth.of(String(c))
            rest = rest.dropFirst()
        }
        return stride(from: 0, to: rest.count, by: 2).map { rest[rest.index(rest.startIndex, offsetBy: $0)] }
    }

    /// A line without its colour codes.
    static func plain(_ line: Substring) -> String {
        String(line).replacing(try! Regex("\u{1B}\\[[0-9;]*m"), with: "")
    }

    @Test func theShadesAreTheForwardPassesProbabilities() throws {
        let h = Self.trained()
        #expect(h.run("show attention \"\(Self.sentence)\" layer=0 head=1") == .finished, "\(h.err)")
        let (ids, att) = try Self.forward(h, Self.sentence)
        let T = ids.count
        let lines = h.out.split(separator: "\n")
        #expect(lines[0] == "layer 0, head 1: row i is token i's attention over tokens 0…i")
        var compared = 0
        for q in 0..<T {
            let row = try #require(lines.first { $0.hasPrefix("\(q) \(h.session.tokenizer!.piece(ids[q]))") })
            let shown = Self.cells(row)
            for k in 0..<T {
                let p = att[0][(1 * T + q) * T + k]
                let expected = k <= q ? AttentionShades.glyph(p) ?? " " : " "
                #expect((k < shown.count ? shown[k] : " ") == expected, "query \(q) key \(k): \(p)")
                compared += 1
            }
        }
        #expect(compared == T * T && T == 10)
        #expect(!h.out.contains("\u{1B}"), "no colour on a plain terminal")
    }

    @Test func theSVGHoldsEveryExactValue() throws {
        let h = Self.trained()
        let dir = temporaryDirectory()
        let path = dir.appendingPathComponent("att.svg").path
        #expect(h.run("show attention \"\(Self.sentence)\" \(path) layer=all head=all") == .finished, "\(h.err)")
        #expect(h.out == "wrote \(path)\n")
        let svg = try String(contentsOfFile: path, encoding: .utf8)
        let (ids, att) = try Self.forward(h, Self.sentence)
        let T = ids.count
        let pattern = try Regex("<title>layer (\\d) head (\\d) query (\\d+) key (\\d+): ([0-9.]+)</title>")
        var seen = 0
        for m in svg.matches(of: pattern) {
            let field = { (i: Int) in String(m.output[i].substring!) }
            let l = Int(field(1))!, hd = Int(field(2))!, q = Int(field(3))!, k = Int(field(4))!
            #expect(abs(Double(field(5))! - Double(att[l][(hd * T + q) * T + k])) <= 5e-7)
            seen += 1
        }
        #expect(seen == 2 * 2 * T * (T + 1) / 2, "every visible cell of every map")
        #expect(svg.contains(">世界</text>") && svg.hasSuffix("</svg>\n"))
    }

    @Test func thirtyTokensFitEightyColumnsAndColourIsOptional() throws {
        let colour = TerminalInfo(statusLine: false, colorOnStdout: true, colorOnStderr: false, columns: { 80 })
        let text = String(repeating: Self.sentence, count: 3)
        for terminal in [TerminalInfo.plain, colour] {
            let h = Self.trained(blockSize: 32, terminal: terminal)
            #expect(h.run("show attention \"\(text)\"") == .finished, "\(h.err)")
            let lines = h.out.split(separator: "\n")
            #expect(lines.contains { $0.hasPrefix("29 ！") }, "all 30 rows")
            for line in lines { #expect(TerminalWidth.of(Self.plain(line)) <= 80, "\(line)") }
            let coloured = h.out.components(separatedBy: "\u{1B}[48;5;").count - 1
            #expect(coloured == (terminal.colorOnStdout ? 30 * 31 / 2 : 0))
            h.clear()
            #expect(h.run("show attention \"\(text)\" layer=all head=all") == .finished)
            #expect(h.out.contains("L0 H0") && h.out.contains("L1 H1"))
            for line in h.out.split(separator: "\n") { #expect(TerminalWidth.of(Self.plain(line)) <= 80, "\(line)") }
        }
    }

    @Test func errors() {
        let bare = Harness()
        bare.run("load corpus \(WordsCommandTests.corpus); tokenizer words")
        bare.clear()
        #expect(bare.run("show attention \"你好\"") == .failed)
        #expect(bare.err.contains("no model: run `init` (or `load PATH`) first"))
        let h = Self.trained()
        #expect(h.run("show attention \"你好\" layer=2") == .failed)
        #expect(h.err == "<command>:1:27: error: layer must be `all` or a number from 0 to 1, not '2'\n")
        h.clear()
        #expect(h.run("show attention \"你好\" map.png") == .failed)
        #expect(h.err.contains("show attention writes SVG: give a path ending in .svg"))
        h.clear()
        #expect(h.run("show attention \"\(String(repeating: Self.sentence, count: 2))\"") == .failed)
        #expect(h.err.contains("error: the text is 20 tokens, more than the model's block_size of 16"))
    }
}
