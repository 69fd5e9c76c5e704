import Foundation
import GPTEngine

extension CommandSpec {
    static let plot = CommandSpec(
        ["plot"],
        arguments: [ArgumentSpec("PATH", .path, optional: true, "an .svg file to write instead")],
        options: PlotCommand.options,
        changesSession: .when { $0.given("PATH") },
        summary: "chart the train and val loss in the terminal, or write it as SVG",
        details: """
            Train loss comes from the logged steps, val loss from the evaluations. The chart fits the \
            terminal's width (COLUMNS overrides it). With PATH it writes a standalone SVG with a title \
            naming the configuration.
            """,
        example: "plot log_steps=true",
        handler: { shell, command in
            try PlotCommand.run(shell, command, SessionCharts.loss(shell.session, logSteps: command.flag("log_steps")!))
        })

    static let plotLR = CommandSpec(
        ["plot", "lr"],
        arguments: [ArgumentSpec("PATH", .path, optional: true, "an .svg file to write instead")],
        options: PlotCommand.options,
        changesSession: .when { $0.given("PATH") },
        summary: "chart the learning-rate schedule, up to the current step and on to its horizon",
        details: "The planned part runs to lr_decay_iters or to where the latest `train` aimed, whichever is later.",
        example: "plot lr runs/lr.svg",
        handler: { shell, command in
            let chart = SessionCharts.learningRate(shell.session, horizon: shell.lastTrainTarget,
                                                   logSteps: command.flag("log_steps")!)
            try PlotCommand.run(shell, command, chart)
        })
}

enum PlotCommand {
    static let options = [OptionSpec("log_steps", .boolean, "true|false", default: .value(.boolean(false)), "steps on a logarithmic axis")]

    static func run(_ shell: Shell, _ command: Invocation, _ chart: Chart) throws {
        guard !chart.isEmpty else {
            throw ShellError("nothing to plot yet: `train` or `eval` first", at: command.location)
        }
        guard let written = command.text("PATH") else {
            let lines = TerminalChart.render(chart, columns: shell.output.terminal.columns(),
                                             color: shell.output.terminal.colorOnStdout)
            lines.forEach(shell.output.result)
            return
        }
        guard written.lowercased().hasSuffix(".svg") else {
            throw ShellError("plot writes SVG: give a path ending in .svg", at: command.location(of: "PATH"))
        }
        let path = shell.resolve(written)
        guard shell.isPrimary else { return }
        do {
            try Folders.create(for: path)
            try AtomicFile.write(Data(SVGChart.render(chart).utf8), to: path)
        } catch {
            throw ShellError(error, at: command.location(of: "PATH"))
        }
        shell.output.info("wrote \(path)")
    }
}
