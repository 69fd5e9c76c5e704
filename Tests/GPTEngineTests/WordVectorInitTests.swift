import Foundation
import Testing
@testable import GPTEngine

/// `init vectors=PATH`: which rows change, how they are scaled and mapped, and that a bad file
/// leaves the session as it was.
struct WordVectorInitTests {
    static func ready(nEmbd: Int) throws -> Session {
        let text = String(repeating: TokenizerSessionTests.sentences + "The keeper lit the lamp.\n", count: 6)
        let session = try WordTokenizerTests.session(text, val: 0.2)
        let (tokenizer, _) = try session.buildWordTokenizer(vectorsPath: WordTokenizerTests.seedVectors)
        try session.useTokenizer(tokenizer)
        try session.set([("n_layer", 1), ("n_head", 2), ("n_embd", Double(nEmbd)), ("block_size", 8), ("batch_size", 2)])
        return session
    }

    static func row(_ model: GPT, _ id: Int32) -> [Float] {
        let C = model.config.nEmbd
        return Array(UnsafeBufferPointer(start: model.params.pointer + model.layout.wte + Int(id) * C, count: C))
    }

    @Test func coveredRowsAreTheScaledVectorsAndTheRestKeepTheirInit() throws {
        let session = try Self.ready(nEmbd: 32)
        let plain = try session.initModel(seed: 4)
        let (model, coverage) = try session.initModel(seed: 4, vectorsPath: WordTokenizerTests.seedVectors)
        let tokenizer = session.tokenizer!
        let (_, vectors, _) = try WordVectorFileTests.read(WordTokenizerTests.seedVectors)
        #expect(coverage.mapping == .firstColumns(16))
        var covered: [String] = [], sumSquares: Double = 0
        for id in 0..<Int32(tokenizer.vocabSize) {
            let text = tokenizer.decode([id])
            let word = vectors[text] != nil ? text : text.hasPrefix(" ") ? String(text.dropFirst()) : text
            let row = Self.row(model, id), before = Self.row(plain, id)
            let spelling = text.unicodeScalars.count == 1 && text.unicodeScalars.first!.isASCII
            guard let v = vectors[word], !spelling, !tokenizer.specialTokens.values.contains(id) else {
                #expect(row == before, "token \(id) '\(text)' is in no vector and keeps its init")
                continue
            }
            covered.append(text)
            for i in 0..<16 { #expect(abs(row[i] - v[i] * coverage.scale) <= 1e-7, "token \(id) '\(text)'") }
            #expect(Array(row[16...]) == Array(before[16...]), "the columns past the file's dimension keep their init")
            sumSquares += row[..<16].reduce(0) { $0 + Double($1 * $1) }
        }
        #expect(covered.count == coverage.covered && covered.count >= 13, "the seed's words and more")
        #expect(["你好", "自然", "语言", " keeper"].allSatisfy(covered.contains))
        #expect(abs((sumSquares / Double(covered.count * 16)).squareRoot() - 0.02) < 1e-6, "scaled to the init's 0.02")
        #expect(coverage.examples == Array(covered.prefix(8)))
    }

    @Test func moreDimensionsThanNEmbdAreProjected() throws {
        let session = try Self.ready(nEmbd: 8)
        let (model, coverage) = try session.initModel(seed: 4, vectorsPath: WordTokenizerTests.seedVectors)
        #expect(coverage.mapping == .projected(from: 16))
        let (again, _) = try session.initModel(seed: 4, vectorsPath: WordTokenizerTests.seedVectors)
        let id = try session.tokenizer!.encode("你好")[0]
        #expect(Self.row(model, id) == Self.row(again, id), "the projection is fixed by the seed")
        let (_, vectors, _) = try WordVectorFileTests.read(WordTokenizerTests.seedVectors)
        let R = GPT.projection(rows: 8, columns: 16, seed: 4)
        let v = vectors["你好"]!
        for i in 0..<8 {
            let projected = (0..<16).reduce(Float(0)) { $0 + R[i * 16 + $1] * v[$1] }
            #expect(abs(Self.row(model, id)[i] - projected * coverage.scale) < 1e-6)
        }
    }

    @Test func aBadFileLeavesTheSessionAsItWas() throws {
        let session = try Self.ready(nEmbd: 16)
        let model = try session.initModel(seed: 4)
        try session.train(steps: 1)
        let path = WordVectorFileTests.file("2 16\n你好 " + String(repeating: "0.1 ", count: 16) + "\n自然 0.1 oops\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = try #require(throws: EngineError.self) { try session.initModel(seed: 5, vectorsPath: path) }
        #expect(error.description.contains(":3:1: 2 values after the word"), "\(error)")
        #expect(session.model === model && session.iteration == 1)
    }
}
