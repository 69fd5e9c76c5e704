import Foundation

/// While a command runs at the prompt the terminal is in its normal mode, where Ctrl-C would
/// echo as `^C` at the end of whatever line was last printed (an evaluation's). The shell
/// says itself that it was interrupted, so the terminal's echo of control keys is turned off
/// for the prompt's lifetime and put back when gptsh leaves.
struct ControlEcho {
    private var saved = termios()
    private var changed = false

    static func silenced(fd: Int32 = 0) -> ControlEcho {
        var echo = ControlEcho()
        guard tcgetattr(fd, &echo.saved) == 0 else { return echo }
        var quiet = echo.saved
        quiet.c_lflag &= ~tcflag_t(ECHOCTL)
        echo.changed = tcsetattr(fd, TCSANOW, &quiet) == 0
        return echo
    }

    func restore(fd: Int32 = 0) {
        guard changed else { return }
        var original = saved
        tcsetattr(fd, TCSANOW, &original)
    }
}
