import Foundation
import GPTEngine

/// `init vectors=PATH`: a fresh model whose token embeddings start from pretrained vectors.
enum InitVectors {
    static func initialize(_ shell: Shell, _ command: Invocation, path written: String, seed: Int?,
                           settings: [(String, Double)]) throws -> (GPT, WordVectorCoverage) {
        do {
            return try shell.session.initModel(seed: seed, settings: settings, vectorsPath: shell.resolve(written))
        } catch let error as EngineError {
            throw ShellError(error, at: command.location(of: "vectors"))
        }
    }

    static func report(_ coverage: WordVectorCoverage, model c: GPTConfig, in shell: Shell) {
        let file = coverage.file
        let mapping: String
        switch coverage.mapping {
        case .copied: mapping = "\(file.dimension) dimensions, as n_embd"
        case .firstColumns(let d): mapping = "\(d) dimensions into the first \(d) of \(c.nEmbd) columns, the rest random"
        case .projected(let d): mapping = "\(d) dimensions projected to \(c.nEmbd) by a fixed random matrix"
        }
        shell.output.info("vectors: \(Format.grouped(coverage.covered)) of \(Format.grouped(coverage.coverable)) tokens start from "
            + "the \(Format.grouped(file.words)) \(file.format.rawValue) vectors (\(mapping); scaled by \(String(format: "%.3g", coverage.scale)) "
            + "to the init's 0.02)")
        if !coverage.examples.isEmpty {
            shell.output.info("covered: " + coverage.examples.map { "'\($0)'" }.joined(separator: " ") + (coverage.covered > coverage.examples.count ? " …" : ""))
        }
    }
}
