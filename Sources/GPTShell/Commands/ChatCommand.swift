import GPTEngine

extension CommandSpec {
    static let chat = CommandSpec(
        ["chat"],
        arguments: [ArgumentSpec("N", .integer(1...10_000_000), optional: true, default: .value(.integer(200)), "the most tokens per reply")],
        options: SamplingControls.options,
        changesSession: .never,
        summary: "talk with the model: each line typed is added to the context and the model continues it",
        details: """
            At the `you> ` prompt, each line (and a newline) is appended to the conversation so far, \
            and the model's reply streams until a stop (default: a newline) or N tokens. An empty \
            line or Ctrl-D goes back to `gpt> `; Ctrl-C stops a reply. A model trained on pairs \
            (`load pairs`) answers each line on its own, put in the pairs' format as `answer` puts it, \
            up to its <|endoftext|>. Needs the interactive prompt.
            """,
        example: "chat 100 temperature=0.8 stop=\"\\n\"",
        handler: ChatCommand.run)
}

enum ChatCommand {
    static let prompt = "you> "

    static func run(_ shell: Shell, _ command: Invocation) throws {
        guard let read = shell.promptReader else {
            throw ShellError("chat needs the interactive prompt: start gptsh at a terminal, without a script or -c",
                             at: command.location)
        }
        guard shell.session.model != nil else { throw EngineError.missing(.model) }
        var options = SampleOptions(tokens: command.integer("N")!)
        try SamplingControls.apply(command, to: &options, in: shell, defaultStops: ["\n"])
        if shell.session.promptFormat != nil { return answerEachLine(read, options, shell) }
        shell.output.info("chat: type a line for the model to continue; an empty line or Ctrl-D leaves, Ctrl-C stops a reply")
        var conversation = ""
        while case .line(let typed) = nextLine(read) {
            if typed.isEmpty { return }
            let context = conversation + typed + "\n"
            options.prompt = context
            let result: SampleResult
            do {
                result = try SamplingControls.stream(options, prefix: "", in: shell)
            } catch let error as TokenizerError {
                shell.output.note(Messages.unknownCharacter(in: "the line", error) + "; it was left out of the conversation")
                continue
            }
            if SamplingControls.wasInterrupted(result, options) { Interrupt.clear() }
            conversation = context + result.text + ending(of: result)
        }
    }

    /// Pairs were trained one prompt per window, so each line is a prompt of its own.
    private static func answerEachLine(_ read: (String) -> PromptedLine, _ options: SampleOptions, _ shell: Shell) {
        shell.output.info("chat: each line is answered on its own, as the pairs were trained; an empty line or Ctrl-D leaves, Ctrl-C stops a reply")
        while case .line(let typed) = nextLine(read) {
            if typed.isEmpty { return }
            do {
                let result = try shell.session.answer(typed, options: options, emit: shell.output.stream, shouldStop: shell.shouldStop)
                shell.output.finishLine()
                if SamplingControls.wasInterrupted(result, options) { Interrupt.clear() }
            } catch let error as TokenizerError {
                shell.output.note(Messages.unknownCharacter(in: "the line", error))
            } catch {
                shell.output.note(String(describing: error))
            }
        }
    }

    /// The next line, past any Ctrl-C at the sub-prompt (which only clears the line typed).
    private static func nextLine(_ read: (String) -> PromptedLine) -> PromptedLine {
        while true {
            let line = read(prompt)
            if line != .interrupted { return line }
        }
    }

    /// What the conversation keeps after a reply: the stop that ended it (it was generated,
    /// though not shown), or a newline so the next line typed starts a line of its own.
    private static func ending(of result: SampleResult) -> String {
        if let stop = result.stoppedBy { return stop }
        return result.text.hasSuffix("\n") ? "" : "\n"
    }
}
