import Foundation
import GPTEngine

/// gptsh as one rank of an Open MPI job (`mpirun -np N gptsh train.gpt`): every rank replays
/// the same commands; rank 0 prints and writes files, the others report only their errors.
extension Launcher {
    static func runRank(_ options: LaunchOptions) -> Int32 {
        let environment = ProcessInfo.processInfo.environment
        let size = environment[ProcessGroup.sizeVariable].flatMap { Int($0) } ?? 1
        if let problem = usageProblem(options, size: size) {
            // Every rank has the same command line; one message is enough.
            if environment["OMPI_COMM_WORLD_RANK"] == "0" { FileHandle.standardError.write(Data("gptsh: \(problem)\n".utf8)) }
            return 2
        }
        let group: ProcessGroup
        do { group = try ProcessGroup.fromEnvironment(environment) } catch {
            FileHandle.standardError.write(Data("gptsh: \(error)\n".utf8))
            return 1
        }
        let output = group.isPrimary ? Output.standard(quiet: options.quiet) : Output.rank(group.rank)
        let status = run(options, in: Shell(session: Session(group: group), output: output))
        // A rank that stops early would leave the others waiting in a collective forever. A rank
        // that was only stopped (by Ctrl-C, or because another rank failed and asked all to stop)
        // waits longer, so that the job ends with the failing rank's status.
        if status != 0 { group.abort(code: status, after: status == 130 ? 1 : 0.2) }
        group.finish()
        return 0
    }

    private static func usageProblem(_ options: LaunchOptions, size: Int) -> String? {
        guard size > 1 else { return nil }
        if options.keepGoing {
            return "--keep-going cannot be used under mpirun: a rank that went on past a failed command would no longer train the same model as the others"
        }
        if options.sources.isEmpty || options.sources.contains(.script("-")) {
            return "under mpirun give the commands as script files or with -c: standard input reaches rank 0 alone"
        }
        return nil
    }
}
