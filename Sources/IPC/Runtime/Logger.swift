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
        var line = "\(Self.timestamp()) \(level) \(label): \(message())"
        for (key, value) in metadata { line += " \(key)=\(value)" }
        line += "\n"
        // One write(2) per line keeps lines whole when several threads log at once.
        _ = line.withCString { Glibc.write(2, $0, strlen($0)) }
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
