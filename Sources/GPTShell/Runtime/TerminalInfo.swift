import Foundation

/// What the streams behind stdout and stderr allow. A pipe or a file gets plain text: no status
/// line redrawn with carriage returns and no colour codes, which would only be noise there.
public struct TerminalInfo {
    /// stderr is a terminal, so a status line can be redrawn in place.
    public var statusLine: Bool
    public var colorOnStdout: Bool
    public var colorOnStderr: Bool
    /// Read each time, since the window may have been resized since the last chart.
    public var columns: () -> Int

    public init(statusLine: Bool, colorOnStdout: Bool, colorOnStderr: Bool, columns: @escaping () -> Int) {
        self.statusLine = statusLine
        self.colorOnStdout = colorOnStdout
        self.colorOnStderr = colorOnStderr
        self.columns = columns
    }

    public static let plain = TerminalInfo(statusLine: false, colorOnStdout: false, colorOnStderr: false, columns: { 80 })

    /// NO_COLOR (any non-empty value, per no-color.org) and TERM=dumb turn colour off.
    public static func detect(environment: [String: String] = ProcessInfo.processInfo.environment) -> TerminalInfo {
        let colorAllowed = (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
        return TerminalInfo(statusLine: isatty(2) == 1,
                            colorOnStdout: colorAllowed && isatty(1) == 1,
                            colorOnStderr: colorAllowed && isatty(2) == 1,
                            columns: { columns(environment) })
    }

    /// COLUMNS when set (a user's override), else the terminal's width, else 80.
    static func columns(_ environment: [String: String]) -> Int {
        if let value = environment["COLUMNS"].flatMap(Int.init), value > 0 { return value }
        for fd: Int32 in [1, 2] {
            var size = winsize()
            if ioctl(fd, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 { return Int(size.ws_col) }
        }
        return 80
    }
}
