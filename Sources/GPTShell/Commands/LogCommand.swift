extension CommandSpec {
    static let log = CommandSpec(
        ["log"],
        arguments: [ArgumentSpec("PATH", .path, optional: true, "the file to append to")],
        options: [OptionSpec("format", .choice(MetricsLog.Format.allCases.map(\.rawValue)), "jsonl|csv",
                             default: .described("csv for a .csv path, else jsonl"), "JSON Lines or comma-separated values")],
        changesSession: .when { $0.given("PATH") },
        summary: "append a record per logged step and per evaluation to a file",
        details: """
            Each record has step, loss, lr, grad_norm, ms and tok_s (a logged step) or train_loss and \
            val_loss (an evaluation), and time (seconds since 1970). JSON Lines leaves out the fields a \
            record does not have; CSV leaves them empty and writes its header when the file starts \
            empty. Alone, `log` says where it logs. The metrics also stay in the session and its checkpoints.
            """,
        example: "log runs/metrics.jsonl",
        handler: LogCommand.run)

    static let logOff = CommandSpec(
        ["log", "off"],
        summary: "stop logging metrics to a file",
        example: "log off",
        handler: { shell, _ in
            if let log = shell.metricsLog { shell.output.info("stopped logging to \(log.path)") }
            shell.metricsLog = nil
        })
}

enum LogCommand {
    static func run(_ shell: Shell, _ command: Invocation) throws {
        guard shell.isPrimary else { return }
        guard let written = command.text("PATH") else {
            if let log = shell.metricsLog {
                shell.output.result("logging to \(log.path) (\(log.format.rawValue))")
            } else {
                shell.output.result("not logging: `log PATH` starts")
            }
            return
        }
        let path = shell.resolve(written)
        let format = command.text("format").flatMap(MetricsLog.Format.init(rawValue:))
            ?? (path.lowercased().hasSuffix(".csv") ? .csv : .jsonl)
        do {
            try Folders.create(for: path)
            shell.metricsLog = try MetricsLog(path: path, format: format)
        } catch {
            throw ShellError(error, at: command.location(of: "PATH"))
        }
        shell.output.info("logging metrics to \(path) (\(format.rawValue))")
    }
}
