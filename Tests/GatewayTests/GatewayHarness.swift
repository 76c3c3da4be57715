import Foundation
import IPC
import KIS
@testable import Gateway
import System

/// A gateway on a temporary socket, talking to `restURL`/`webSocketURL`, with an IPC client that
/// collects what the gateway publishes.
final class GatewayHarness: @unchecked Sendable {
    let directory: String
    let service: GatewayService
    let client: IPCClient
    private let lock = NSLock()
    private var received: [Message] = []
    private var tasks: [Task<Void, Never>] = []

    static let appKey = String(repeating: "K", count: 36)
    static let appSecret = String(repeating: "s", count: 180)

    init(restURL: String, webSocketURL: String, clock: MarketClock = .manual(at: 1_764_028_800), archive: WireArchiveWriter? = nil,
         appKey: String = GatewayHarness.appKey, configure: (inout GatewayConfiguration) -> Void = { _ in }) throws {
        var template = Array("/tmp/gwt.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw NSError(domain: "mkdtemp", code: 1) }
        directory = String(cString: made)
        var configuration = GatewayConfiguration()
        configuration.subscribeGapMilliseconds = 1
        configuration.reconnectInitialSeconds = 0.05
        configuration.reconnectMaximumSeconds = 0.2
        configuration.lingeringSessionInitialSeconds = 0.2
        configuration.lingeringSessionMaximumSeconds = 0.4
        configuration.ackTimeoutSeconds = 5
        configure(&configuration)
        let settings = KISSettings(environment: .real, restURL: restURL, webSocketURL: webSocketURL,
                                   credentials: try KISCredentials(appKey: appKey, appSecret: Self.appSecret, htsID: "testuser"))
        var logger = Logger(label: "gateway-test")
        logger.logLevel = .error
        service = GatewayService(socketPath: directory + "/gateway.sock", settings: settings, configuration: configuration,
                                 clock: clock, logger: logger, archive: archive)
        let box = LockedMessages()
        client = IPCClient(path: directory + "/gateway.sock", hello: Hello(name: "test", topics: ["trade", "orderbook", "index", "notice", "ledger"]),
                           logger: logger, onMessage: { box.append($0) })
        messages = box
    }

    let messages: LockedMessages

    func start() async throws {
        let service = service, client = client
        tasks.append(Task { try? await service.run() })
        try await waitUntil { FileManager.default.fileExists(atPath: self.directory + "/gateway.sock") }
        tasks.append(Task { await client.run() })
        try await waitUntil { client.isConnected }
    }

    func stop() async {
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
        try? FileManager.default.removeItem(atPath: directory)
    }

    func subscribe(_ code: String, _ feed: Feed = .trade, timeout: Double = 10) async throws -> Ack {
        guard case .ack(let ack) = try await client.request(.subscribe(FeedCommand(code: code, feed: feed)), timeout: timeout) else {
            throw NSError(domain: "no ack", code: 1)
        }
        return ack
    }

    func unsubscribe(_ code: String, _ feed: Feed = .trade) async throws -> Ack {
        guard case .ack(let ack) = try await client.request(.unsubscribe(FeedCommand(code: code, feed: feed)), timeout: 10) else {
            throw NSError(domain: "no ack", code: 1)
        }
        return ack
    }

    func status() async throws -> [String: JSONValue] {
        guard case .statusReport(let report) = try await client.request(.status(StatusRequest()), timeout: 10) else { return [:] }
        return report.details
    }

    func ledger() async throws -> Ledger? {
        guard case .ledger(let ledger) = try await client.request(.ledgerRequest(LedgerRequest()), timeout: 10) else { return nil }
        return ledger
    }
}

/// Messages collected by a test client.
final class LockedMessages: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Message] = []
    func append(_ message: Message) { lock.withLock { items.append(message) } }
    var all: [Message] { lock.withLock { items } }
    var trades: [Trade] { all.flatMap { message -> [Trade] in if case .trades(let t) = message { return t }; return [] } }
    var orderBooks: [OrderBook] { all.flatMap { message -> [OrderBook] in if case .orderBooks(let b) = message { return b }; return [] } }
    var indices: [IndexTick] { all.flatMap { message -> [IndexTick] in if case .indices(let i) = message { return i }; return [] } }
    var notices: [ExecutionNoticeTick] { all.flatMap { message -> [ExecutionNoticeTick] in if case .notices(let n) = message { return n }; return [] } }
    var ledgers: [Ledger] { all.compactMap { if case .ledger(let l) = $0 { l } else { nil } } }
    /// Whether any trade arrived (cheap enough to poll while thousands of records arrive).
    var hasTrades: Bool { lock.withLock { items.contains { if case .trades = $0 { true } else { false } } } }
    var tradeBatches: Int { lock.withLock { items.reduce(0) { if case .trades = $1 { $0 + 1 } else { $0 } } } }
}

struct TimedOut: Error, CustomStringConvertible {
    let what: String
    var description: String { "condition not met: \(what)" }
}

/// Polls `condition` until it holds (a bound on waiting, not an assertion on time).
func waitUntil(_ what: String = #function, timeout: Double = 20, _ condition: @Sendable () async throws -> Bool) async throws {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try await condition() { return }
        try await Task.sleep(nanoseconds: 10_000_000)
    }
    throw TimedOut(what: what)
}

extension JSONValue {
    var number: Double? { if case .number(let value) = self { value } else { nil } }
    var bool: Bool? { if case .bool(let value) = self { value } else { nil } }
    var string: String? { if case .string(let value) = self { value } else { nil } }
}

/// Waits for `task` at most `seconds`: a simulator that does not stop must not hang the suite.
func finish<T: Sendable>(_ task: Task<T, Never>, within seconds: Double = 10) async {
    let once = ResumeOnce()
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        once.set(continuation)
        Task { _ = await task.value; once.resume() }
        Task { try? await Task.sleep(nanoseconds: UInt64(seconds * 1e9)); once.resume() }
    }
}

/// Resumes a continuation once, whoever comes first.
final class ResumeOnce: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Void, Never>?
    func set(_ continuation: CheckedContinuation<Void, Never>) { lock.withLock { self.continuation = continuation } }
    func resume() { lock.withLock { defer { continuation = nil }; return continuation }?.resume() }
}
