import Foundation
import Testing
@testable import GPTEngine

/// `load pairs`: parsing, the windows and their mask, the masked loss, `answer`, checkpoints.
@Suite(.serialized) struct PairsTests {
    let dir: URL

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("gptsh-pairs-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    func file(_ name: String, _ text: String) throws -> String {
        let path = dir.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func parseError(_ text: String, name: String = "p.jsonl") -> String {
        do {
            _ = try PairsFile.parse(Array(text.utf8), path: name)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    // MARK: parsing

    @Test func readsJSONLinesAndTSV() throws {
        let jsonl = try PairsFile.parse(Array("""
            {"prompt": "a\\tb", "response": "\\u4f60\\u597d \\ud83d\\ude00", "id": [1, {"x": null}]}

            {"response": "yes", "prompt": "q?"}\r

            """.utf8), path: "p.jsonl")
        #expect(jsonl == [PromptPair(prompt: "a\tb", response: "你好 😀", line: 1, promptColumn: 13, responseColumn: 33),
                          PromptPair(prompt: "q?", response: "yes", line: 3, promptColumn: 32, responseColumn: 15)])
        let tsv = try PairsFile.parse(Array("静夜思\t床前明月光，疑是地上霜。\n\nhi\tthere {\n".utf8), path: "p.tsv")
        #expect(tsv.map(\.prompt) == ["静夜思", "hi"])
        #expect(tsv.map(\.response) == ["床前明月光，疑是地上霜。", "there {"])
        #expect(tsv.map(\.line) == [1, 3])
        #expect(tsv[0].responseColumn == 5)
        // Without an extension that says, the first line decides.
        #expect(try PairsFile.parse(Array("{\"prompt\": \"a\", \"response\": \"b\"}\n".utf8), path: "p.txt").count == 1)
        #expect(try PairsFile.parse(Array("a\tb\n".utf8), path: "p.txt").count == 1)
    }

    @Test func parseErrorsNameFileLineAndColumn() {
        #expect(parseError("{\"prompt\": \"a\", \"response\": \"b\"}\n{\"prompt\" \"a\"}\n")
            == "p.jsonl:2:11: expected ':' after the member name")
        #expect(parseError("{\"prompt\": \"a\"}\n") == "p.jsonl:1:1: the object has no \"response\": each line needs {\"prompt\": \"…\", \"response\": \"…\"}")
        #expect(parseError("{\"prompt\": 3, \"response\": \"b\"}") == "p.jsonl:1:12: the prompt must be a string")
        #expect(parseError("{\"prompt\": \"a\", \"prompt\": \"b\"}") == "p.jsonl:1:17: \"prompt\" is given twice")
        #expect(parseError("{\"prompt\": \"a\", \"response\": \"b\"} x") == "p.jsonl:1:34: text after the object's closing }: one object per line")
        #expect(parseError("{\"prompt\": \"a\", \"response\": \"b") == "p.jsonl:1:31: the string is not closed, but the line ends")
        #expect(parseError("{\"prompt\": \"a\\q\", \"response\": \"b\"}") == "p.jsonl:1:15: '\\q' is not a JSON escape")
        #expect(parseError("{\"prompt\": \"\", \"response\": \"b\"}") == "p.jsonl:1:12: the prompt is empty")
        #expect(parseError("{\"prompt\": \"a\", \"response\": \"b<|endoftext|>\"}")
            == "p.jsonl:1:31: the response holds <|endoftext|>, which gptsh puts after each response itself")
        #expect(parseError("ok\tfine\nno tab here\n", name: "p.tsv") == "p.tsv:2:12: no tab: a TSV line holds a prompt, a tab and a response")
        #expect(parseError("a\tb\tc\n", name: "p.tsv") == "p.tsv:1:4: a second tab: a TSV line holds a prompt, one tab and a response")
        #expect(parseError("\tb\n", name: "p.tsv") == "p.tsv:1:1: the prompt is empty")
        #expect(parseError("a\t\n", name: "p.tsv") == "p.tsv:1:3: the response is empty")
        #expect(parseError("\n  \n", name: "p.tsv") == "'p.tsv' holds no pairs")
        do {
            _ = try PairsFile.parse([0x61, 0x09, 0x62, 0x0A, 0x61, 0x62, 0xFF, 0x0A], path: "p.tsv")
            Issue.record("invalid UTF-8 was accepted")
        } catch {
            #expect("\(error)" == "p.tsv:2:3: not valid UTF-8")
        }
    }

    // MARK: windows and the mask

    /// ab -> xy and b -> x, with a char tokenizer over the pairs' text.
    func tinyPairs() throws -> (Corpus, CharTokenizer, TokenStream) {
        let corpus = try Corpus(pairsAt: "t.tsv", pairs: [PromptPair(prompt: "ab", response: "xy", line: 1),
                                                           PromptPair(prompt: "b", response: "x", line: 2)], valFraction: 0)
        let tokenizer = CharTokenizer(corpus: corpus.text, specials: [SpecialToken.endOfText])
        let stream = try PairIndex.encode(corpus.pairs!.train, format: .standard, with: tokenizer)
        return (corpus, tokenizer, stream)
    }

    @Test func windowsHoldOnePairAndCountOnlyTheResponse() throws {
        let (corpus, tokenizer, stream) = try tinyPairs()
        #expect(corpus.text == "ab\nxy<|endoftext|>b\nx<|endoftext|>")
        #expect(corpus.documents == 2)
        let id = { (c: String) in try tokenizer.encode(c)[0] }
        let a = try id("a"), b = try id("b"), nl = try id("\n"), x = try id("x"), y = try id("y")
        let eot = tokenizer.specialTokens[SpecialToken.endOfText]!
        let pairs = try #require(stream.pairs)
        #expect(pairs.starts == [0, 6, 10] && pairs.contextLengths == [3, 2] && pairs.countedTargets == 5)
        let T = 7
        var inputs = [Int32](repeating: 99, count: T), targets = inputs
        pairs.window(0, of: stream, inputs: &inputs, targets: &targets, T: T)
        // Position 2 (the newline) predicts the first response token; padding repeats eot.
        #expect(inputs == [a, b, nl, x, y, eot, eot])
        #expect(targets == [-1, -1, x, y, eot, -1, -1])
        pairs.window(1, of: stream, inputs: &inputs, targets: &targets, T: T)
        #expect(inputs == [b, nl, x, eot, eot, eot, eot])
        #expect(targets == [-1, x, eot, -1, -1, -1, -1])
        // Batches hold whole pairs from their start.
        var sampler = BatchSampler(seed: 9)
        let B = 6
        var bi = [Int32](repeating: 0, count: B * T), bt = bi
        sampler.fill(inputs: &bi, targets: &bt, from: stream, B: B, T: T)
        for row in 0..<B {
            let first = bi[row * T]
            #expect(first == a || first == b)
            #expect(bt[row * T ..< row * T + T].filter { $0 >= 0 }.count == (first == a ? 3 : 2))
        }
        #expect(BatchSampler.canSample(stream, T: 5) && !BatchSampler.canSample(stream, T: 4))
    }

    @Test func maskedLossIsTheMeanOverResponseTokensAndGradientsMatch() throws {
        let (_, tokenizer, stream) = try tinyPairs()
        let pairs = stream.pairs!
        let T = 6, B = 2
        let model = try GPT(config: GPTConfig(vocabSize: tokenizer.vocabSize, blockSize: T, nLayer: 1, nHead: 2, nEmbd: 8))
        model.initialize(seed: 3)
        var inputs = [Int32](repeating: 0, count: B * T), targets = inputs
        inputs.withUnsafeMutableBufferPointer { i in
            targets.withUnsafeMutableBufferPointer { t in
                for k in 0..<B { pairs.window(k, of: stream, inputs: i.baseAddress! + k * T, targets: t.baseAddress! + k * T, T: T) }
            }
        }
        // By hand: log-softmax of the logits at the counted positions only.
        model.forward(idx: inputs, targets: nil, B: B, T: T)
        let V = tokenizer.vocabSize
        var total = 0.0, counted = 0
        for n in 0..<(B * T) where targets[n] >= 0 {
            let row = (0..<V).map { Double(model.logits[n * V + $0]) }
            let m = row.max()!
            let logSum = log(row.reduce(0) { $0 + exp($1 - m) }) + m
            total += logSum - row[Int(targets[n])]
            counted += 1
        }
        #expect(counted == 5)
        let masked = model.forward(idx: inputs, targets: targets, B: B, T: T)
        #expect(abs(Double(masked) - total / Double(counted)) < 1e-5)
        // The gradient is that of this mean: central differences on a few weights.
        model.zeroGrad()
        model.forward(idx: inputs, targets: targets, B: B, T: T)
        model.backward()
        let p = model.params.pointer, g = model.grads.pointer
        for i in [model.layout.wte + 3, model.layout.wte + V * 4 + 1, model.layout.blocks[0].fcw + 17] {
            let keep = p[i], h: Float = 1e-2
            p[i] = keep + h
            let up = Double(model.forward(idx: inputs, targets: targets, B: B, T: T))
            p[i] = keep - h
            let down = Double(model.forward(idx: inputs, targets: targets, B: B, T: T))
            p[i] = keep
            let numeric = (up - down) / Double(2 * h)
            #expect(abs(numeric - Double(g[i])) < 2e-3 + 0.02 * abs(numeric), "parameter \(i): \(numeric) vs \(g[i])")
        }
    }

    // MARK: the session

    func pairsSession(_ lines: String = "ab\txy\nba\tyx\n", name: String = "p.tsv") throws -> Session {
        let s = Session()
        try s.loadPairs(path: try file(name, lines), valFraction: 0)
        try s.useTokenizer(try s.buildCharTokenizer())
        try s.set([("n_layer", 2), ("n_head", 2), ("n_embd", 32), ("block_size", 8), ("batch_size", 4),
                   ("learning_rate", 3e-3), ("warmup_iters", 0), ("min_lr", 3e-3), ("eval_iters", 2),
                   ("eval_interval", 0), ("log_interval", 10), ("threads", 1)])
        try s.initModel(seed: 1)
        return s
    }

    func answer(_ s: Session, _ prompt: String) throws -> SampleResult {
        try s.answer(prompt, options: SampleOptions(tokens: 8, temperature: 0), emit: { _ in })
    }

    @Test func answerGivesTheTrainedResponseAndStopsAtEndOfText() throws {
        let s = try pairsSession()
        let before = try s.score(split: .train)
        #expect(before.tokens == 6 && before.bytes == 6)
        try s.train(steps: 400)
        let after = try s.score(split: .train)
        #expect(after.loss < 0.05 && after.loss < before.loss, "masked loss \(before.loss) -> \(after.loss) \(s.metrics.steps.map(\.loss))")
        for (prompt, response) in [("ab", "xy"), ("ba", "yx")] {
            let r = try answer(s, prompt)
            #expect(r.text == response)
            #expect(r.stoppedBy == SpecialToken.endOfText)
            #expect(r.tokens.count == 3)
        }
    }

    @Test func checkpointKeepsThePromptFormatAndThePairs() throws {
        let s = try pairsSession()
        try s.train(steps: 400)
        let path = dir.appendingPathComponent("pairs.ckpt").path
        try s.save(path: path)
        let t = Session()
        try t.load(path: path)
        #expect(t.promptFormat == .standard)
        #expect(t.trainTokens?.pairs?.count == 2 && t.lossIsMasked)
        #expect(try answer(t, "ba").text == "yx")
        // Weights only, and without the pairs file, the format still comes back with the model.
        try s.save(path: path, weightsOnly: true)
        try FileManager.default.removeItem(atPath: dir.appendingPathComponent("p.tsv").path)
        let u = Session()
        try u.load(path: path)
        #expect(u.promptFormat == .standard && u.corpus == nil)
        #expect(try answer(u, "ab").text == "xy")
        // A model of plain text has no format to answer in.
        let plain = try smallTrainingSession(in: dir)
        try plain.save(path: path)
        let v = Session()
        try v.load(path: path)
        #expect(v.promptFormat == nil)
        #expect(throws: EngineError.missing(.pairs)) { try answer(v, "ab") }
    }

    @Test func pairsTheTokenizerCannotEncodeNameTheLineAndColumn() throws {
        let s = try pairsSession()
        let path = try file("new.jsonl", "{\"prompt\": \"ab\", \"response\": \"xy\"}\n{\"prompt\": \"ab\", \"response\": \"xQ\"}\n")
        try s.loadPairs(path: path, valFraction: 0)
        #expect(!s.isEncoded)
        #expect(s.encodingFailure == .cannotEncode(path: path, line: 2, column: 32, character: "Q", tokenizer: "char"))
        #expect(throws: EngineError.cannotEncode(path: path, line: 2, column: 32, character: "Q", tokenizer: "char")) {
            try s.useTokenizer(s.tokenizer!)
        }
    }

    @Test func aPairLongerThanAWindowIsRefusedWithItsLine() throws {
        let s = try pairsSession("ab\txy\nabab\tyxyxyx\n")
        #expect(throws: EngineError.invalidArgument("\(dir.appendingPathComponent("p.tsv").path):2: this pair is 12 tokens with its separator and "
            + "<|endoftext|>, more than the 9 a window of block_size 8 holds: raise block_size or shorten the pair")) {
            try s.train(steps: 1)
        }
        #expect(s.iteration == 0)
    }

    @Test func validationIsTheLastPairsAndEvalIsMasked() throws {
        let s = Session()
        try s.loadPairs(path: try file("v.tsv", (0..<10).map { "q\($0 % 3)\ta\($0 % 2)" }.joined(separator: "\n")), valFraction: 0.2)
        #expect(s.corpus?.pairs?.train.count == 8 && s.corpus?.pairs?.val.map(\.line) == [9, 10])
        #expect(s.corpus?.parts.val == "q2\na0<|endoftext|>q0\na1<|endoftext|>")
        try s.useTokenizer(try s.buildCharTokenizer())
        try s.set([("n_layer", 1), ("n_head", 2), ("n_embd", 8), ("block_size", 8), ("batch_size", 2), ("threads", 1)])
        try s.initModel(seed: 1)
        let e = try s.evaluate(iters: 2)
        #expect(e.valLoss != nil)
        let val = try s.score(split: .val)
        #expect(val.tokens == 6)
    }
}
