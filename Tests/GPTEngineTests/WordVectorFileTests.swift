import Foundation
import Testing
@testable import GPTEngine

/// Reading word2vec text and binary and GloVe files: the same vectors in each format (written
/// by gensim, scripts/make_word_vectors.py), and errors that name the line and column.
struct WordVectorFileTests {
    static func read(_ path: String) throws -> (WordVectorFileSummary, [String: [Float]], [String]) {
        var vectors: [String: [Float]] = [:], order: [String] = []
        let summary = try WordVectorFile.read(path: path) { word, v in
            vectors[word] = Array(v)
            order.append(word)
        }
        return (summary, vectors, order)
    }

    static func file(_ text: String) -> String {
        file(Data(text.utf8))
    }

    static func file(_ data: Data) -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vectors-\(UUID().uuidString).txt")
        try! data.write(to: url)
        return url.path
    }

    @Test func theThreeFormatsHoldTheSameVectors() throws {
        let expected = try WordTokenizerTests.expected()
        let (text, t, order) = try Self.read(WordTokenizerTests.seedVectors)
        let (binary, b, binaryOrder) = try Self.read(WordTokenizerTests.fixture("seed.bin").path)
        let (glove, g, _) = try Self.read(WordTokenizerTests.fixture("seed.glove.txt").path)
        #expect(text == WordVectorFileSummary(format: .word2vecText, dimension: 16, words: expected.words))
        #expect(binary == WordVectorFileSummary(format: .word2vecBinary, dimension: 16, words: expected.words))
        #expect(glove == WordVectorFileSummary(format: .gloveText, dimension: 16, words: expected.words))
        #expect(order == binaryOrder)
        for word in order {
            // Text holds 7 significant digits; binary the float32s themselves.
            for (x, y) in zip(t[word]!, b[word]!) { #expect(abs(x - y) <= 1e-6 * max(1, abs(y)), "\(word)") }
            #expect(t[word] == g[word])
        }
        for (word, v) in expected.vectors { #expect(b[word] == v, "\(word)") }
    }

    @Test func malformedLinesNameTheirLineAndColumn() throws {
        let cases: [(String, String)] = [
            ("2 3\na 1 2 3\nb 1 x 3\n", ":3:5: 'x' is not a finite number"),
            ("2 3\na 1 2 3\nb 1 2\n", ":3:1: 2 values after the word, but the file's vectors have 3 (from the header)"),
            ("a 1 2 3\nb 1 2 3 4\n", ":2:1: 4 values after the word, but the file's vectors have 3 (from line 1)"),
            ("3 2\na 1 2\nb 3 4\n", "the header promises 3 words but the file holds 2"),
            ("2 0\n", ":1:3: the dimension 0 is not between 1 and 10000"),
            ("1 2\n猫 1 nan\n", ":2:5: 'nan' is not a finite number"),
            ("hello\n", ":1:1: not a word-vector file"),
            ("", "is empty"),
        ]
        for (text, message) in cases {
            let path = Self.file(text)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let error = try #require(throws: EngineError.self) { try Self.read(path) }
            #expect(error.description.contains(message), "\(error)")
            #expect(error.description.contains(path))
        }
    }

    @Test func missingFilesAndFoldersAreErrors() {
        let folder = FileManager.default.temporaryDirectory.path
        #expect(throws: EngineError.io("cannot read '\(folder)': it is a folder, not a regular file")) { try Self.read(folder) }
        #expect(throws: EngineError.io("cannot read '/nonexistent/v.txt': No such file or directory")) { try Self.read("/nonexistent/v.txt") }
    }

    @Test func binaryFilesEndingInsideAVectorAreErrors() throws {
        var data = Data("2 4\n".utf8)
        for word in ["灯", "塔"] {
            data += Data((word + " ").utf8)
            for v: Float in [0.5, -1, 2, 0.25] { withUnsafeBytes(of: v.bitPattern.littleEndian) { data += Data($0) } }
            data += Data("\n".utf8)
        }
        let whole = Self.file(data), cut = Self.file(data.prefix(data.count - 6))
        defer { [whole, cut].forEach { try? FileManager.default.removeItem(atPath: $0) } }
        let (summary, vectors, _) = try Self.read(whole)
        #expect(summary.format == .word2vecBinary)
        #expect(vectors["塔"] == [0.5, -1, 2, 0.25])
        let error = try #require(throws: EngineError.self) { try Self.read(cut) }
        #expect(error.description.contains("word 2 (byte 25) '塔'"), "\(error)")
        #expect(error.description.contains("the file ends inside its vector"))
    }

    @Test func linesAcrossBufferRefillsReadWhole() throws {
        // 1.5 MB, more than the reader's 1 MiB buffer: lines cut by a refill still read whole.
        var text = "100000 2\n"
        for i in 0..<100_000 { text += "w\(i) \(i % 7) -1\n" }
        let path = Self.file(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var seen = 0, last = ""
        let summary = try WordVectorFile.read(path: path) { word, v in
            seen += 1
            last = word + " " + v.map { String($0) }.joined(separator: " ")
        }
        #expect(summary.words == 100_000 && seen == 100_000)
        #expect(last == "w99999 4.0 -1.0")
    }
}
