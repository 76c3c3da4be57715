import Foundation
import IPC
import System
import Net
@testable import NATS
#if canImport(Glibc)
import Glibc
#endif

/// A real `nats-server` (Debian's package) on a free loopback port with JetStream on, in a temporary
/// directory; stopped (or killed) and restarted on the same port and store by the tests.
final class NATSServerHarness: @unchecked Sendable {
    /// `$KIS41_NATS_SERVER`, else `nats-server` on PATH or in /usr/sbin.
    static let binary: String? = {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["KIS41_NATS_SERVER"], FileManager.default.isExecutableFile(atPath: explicit) { return explicit }
        let path = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init) + ["/usr/sbin", "/usr/local/sbin"]
        for directory in path where FileManager.default.isExecutableFile(atPath: "\(directory)/nats-server") { return "\(directory)/nats-server" }
        return nil
    }()

    /// Whether the tests that need a server run: when it is installed, and always under `CI=true`,
    /// where a missing server must fail them rather than skip them.
    static let isEnabled: Bool = binary != nil || ProcessInfo.processInfo.environment["CI"] == "true"

    let directory: URL
    let port: UInt16
    private let configPath: String
    private var process: Process?

    /// Users of `withAuthorization()`: the bridge (publishes kis41.>, receives commands), a trader
    /// allowed to send commands, a read-only reader.
    static let authorization = """
    authorization {
      users = [
        { user: bridge, password: bridge-pw, permissions: {
            publish: ["kis41.>", "$JS.API.STREAM.CREATE.KIS41_SIGNALS", "$JS.API.STREAM.UPDATE.KIS41_SIGNALS", "_INBOX.>"],
            subscribe: ["kis41.cmd.>", "_INBOX.>"] } }
        { user: trader, password: trader-pw, permissions: {
            publish: ["kis41.cmd.>"], subscribe: ["kis41.>", "_INBOX.>"] } }
        { user: reader, password: reader-pw, permissions: {
            publish: ["$JS.API.INFO", "$JS.API.STREAM.NAMES", "$JS.API.STREAM.INFO.KIS41_SIGNALS", "$JS.API.CONSUMER.>",
                      "$JS.API.DIRECT.GET.KIS41_SIGNALS.>", "$JS.ACK.KIS41_SIGNALS.>"],
            subscribe: ["kis41.>", "_INBOX.>"] } }
      ]
    }
    """

    init(extraConfiguration: String = "") throws {
        guard Self.binary != nil else { throw HarnessError("nats-server is not installed (apt-get install -y nats-server)") }
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("kis41-nats-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let listener = try TCPSocket.listen(host: "127.0.0.1", port: 0)
        port = listener.port
        listener.close()
        configPath = directory.appendingPathComponent("nats.conf").path
        let config = """
        listen: 127.0.0.1:\(port)
        jetstream { store_dir: "\(directory.appendingPathComponent("store").path)" }
        \(extraConfiguration)
        """
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    var url: String { "nats://127.0.0.1:\(port)" }

    /// Starts the server and waits until it accepts connections.
    func start() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary!)
        process.arguments = ["-c", configPath, "-l", directory.appendingPathComponent("server.log").path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        for _ in 0..<200 {
            if let channel = try? await TCPSocket.connect(host: "127.0.0.1", port: port, timeout: .seconds(1)) {
                channel.close()
                return
            }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        throw HarnessError("nats-server did not listen on \(port): \(log.suffix(500))")
    }

    /// Ends the server: SIGKILL (a crash) or SIGTERM (a clean stop); waits for it.
    func stop(kill: Bool = false) {
        guard let process, process.isRunning else { return }
        Glibc.kill(process.processIdentifier, kill ? SIGKILL : SIGTERM)
        process.waitUntilExit()
        self.process = nil
    }

    var log: String { (try? String(contentsOfFile: directory.appendingPathComponent("server.log").path, encoding: .utf8)) ?? "" }

    func cleanUp() {
        stop(kill: true)
        try? FileManager.default.removeItem(at: directory)
    }

    /// A connected client (waits for the connection; its `run()` is the returned task).
    func client(_ credentials: NATSCredentials = .none, name: String = "test") async throws -> (NATSClient, Task<Void, Never>) {
        var configuration = try NATSConfiguration(url: url, credentials: credentials, name: name)
        configuration.reconnectInitialDelay = 0.05
        configuration.reconnectMaximumDelay = 0.5
        let client = NATSClient(configuration: configuration, logger: Logger(label: name, level: .warning))
        let task = Task { await client.run() }
        guard await client.waitUntilConnected(timeout: 10) else {
            task.cancel()
            throw HarnessError("\(name) could not connect: \(client.lastError ?? "?")")
        }
        return (client, task)
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Collects a subscription's messages as they arrive, for assertions on what came (not when).
final class MessageCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [NATSMessage] = []
    private var task: Task<Void, Never>?

    init(_ subscription: NATSSubscription) {
        task = Task { [weak self] in
            for await message in subscription.messages { self?.lock.withLock { self?.messages.append(message) } }
        }
    }

    var received: [NATSMessage] { lock.withLock { messages } }

    /// Waits until `count` messages (or those matching `predicate`) arrived, at most `timeout` seconds;
    /// returns what arrived.
    func wait(for count: Int, timeout: Double = 15, where predicate: @escaping (NATSMessage) -> Bool = { _ in true }) async -> [NATSMessage] {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let matching = received.filter(predicate)
            if matching.count >= count { return matching }
            try? await Task.sleep(nanoseconds: 10_000_000)
        }
        return received.filter(predicate)
    }

    deinit { task?.cancel() }
}
