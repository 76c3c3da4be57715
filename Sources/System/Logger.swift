import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A tiny logger with swift-log's shape: a label, seven levels, metadata, and one atomic stderr
/// line per event (`2026-11-25T03:00:00.123Z info ws-gateway: connected slots=41`), so the
/// supervisor only has to route files.
public struct Logger: Sendable {
    public enum Level: Int, Sendable, Comparable, CaseIterable {
        case trace, debug, info, notice, warning, error, critical

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }

        /// Parses `trace` … `critical`; `nil` for anything else.
        public init?(name: String) {
            guard let level = Level.allCases.first(where: { "\($0)" == name.lowercased() }) else { return nil }
            self = level
        }
    }

    public typealias Metadata = KeyValuePairs<String, CustomStringConvertible>

    public let label: String
    public var logLevel: Level

    /// A logger at the level named by `KIS41_LOG_LEVEL` (default `info`).
    public init(label: String, level: Level? = nil) {
        self.label = label
        self.logLevel = level ?? ProcessInfo.processInfo.environment["KIS41_LOG_LEVEL"].flatMap(Level.init(name:)) ?? .info
    }

    public func trace(_ message: @autoclosure () -> String, metadata: Metadata = [:]) { log(.trace, message(), metadata) }
    public func debug(_ message: @autoclosure () -> String, metadata: Metadata = [:]) { log(.debug, message(), metadata) }
    public func info(_ message: @autoclosure () -> String, metadata: Metadata = [:]) { log(.info, message(), metadata) }
    public func notice(_ message: @autoclosure () -> String, metadata: Metadata = [:]) { log(.notice, message(), metadata) }
    public func warning(_ message: @autoclosure () -> String, metadata: Metadata = [:]) { log(.warning, message(), metadata) }
    public func error(_ message: @autoclosure () -> String, metadata: Metadata = [:]) { log(.error, message(), metadata) }
    public func critical(_ message: @autoclosure () -> String, metadata: Metadata = [:]) { log(.critical, message(), metadata) }

    /// Writes one line if `level` is enabled.
    public func log(_ level: Level, _ message: @autoclosure () -> String, _ metadata: Metadata = [:]) {
        guard level >= logLevel else { return }
        let line = Array(Self.line(timestamp: Self.timestamp(), level: level, label: label, message: message(), metadata).utf8)
        // One write(2) per line keeps lines whole when several threads log at once.
        _ = line.withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }

    /// One log line, newline included: the message escaped and capped, metadata in logfmt style.
    static func line(timestamp: String, level: Level, label: String, message: String, _ metadata: Metadata) -> String {
        var line = "\(timestamp) \(level) \(label): "
        appendEscaped(message, to: &line, limit: maximumMessageBytes)
        for (key, value) in metadata {
            line += " \(key)="
            appendValue("\(value)", to: &line)
        }
        line += "\n"
        return line
    }

    /// Longest message and metadata value written (UTF-8 bytes): text a peer supplied (an unknown
    /// message type, a reason) must not let it inflate the logs.
    public static let maximumMessageBytes = 2048
    public static let maximumValueBytes = 256

    /// Appends `text` with control characters escaped (`\n`, `\u{1b}`), so no one can start a
    /// line of their own in a log, cut after `limit` bytes with a note of how much was left out.
    static func appendEscaped(_ text: String, to line: inout String, limit: Int) {
        var written = 0, consumed = 0
        for scalar in text.unicodeScalars {
            let escaped: String? = switch scalar {
            case "\n": "\\n"
            case "\r": "\\r"
            case "\t": "\\t"
            case _ where scalar.value < 0x20 || (0x7f...0x9f).contains(scalar.value) || scalar == "\u{2028}" || scalar == "\u{2029}":
                "\\u{\(String(scalar.value, radix: 16))}"
            default: nil
            }
            let size = escaped?.utf8.count ?? UTF8.width(scalar)
            if written + size > limit {
                line += "…(\(text.utf8.count - consumed) more bytes)"
                return
            }
            written += size
            consumed += UTF8.width(scalar)
            if let escaped { line += escaped } else { line.unicodeScalars.append(scalar) }
        }
    }

    /// A metadata value in logfmt style: bare when it is one plain word, else quoted and escaped.
    static func appendValue(_ value: String, to line: inout String) {
        let isBare = !value.isEmpty && value.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7f && $0 != "\"" && $0 != "=" }
            && value.utf8.count <= maximumValueBytes
        if isBare { line += value; return }
        line += "\""
        appendEscaped(value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""),
                      to: &line, limit: maximumValueBytes)
        line += "\""
    }

    private static func timestamp() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        var seconds = spec.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.tm_year + 1900, parts.tm_mon + 1,
                      parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec, Int(spec.tv_nsec / 1_000_000))
    }
}
