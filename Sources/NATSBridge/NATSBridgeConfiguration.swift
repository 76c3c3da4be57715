import Foundation
import IPC
import System

/// The `"nats"` section of `kis41.json`. The bridge is off unless `url` (or `KIS41_NATS_URL`) is
/// set. Credentials are never here: `KIS41_NATS_USER`/`KIS41_NATS_PASSWORD` or `KIS41_NATS_TOKEN`,
/// from the environment or the 0600 file named by `KIS41_NATS_SECRETS_FILE`.
public struct NATSBridgeConfiguration: Codable, Sendable, Equatable {
    /// `nats://host:port` or `tls://host:port`; `KIS41_NATS_URL` overrides it. Default: none (off).
    public var url: String? = nil
    /// The first subject token. Default `kis41`.
    public var subjectPrefix = "kis41"
    /// IPC topics bridged. Default: signal, trade, orderbook, quote, allocation (index adds `kis41.index.<code>`).
    public var topics = ["signal", "trade", "orderbook", "quote", "allocation"]
    /// Seconds between `kis41.status.<component>` publications (0 = none). Default 5.
    public var statusIntervalSeconds = 5.0
    /// Whether `score`/`watch`/`emergency` requests on `<prefix>.cmd.allocator` are forwarded. Default true.
    public var acceptsCommands = true
    /// The JetStream stream that keeps signals. Default `KIS41_SIGNALS`.
    public var streamName = "KIS41_SIGNALS"
    /// Oldest signal the stream keeps, seconds. Default 7 days.
    public var streamMaxAgeSeconds = 7 * 86_400.0
    /// Bytes the stream keeps (oldest discarded first). Default 256 MiB.
    public var streamMaxBytes: Int64 = 256 << 20
    /// Signals held in memory while NATS is unreachable, before the spill file. Default 10 000.
    public var signalMemoryLimit = 10_000
    /// The spill file's size bound, bytes; beyond it new signals are dropped and counted. Default 64 MiB.
    public var spillLimitBytes = 64 << 20
    /// Bytes queued to NATS above which market data is dropped (counted). Default 8 MiB.
    public var maximumQueuedBytes = 8 << 20
    /// PEM file of CAs trusted for `tls://` (default: the system's, or `SSL_CERT_FILE`).
    public var trustedCertificatesFile: String? = nil

    public init() {}

    /// The section over its defaults, with `KIS41_NATS_URL` applied; `nil` url means the bridge is off.
    public static func load(from file: ConfigurationFile, environment: [String: String]) throws -> NATSBridgeConfiguration {
        var configuration = try file.section("nats", defaults: NATSBridgeConfiguration())
        if let url = environment["KIS41_NATS_URL"], !url.isEmpty { configuration.url = url }
        let unknown = configuration.topics.filter { Topic(rawValue: $0) == nil || !Self.bridgeable.contains($0) }
        guard unknown.isEmpty else {
            throw ExitError(.configuration, "configuration: nats.topics: cannot bridge \(unknown.joined(separator: ", ")) (bridgeable: \(Self.bridgeable.joined(separator: ", ")))")
        }
        return configuration
    }

    /// Topics the bridge knows how to publish.
    public static let bridgeable = ["signal", "trade", "orderbook", "quote", "index", "allocation"]
}
