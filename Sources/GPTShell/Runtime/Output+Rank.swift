import Foundation

extension Output {
    /// Where a rank other than 0 writes: nothing but its errors, each line naming the rank.
    static func rank(_ rank: Int) -> Output {
        let output = Output(quiet: true, stdout: { _ in }, stderr: { text in
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let named = lines.map { $0.isEmpty ? "" : "rank \(rank): \($0)" }.joined(separator: "\n")
            fputs(named, stderr)
        })
        output.showsNotes = false
        return output
    }
}
