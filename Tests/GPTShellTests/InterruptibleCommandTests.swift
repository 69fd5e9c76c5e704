import Foundation
import GPTEngine
import Testing
@testable import GPTShell

/// What a stopped command must leave as it was.
private struct SessionState: Equatable {
    var tokenizer: ObjectIdentifier?
    var model: ObjectIdentifier?
    var optimizer: ObjectIdentifier?
    var corpus: String?
    var trainTokens: ObjectIdentifier?
    var valTokens: ObjectIdentifier?

    init(_ session: Session) {
        tokenizer = session.tokenizer.map(ObjectIdentifier.init)
        model = session.model.map(ObjectIdentifier.init)
        optimizer = session.optimizer.map(ObjectIdentifier.init)
        corpus = session.corpus?.text
        trainTokens = session.trainTokens.map(ObjectIdentifier.init)
        valTokens = session.valTokens.map(ObjectIdentifier.init)
    }
}

/// Runs `command` on a fresh ready session, stopped at its first poll of `shouldStop`, then
/// its second, and so on until a run finishes before the stop comes. Every stopped run must
/// leave the session as it was and say so; returns how many runs were stopped and the
/// harness of the one that finished.
private func stopAtEachPoll(_ command: String, named name: String) -> (stops: Int, finished: Harness, before: SessionState) {
    var stops = 0
    while true {
        let (h, _) = readyHarness()
        let before = SessionState(h.session)
        var polls = 0
        h.shell.shouldStop = {
            polls += 1
            return polls == stops + 1
        }
        let outcome = h.run("\(command); echo after")
        if polls <= stops {
            #expect(outcome == .finished, "\(command): \(h.err)")
            return (stops, h, before)
        }
        #expect(outcome == .interrupted, "\(command) stopped at poll \(stops + 1)")
        #expect(SessionState(h.session) == before, "\(command) stopped at poll \(stops + 1)")
        #expect(h.err == "interrupted: \(name) stopped; the session is as it was\n")
        #expect(!h.out.contains("after"))
        stops += 1
        if stops > 100 { break }
    }
    Issue.record("\(command) polled more than 100 times")
    return (stops, Harness(), SessionState(Session()))
}

@Suite struct InterruptibleCommandTests {
    @Test func aStoppedBPEKeepsTheOldTokenizerAndModel() {
        let (stops, h, before) = stopAtEachPoll("tokenizer bpe vocab=262", named: "tokenizer bpe")
        // Six merges each polled, then the two parts' encoding.
        #expect(stops >= 6 + 3)
        #expect(h.session.tokenizer?.kind == "bpe")
        #expect(h.session.model == nil && before.model != nil)
    }

    @Test func aStoppedCharTokenizerKeepsTheOldOne() {
        let (stops, h, before) = stopAtEachPoll("tokenizer char", named: "tokenizer char")
        #expect(stops >= 4)
        #expect(SessionState(h.session).tokenizer != before.tokenizer)
    }

    @Test func aStoppedCorpusLoadKeepsTheOldCorpus() {
        let dir = temporaryDirectory()
        let path = write(String(tinyCorpus.reversed()), to: "other.txt", in: dir)
        let (stops, h, before) = stopAtEachPoll("load corpus \(path)", named: "load corpus")
        #expect(stops >= 4)
        #expect(h.session.corpus?.text != before.corpus)
        #expect(h.session.isEncoded)
    }

    @Test(arguments: ["score train", "score val", "score \"the cat sat on the mat and the dog sat on the log\""])
    func aStoppedScorePrintsNothing(_ command: String) {
        let (stops, h, _) = stopAtEachPoll(command, named: "score")
        #expect(stops >= 2)
        #expect(h.out.contains("perplexity"))
    }
}
