import Foundation
import IPC
import System

/// The bridge's counters, shown in its `status` and published on `kis41.status.nats-bridge`.
public final class BridgeCounters: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: Int] = [:]

    public init() {}

    public func add(_ name: String, _ amount: Int = 1) { lock.withLock { values[name, default: 0] += amount } }
    public func value(_ name: String) -> Int { lock.withLock { values[name] ?? 0 } }
    public var snapshot: [String: Int] { lock.withLock { values } }

    /// Market data published, per topic (`published.trade` …).
    public static func published(_ topic: String) -> String { "published.\(topic)" }
    /// Market data dropped while NATS was unreachable or too slow, per topic (`dropped.trade` …).
    public static func dropped(_ topic: String) -> String { "dropped.\(topic)" }
    public static let signalsReceived = "signals.received"
    public static let signalsAcknowledged = "signals.acknowledged"
    /// Signals NATS refused for good (not retried), e.g. a JetStream error or a payload over the limit.
    public static let signalsRejected = "signals.rejected"
    public static let commandsForwarded = "commands.forwarded"
    public static let commandsRefused = "commands.refused"

    /// The counters as JSON for `status`.
    public func json() -> JSONValue {
        .object(snapshot.mapValues { .number(Double($0)) })
    }
}
