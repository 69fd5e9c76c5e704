import CReadline
import Foundation

/// GNU readline through its callback interface: the shell waits in poll(2), so a Ctrl-C at the
/// prompt (which only sets the interrupt flag) can abandon the line cleanly.
enum Readline {
    enum Read {
        case line([UInt8])
        case end
        case interrupted
    }

    nonisolated(unsafe) private static var received: Read?

    static func read(prompt: String) -> Read {
        received = nil
        rl_callback_handler_install(prompt) { line in
            if let line {
                Readline.received = .line(Array(UnsafeRawBufferPointer(start: line, count: strlen(line))))
                free(line)
            } else {
                Readline.received = .end
            }
            // Removing the handler here stops readline from printing the next prompt itself.
            rl_callback_handler_remove()
        }
        while received == nil {
            if Interrupt.isRequested {
                Interrupt.clear()
                abandonLine()
                return .interrupted
            }
            var descriptor = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, -1)
            // Checked again after the wait: text typed after Ctrl-C may already be waiting,
            // and readline would take it all in one call, into the line Ctrl-C meant to discard.
            if ready > 0 && !Interrupt.isRequested { rl_callback_read_char() }
        }
        return received!
    }

    private static func abandonLine() {
        rl_free_line_state()
        rl_callback_sigcleanup()
        rl_replace_line("", 0)
        fputs("^C", rl_outstream ?? stdout)
        rl_crlf()
        rl_callback_handler_remove()
    }

    /// Signals are the shell's: readline's own SIGINT handling would redraw and keep the line.
    static func configure(completer: Completer) {
        rl_readline_name = UnsafePointer(strdup("gptsh"))
        rl_catch_signals = 0
        ReadlineCompletion.install(completer)
    }
}
