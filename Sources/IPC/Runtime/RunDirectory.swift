import Foundation
import System
#if canImport(Glibc)
import Glibc
#endif

/// The one directory where sockets, logs and runtime state live: `$KIS41_RUN_DIR`, default `.run`.
/// Created with mode 0700; socket paths are checked against the `sun_path` limit.
public struct RunDirectory: Sendable {
    public let url: URL

    public init(path: String) { url = URL(fileURLWithPath: path).standardizedFileURL }

    /// The run directory named by the environment (or `.run` in the current directory).
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> RunDirectory {
        RunDirectory(path: environment["KIS41_RUN_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? ".run")
    }

    /// Creates the directory (0700) if missing and tightens its mode.
    public func prepare() throws {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        guard chmod(url.path, 0o700) == 0 else { throw SystemError(call: "chmod(\(url.path))", errno: errno) }
    }

    /// The socket path of a component (`gateway`, `poller`, `allocator`, `signals`).
    public func socketPath(_ name: String) -> String { url.appendingPathComponent("\(name).sock").path }

    /// A file path inside the run directory.
    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

/// Socket names of the pipeline, as fixed by DESIGN.md.
public enum SocketName {
    public static let gateway = "gateway"
    public static let poller = "poller"
    public static let allocator = "allocator"
    public static let signals = "signals"
    /// The optional NATS bridge (`nats-bridge`), serving `status` only.
    public static let natsBridge = "nats-bridge"
}
