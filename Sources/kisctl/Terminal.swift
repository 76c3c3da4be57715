import Foundation
import IPC
import System
#if canImport(Glibc)
import Glibc
#endif

/// The controlling terminal in raw mode for the live view: no echo, no line buffering, Ctrl-C as a
/// byte (so the view quits cleanly and restores the terminal instead of dying), alternate screen,
/// hidden cursor. `restore()` puts everything back; it is safe to call twice.
final class Terminal: @unchecked Sendable {
    private var saved = termios()
    private var isRaw = false
    private let lock = NSLock()

    /// Whether standard input and output are terminals.
    static var isInteractive: Bool { isatty(0) == 1 && isatty(1) == 1 }

    /// Columns and rows (80×24 when unknown).
    static var size: (columns: Int, rows: Int) {
        var w = winsize()
        guard ioctl(1, UInt(TIOCGWINSZ), &w) == 0, w.ws_col > 0 else { return (80, 24) }
        return (Int(w.ws_col), Int(w.ws_row))
    }

    func enterRawMode() throws {
        try lock.withLock {
            guard tcgetattr(0, &saved) == 0 else { throw SystemError(call: "tcgetattr", errno: errno) }
            var raw = saved
            raw.c_lflag &= ~tcflag_t(ECHO | ICANON | ISIG | IEXTEN)
            raw.c_iflag &= ~tcflag_t(IXON | ICRNL)
            // VMIN 0, VTIME 0: read() returns at once with what is there (the read source calls it).
            withUnsafeMutableBytes(of: &raw.c_cc) { cc in cc[Int(VMIN)] = 0; cc[Int(VTIME)] = 0 }
            guard tcsetattr(0, TCSAFLUSH, &raw) == 0 else { throw SystemError(call: "tcsetattr", errno: errno) }
            isRaw = true
        }
        write("\u{1B}[?1049h\u{1B}[?25l")
    }

    func restore() {
        let wasRaw = lock.withLock { () -> Bool in
            defer { isRaw = false }
            if isRaw { tcsetattr(0, TCSAFLUSH, &saved) }
            return isRaw
        }
        if wasRaw { write("\u{1B}[?25h\u{1B}[?1049l") }
    }

    /// Draws a frame in place: home, each line cleared to its end, the rest of the screen cleared.
    func draw(_ lines: [String]) {
        write("\u{1B}[H" + lines.map { $0 + "\u{1B}[K" }.joined(separator: "\r\n") + "\u{1B}[J")
    }

    func write(_ text: String) {
        try? writeAll(1, Array(text.utf8))
    }
}
