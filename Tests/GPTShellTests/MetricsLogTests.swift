import Foundation
import Testing
@testable import GPTShell

@Suite struct MetricsLogTests {
    func lines(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    @Test func jsonLinesHaveARecordPerLoggedStepAndPerEvaluation() throws {
        let (h, dir) = readyHarness()
        let path = dir.appendingPathComponent("metrics.jsonl").path
        #expect(h.run("log \(path); train 6 log_interval=2 eval_interval=3; eval") == .finished, "\(h.err)")
        let records = try lines(path).map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        // Steps 2, 4 and 6; evaluations at 3 and 6 in the run, and the `eval` after it.
        #expect(records.count == 6)
        let steps = records.filter { $0["loss"] != nil }
        let evaluations = records.filter { $0["val_loss"] != nil }
        #expect(steps.map { $0["step"] as! Int } == [2, 4, 6])
        #expect(evaluations.map { $0["step"] as! Int } == [3, 6, 6])
        #expect(Set(steps[0].keys) == ["step", "loss", "lr", "grad_norm", "ms", "tok_s", "time"])
        #expect(Set(evaluations[0].keys) == ["step", "train_loss", "val_loss", "time"])
        let logged = h.session.metrics.steps.map { Float(($0.loss)) }
        #expect(steps.map { Float(($0["loss"] as! NSNumber).doubleValue) } == logged)
        #expect((steps[0]["time"] as! Double) > 1.7e9)
    }

    @Test func csvHasOneHeaderAndEmptyCellsForWhatARecordLacks() throws {
        let (h, dir) = readyHarness()
        let path = dir.appendingPathComponent("metrics.csv").path
        #expect(h.run("log \(path); train 4 log_interval=2; log off; train 2 log_interval=1") == .finished, "\(h.err)")
        #expect(h.out.contains("logging metrics to \(path) (csv)"))
        #expect(h.run("log \(path) format=csv; train 2 log_interval=2") == .finished)
        let rows = try lines(path)
        #expect(rows[0] == "step,loss,lr,grad_norm,ms,tok_s,train_loss,val_loss,time")
        #expect(rows.filter { $0.hasPrefix("step,") }.count == 1)
        // Steps 2 and 4 and the end-of-run evaluation; nothing while off; then step 8 and its evaluation.
        #expect(rows.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false)[0] } == ["2", "4", "4", "8", "8"])
        for row in rows { #expect(row.split(separator: ",", omittingEmptySubsequences: false).count == 9) }
        #expect(rows[3].contains(",,,,,,"))
    }

    @Test func logAloneSaysWhereAndABadPathIsAnError() {
        let (h, dir) = readyHarness()
        h.run("log")
        #expect(h.out.contains("not logging"))
        h.clear()
        #expect(h.run("log \(dir.path)/missing/dir/m.jsonl") == .finished, "missing folders are created")
        write("", to: "file", in: dir)
        #expect(h.run("log \(dir.path)/file/m.jsonl") == .failed)
        #expect(h.err.contains("cannot create the folder"), "\(h.err)")
        h.clear()
        #expect(h.run("log x.txt format=xml") == .failed)
        #expect(h.err.contains("format must be one of jsonl, csv, got 'xml'"))
    }
}
