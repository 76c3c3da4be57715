import Foundation
import IPC
import Reports
import System

/// `kisctl record`: the recorder the supervisor runs as component `recorder`. It follows `allocation`
/// (allocator) and `ledger` (gateway) and, every real second, asks rest-poller and ws-gateway for
/// `status`, appending compact JSON lines to `<run dir>/timeline.jsonl` (see `TimelineRecord`):
/// one `sample` a second (with several accounts, each account's figures too), one `allocation`
/// line per change of the slot holders, and every `TimelineRecord.hazardEverySeconds` the allocator's hazard
/// calibration when it changed (a `hazard` line).
enum RecordCommand {
    /// Past this size the recorder stops appending (a full day at speed 1 is about 10 MB).
    static let maximumBytes = 64 << 20

    static func run(runDirectory: RunDirectory, logger: Logger) async throws {
        let recorder = TimelineRecorder(runDirectory: runDirectory, logger: logger)
        let allocator = IPCClient(path: runDirectory.socketPath(SocketName.allocator),
                                  hello: Hello(name: "recorder", topics: [Topic.allocation.rawValue]), logger: logger,
                                  onMessage: { if case .allocation(let a) = $0 { recorder.record(a) } })
        // One gateway per KIS account: the sample sums their slots (`mergedGateways`).
        let gateways = GatewayEndpoints.all(environment: ProcessInfo.processInfo.environment, runDirectory: runDirectory).map { endpoint in
            IPCClient(path: runDirectory.socketPath(endpoint.socket),
                      hello: Hello(name: "recorder", topics: [Topic.ledger.rawValue]), logger: logger,
                      onMessage: { if case .ledger(let l) = $0 { recorder.record(l, from: endpoint.socket) } })
        }
        let poller = IPCClient(path: runDirectory.socketPath(SocketName.poller), hello: Hello(name: "recorder"), logger: logger)
        logger.info("recording to \(recorder.path)")
        await withTaskGroup(of: Void.self) { group in
            for client in [allocator, poller] + gateways { group.addTask { await client.run() } }
            group.addTask {
                var second = 0
                while !Task.isCancelled {
                    let started = Date()
                    if second % TimelineRecord.hazardEverySeconds == 0 { recorder.record(hazard: await Self.details(allocator)?["hazard"]) }
                    second += 1
                    async let pollerStatus = Self.details(poller)
                    var gatewayStatus: [[String: JSONValue]?] = []
                    for gateway in gateways { gatewayStatus.append(await Self.details(gateway)) }
                    let poller = await pollerStatus
                    recorder.sample(poller: poller, gateway: Self.mergedGateways(gatewayStatus),
                                    accounts: TimelineRecord.Account.merge(gateways: gatewayStatus, poller: poller))
                    let rest = 1 - Date().timeIntervalSince(started)
                    if rest > 0 { try? await Task.sleep(nanoseconds: UInt64(rest * 1e9)) }
                }
            }
            // Runs until the supervisor's TERM ends the process.
            await group.next()
        }
    }

    /// The gateways' status details as one: slots and records summed, connected when all are;
    /// nil when none answered.
    static func mergedGateways(_ all: [[String: JSONValue]?]) -> [String: JSONValue]? {
        if all.count == 1 { return all[0] }
        let answered = all.compactMap { $0 }
        guard !answered.isEmpty else { return nil }
        func sum(_ key: String) -> JSONValue { .number(answered.reduce(0) { $0 + ($1[key]?.doubleValue ?? 0) }) }
        return ["slots_used": sum("slots_used"), "slots_capacity": sum("slots_capacity"), "records_per_s": sum("records_per_s"),
                "connected": .bool(answered.count == all.count && answered.allSatisfy { $0["connected"]?.boolValue ?? false })]
    }

    /// A component's `status` details, or nil when it does not answer within 0.8 s.
    static func details(_ client: IPCClient) async -> [String: JSONValue]? {
        guard case .statusReport(let report)? = try? await client.request(.status(StatusRequest()), timeout: 0.8) else { return nil }
        return report.details
    }
}

/// Turns what the recorder hears into timeline lines and appends them (thread-safe).
final class TimelineRecorder: @unchecked Sendable {
    let path: String
    private let runDirectory: RunDirectory
    private let logger: Logger
    private let lock = NSLock()
    private var clock: MarketClock
    private var handle: FileHandle?
    private var bytes = 0
    private var lastHolders: [TimelineRecord.Holder]?
    private var lastWindow: String?
    private var lastCalibration: [TimelineRecord.Decile]?
    /// The last ledger of each gateway socket.
    private var ledgers: [String: Ledger] = [:]

