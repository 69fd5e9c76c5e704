import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import GPTShell

/// Counts the elements of an XML document, and fails on any that is not well formed.
private final class ElementCounter: NSObject, XMLParserDelegate {
    var counts: [String: Int] = [:]
    var texts: [String] = []
    var root: String?
    private var inText = false

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if root == nil { root = name }
        counts[name, default: 0] += 1
        inText = name == "text"
        if inText { texts.append("") }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { texts[texts.count - 1] += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        inText = false
    }
}

@Suite struct PlotTests {
    func trained() -> (Harness, URL) {
        let (h, dir) = readyHarness()
        let ok = h.run("train 40 log_interval=4 eval_interval=10")
        precondition(ok == .finished, h.err)
        h.clear()
        return (h, dir)
    }

    @Test func theTerminalChartHasAxesTicksAndBothSeriesWithinTheWidth() {
        let (h, _) = trained()
        #expect(h.run("plot") == .finished, "\(h.err)")
        let lines = h.out.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        #expect(lines.count == TerminalChart.rows + 4)
        #expect(lines.allSatisfy { $0.count <= 80 })
        #expect(lines[0].hasPrefix("Training and validation loss · tiny.txt · 1 layer, 2 heads"))
        #expect(lines[1].contains("── train") && lines[1].contains("● val"))
        #expect(lines.filter { $0.contains("┤") }.count >= 3, "labelled y ticks")
        #expect(lines.contains { $0.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) } }, "Braille curve")
        #expect(lines.contains { $0.contains("●") })
        let axis = lines[lines.count - 2], labels = lines[lines.count - 1]
        #expect(axis.contains("└") && axis.contains("┬") && axis.hasSuffix(" step"))
        #expect(labels.contains("0") && labels.contains("40"))
        #expect(!h.out.contains("\u{1B}"))
    }

    @Test func itFitsANarrowTerminalAndCanUseLogSteps() {
        let (h, _) = trained()
        let narrow = Harness(session: h.session, terminal: TerminalInfo(statusLine: false, colorOnStdout: true,
                                                                        colorOnStderr: false, columns: { 50 }))
        #expect(narrow.run("plot log_steps=true") == .finished, "\(narrow.err)")
        #expect(narrow.out.contains("\u{1B}[36m"), "colour on a terminal")
        for line in narrow.out.split(separator: "\n") { #expect(Style.visibleWidth(String(line)) <= 50) }
        #expect(narrow.out.contains(" 10 ") || narrow.out.contains(" 10\n"))
    }

    @Test func theLearningRateChartShowsThePlannedPart() {
        let (h, _) = trained()
        #expect(h.run("set warmup_iters=5 lr_decay_iters=100; plot lr") == .finished, "\(h.err)")
        #expect(h.out.contains("┄┄ planned") && h.out.contains("now (step 40)"))
        #expect(h.out.contains("┆"))
        #expect(h.out.contains(" 100"), "the horizon is lr_decay_iters")
    }

    @Test func theSVGIsWellFormedWithTwoSeriesAxesAndALegend() throws {
        let (h, dir) = trained()
        let path = dir.appendingPathComponent("loss.svg").path
        #expect(h.run("plot \(path)") == .finished, "\(h.err)")
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let parser = XMLParser(data: data)
        let counter = ElementCounter()
        parser.delegate = counter
        #expect(parser.parse(), "\(String(describing: parser.parserError))")
        #expect(counter.root == "svg")
        #expect(counter.counts["polyline"] == 2)
        #expect(counter.counts["circle", default: 0] >= 4)
        #expect(counter.counts["title"] == 1)
        for text in ["Training and validation loss", "step", "loss", "train", "val", "0", "40"] {
            #expect(counter.texts.contains(text), "a text element '\(text)'")
        }
        #expect(counter.texts.contains { $0.contains("1 layer, 2 heads, 8 wide") }, "the configuration")

        let converter = "/usr/bin/rsvg-convert"
        if FileManager.default.isExecutableFile(atPath: converter) {
            let png = dir.appendingPathComponent("loss.png").path
            let process = Process()
            process.executableURL = URL(fileURLWithPath: converter)
            process.arguments = ["-o", png, path]
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            let header = try Data(contentsOf: URL(fileURLWithPath: png)).prefix(8)
            #expect(header == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        }
    }

    @Test func mistakesAreErrors() {
        let (h, _) = readyHarness()
        #expect(h.run("plot") == .failed)
        #expect(h.err.contains("nothing to plot yet"))
        h.clear()
        #expect(h.run("train 2; plot out.png") == .failed)
        #expect(h.err.contains("give a path ending in .svg"))
        h.clear()
        #expect(h.run("plot log_steps=maybe") == .failed)
        #expect(h.err.contains("log_steps must be true or false"))
    }

    @Test func ticksAreRoundNumbers() {
        #expect(Ticks.linear(0, 100) == [0, 20, 40, 60, 80, 100])
        #expect(Ticks.linear(2.13, 2.96) == [2.2, 2.4, 2.6, 2.8])
        #expect(Ticks.logarithmic(1, 1000) == [1, 10, 100, 1000])
        #expect(Ticks.logarithmic(3, 300) == [5, 10, 20, 50, 100, 200])
        #expect(Ticks.label(20000) == "20k" && Ticks.label(0.0005) == "0.0005" && Ticks.label(2.4) == "2.4")
    }
}
