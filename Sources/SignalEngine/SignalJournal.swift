import Foundation
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

    /// Appends one line (a newline is added).
    public func append(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.append(10)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 { if errno == EINTR { continue }; return }
            offset += written
        }
    }

    /// The signals of a journal file, skipping lines that do not decode.
    public static func read(path: String) -> [TradeSignalLine] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        let decoder = JSONDecoder()
        return text.split(separator: "\n").compactMap { try? decoder.decode(TradeSignalLine.self, from: Data($0.utf8)) }
    }
}

import IPC
/// A journal line: the signal as published.
public typealias TradeSignalLine = TradeSignal

/// Errors of the signals component.
public struct SignalsError: Error, CustomStringConvertible, Sendable {
    private enum Kind: Sendable { case cannotOpen(String, Int32) }
    private let kind: Kind
    static func cannotOpen(_ path: String, _ code: Int32) -> SignalsError { SignalsError(kind: .cannotOpen(path, code)) }
    public var description: String {
        switch kind {
        case .cannotOpen(let path, let code): "cannot open \(path): \(String(cString: strerror(code)))"
        }
    }
}