    init(runDirectory: RunDirectory, logger: Logger) {
        self.runDirectory = runDirectory; self.logger = logger
        path = runDirectory.path("timeline.jsonl")
        clock = (try? MarketClock.fromRunDirectory(runDirectory)) ?? .live()
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        handle = FileHandle(forWritingAtPath: path)
        bytes = Int((try? handle?.seekToEnd()) ?? 0)
    }

    /// Market time now (re-reading `clock.json` while the clock is still the live fallback).
    private func now() -> Double {
        if !clock.isSimulated, let simulated = try? MarketClock.fromRunDirectory(runDirectory), simulated.isSimulated {
            clock = simulated
        }
        return clock.now()
    }

    /// An allocation: written when its holders, window or fallback state changed.
    func record(_ allocation: Allocation) {
        let holders = allocation.holders.map { TimelineRecord.Holder(code: $0.code, tier: $0.tier) }
            .sorted { ($0.tier, $0.code) < ($1.tier, $1.code) }
        lock.withLock {
            guard holders != lastHolders || allocation.window != lastWindow else { return }
            lastHolders = holders; lastWindow = allocation.window
            append(TimelineRecord.allocation(t: now(), generation: allocation.generation, window: allocation.window,
                                             strategy: allocation.strategy, holders: holders, slotsUsed: allocation.slotsUsed,
                                             capacity: allocation.capacity, fallback: allocation.isFallback))
        }
    }

    /// The allocator's hazard calibration: written when it changed since the last one written.
    func record(hazard status: JSONValue?) {
        lock.withLock {
            guard let record = TimelineRecord.hazard(t: now(), status: status), record.calibration != lastCalibration else { return }
            lastCalibration = record.calibration
            append(record)
        }
    }

    /// The gateway's ledger: kept for the next sample (slots used and connection state).
    func record(_ ledger: Ledger, from socket: String) { lock.withLock { ledgers[socket] = ledger } }

    /// One per-second sample from the poller's and the gateway's status details (either may be nil),
    /// and with several KIS accounts each one's figures.
    func sample(poller: [String: JSONValue]?, gateway: [String: JSONValue]?, accounts: [TimelineRecord.Account] = []) {
        lock.withLock {
            var record = TimelineRecord.sample(t: now())
            if !accounts.isEmpty { record.accounts = accounts }
            if let poller {
                record.callsPerSecond = poller["calls_per_s"]?.doubleValue.map(Self.rounded)
                record.limitPerSecond = poller["limit_per_s"]?.doubleValue
                record.successRate = poller["success_rate"]?.doubleValue.map { ($0 * 10000).rounded() / 10000 }
                if case .object(let byPriority)? = poller["staleness"] {
                    var staleness: [String: TimelineRecord.Staleness] = [:]
                    for (priority, figures) in byPriority {
                        staleness[priority] = TimelineRecord.Staleness(codes: Int(figures["codes"]?.doubleValue ?? 0),
                                                                       p50: Self.rounded(figures["p50_s"]?.doubleValue ?? 0),
                                                                       p95: Self.rounded(figures["p95_s"]?.doubleValue ?? 0))
                    }
                    record.staleness = staleness
                    record.covered = staleness.values.reduce(0) { $0 + $1.codes }
                }
                if let active = poller["active_codes"]?.doubleValue { record.covered = Int(active) }
            }
            if let gateway {
                record.slotsUsed = gateway["slots_used"]?.doubleValue.map { Int($0) }
                record.capacity = gateway["slots_capacity"]?.doubleValue.map { Int($0) }
                record.connected = gateway["connected"]?.boolValue
                record.recordsPerSecond = gateway["records_per_s"]?.doubleValue.map(Self.rounded)
            } else if !ledgers.isEmpty {
                // The gateways did not answer status in time: the last ledgers they published.
                record.slotsUsed = ledgers.values.reduce(0) { $0 + $1.entries.count }
                record.capacity = ledgers.values.reduce(0) { $0 + $1.capacity }
                record.connected = ledgers.values.allSatisfy(\.connected)
            }
            append(record)
        }
    }

    private static func rounded(_ x: Double) -> Double { (x * 100).rounded() / 100 }

    /// Appends one line (caller holds the lock); stops at `RecordCommand.maximumBytes`.
    private func append(_ record: TimelineRecord) {
        guard let handle, bytes < RecordCommand.maximumBytes else { return }
        let line = Data((record.jsonLine() + "\n").utf8)
        do {
            try handle.write(contentsOf: line)
            bytes += line.count
            if bytes >= RecordCommand.maximumBytes { logger.warning("\(path) reached \(bytes) bytes: recording stops") }
        } catch {
            logger.error("cannot append to \(path): \(error)")
        }
    }
}
