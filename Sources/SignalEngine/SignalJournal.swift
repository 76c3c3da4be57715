import Foundation
import IPC
import System
#if canImport(Glibc)
import Glibc
#endif

/// The day's signals as JSON lines in the run directory (`signals.jsonl`), appended one whole line
/// per `write(2)` (O_APPEND), so a restarted `signals` keeps adding to the same day.
public final class SignalJournal: @unchecked Sendable {
    public let path: String
    private let fd: Int32

    /// Opens (creating, mode 0600) `path` for appending.
    public init(path: String) throws {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SignalsError.cannotOpen(path, errno) }
    }

    deinit { close(fd) }

    /// Appends one line, a signal's frame body as `signals` encoded it for its socket (a newline is added).
    public func append(_ body: [UInt8]) {
        var line = body
        line.append(10)
        try? writeAll(fd, line)
    }

    /// The signals of a journal file, skipping lines that do not decode.
    public static func read(path: String) -> [TradeSignal] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        let decoder = JSONDecoder()
        return text.split(separator: "\n").compactMap { try? decoder.decode(TradeSignal.self, from: Data($0.utf8)) }
    }
}
