import Foundation
import Dispatch
import IPC
import System

/// The `signals` component: subscribes to trades and order books (`gateway.sock`), quotes and
/// rankings (`poller.sock`) and allocations (`allocator.sock`); evaluates each input as it arrives
/// on the reading task (no hop: the evaluator is a value behind a lock); publishes signals on
/// `signals.sock` (topic `signal`); sends promotion hints to the allocator; keeps the day's
/// signals in `signals.jsonl` and writes `signal-report.json` at `evaluation.reportAt` and on stop.
public final class SignalsService: Service, @unchecked Sendable {
    public let server: IPCServer
    public let configuration: SignalsConfiguration
    private let environment: ComponentEnvironment
    private let clock: MarketClock
    private let logger: Logger
    private let lock = NSLock()
    private var evaluator: SignalEvaluator
    private var evaluationNanoseconds: UInt64 = 0
    private var evaluations = 0
    private var hintFailures = 0
    private var reportedDay: Int?
    private var lastReportPath: String?
    private let output = DispatchQueue(label: "signals.output")
    private let journal: SignalJournal?
    private let encoder: JSONEncoder
    private var clients: [IPCClient] = []
    private let snapshotPath: String
    private let persistence = DispatchQueue(label: "signals.persistence")
    private var isPersisting = false
    private var allocator: IPCClient!

    /// - Parameters:
    ///   - nameLookup: stock names (e.g. from the KIS master files); names also come from rankings.
    ///   - profileLookup: each stock's market and previous-day volume (the master files), see `SignalEvaluator`.
    public init(environment: ComponentEnvironment, configuration: SignalsConfiguration,
                nameLookup: @escaping @Sendable (String) -> String? = { _ in nil },
                profileLookup: @escaping @Sendable (String) -> StockProfile? = { _ in nil }) {
        self.environment = environment; self.configuration = configuration
        clock = environment.clock; logger = environment.logger
        evaluator = SignalEvaluator(configuration: configuration, nameLookup: nameLookup, profileLookup: profileLookup)
        snapshotPath = environment.runDirectory.path(SignalsSnapshot.fileName)
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let journalPath = environment.runDirectory.path(configuration.evaluation.journalFile)
        do { journal = try SignalJournal(path: journalPath) } catch {
            environment.logger.warning("signals journal disabled: \(error)")
            journal = nil
        }
        let reference = ServiceReference()
        server = IPCServer(name: environment.name, path: environment.runDirectory.socketPath(SocketName.signals),
                           logger: environment.logger, status: { reference.service?.status() ?? ("stopped", [:]) },
                           handler: { _, _ in nil })
        reference.service = self
        let directory = environment.runDirectory
        let handler: IPCClient.MessageHandler = { [weak self] message in self?.handle(message) }
        let gateway = IPCClient(path: directory.socketPath(SocketName.gateway),
                                hello: Hello(name: environment.name, topics: ["trade", "orderbook"]), logger: logger, onMessage: handler)
        let poller = IPCClient(path: directory.socketPath(SocketName.poller),
                               hello: Hello(name: environment.name, topics: ["quote", "ranking"]), logger: logger, onMessage: handler)
        allocator = IPCClient(path: directory.socketPath(SocketName.allocator),
                              hello: Hello(name: environment.name, topics: ["allocation"]), logger: logger, onMessage: handler)
        clients = [gateway, poller, allocator]
        resume()
    }

    /// Carries on from the run directory's snapshot when it is of this day and session.
    private func resume() {
        let now = clock.now()
        do {
            guard let snapshot = try SignalsSnapshot.read(from: snapshotPath) else { return }
            guard snapshot.isResumable(at: now) else {
                logger.info("not resuming \(snapshotPath): saved at \(MarketClock.isoString(snapshot.savedAt)), another day or session")
                return
            }
            evaluator.restore(snapshot)
            logger.info("resumed from \(snapshotPath): \(snapshot.stockCount) stocks, saved \(Int(now - snapshot.savedAt)) market s ago")
        } catch {
            logger.warning("ignoring unreadable \(snapshotPath): \(error)")
        }
    }

    /// Saves the day's state (`SignalsSnapshot`): the copy is taken under the lock (copy-on-write,
    /// so cheap), encoded and written on a serial queue of its own. A periodic save is skipped while
    /// the last one is still being written; the final one (`waiting`) queues behind it and returns
    /// once written.
    func persist(waiting: Bool = false) {
        let snapshot = lock.withLock { () -> SignalsSnapshot? in
            guard waiting || !isPersisting, let snapshot = evaluator.snapshot(at: clock.now()) else { return nil }
            isPersisting = true
            return snapshot
        }
        guard let snapshot else { return }
        let work: @Sendable () -> Void = { [self] in
            do { try snapshot.write(to: snapshotPath) } catch { logger.warning("cannot write \(snapshotPath): \(error)") }
            lock.withLock { isPersisting = false }
        }
        if waiting { persistence.sync(execute: work) } else { persistence.async(execute: work) }
    }

    /// Serves `signals.sock` and follows the three upstream sockets until cancelled; writes the
    /// report and the state on the way out.
    public func run() async throws {
        defer {
            writeReportIfAny()
            if configuration.persistIntervalSeconds > 0 { persist(waiting: true) }
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.server.run() }
            for client in clients { group.addTask { await client.run() } }
            group.addTask { try await self.housekeeping() }
            try await group.next()
            group.cancelAll()
        }
    }

    /// Evaluates one upstream message (called on the client's reading task).
    func handle(_ message: Message) {
        let now = clock.now()
        let wall = Date().timeIntervalSince1970
        func age(_ receivedAt: Double) -> Double { receivedAt > 0 ? max(0, wall - receivedAt) * clock.speed : 0 }
        var batches: [SignalBatch] = []
        let started = DispatchTime.now().uptimeNanoseconds
        var inputs = 0
        lock.lock()
        switch message {
        case .trades(let trades):
            inputs = trades.count
            for trade in trades { append(evaluator.ingest(trade, now: now, dataAge: age(trade.receivedAt)), to: &batches) }
        case .quotes(let quotes):
            inputs = quotes.count
            for quote in quotes { append(evaluator.ingest(quote, now: now, dataAge: age(quote.receivedAt)), to: &batches) }
        case .orderBooks(let books):
            inputs = books.count
            for book in books { append(evaluator.ingest(book, now: now, dataAge: age(book.receivedAt)), to: &batches) }
        case .allocation(let allocation): evaluator.apply(allocation)
        case .ranking(let ranking): evaluator.learnNames(from: ranking)
        default: break
        }
        if inputs > 0 {
            evaluationNanoseconds &+= DispatchTime.now().uptimeNanoseconds - started
            evaluations += inputs
        }
        lock.unlock()
        for batch in batches { emit(batch) }
    }

    private func append(_ batch: SignalBatch, to batches: inout [SignalBatch]) {
        if !batch.isEmpty { batches.append(batch) }
    }

    /// Publishes first (latency), then hands the slow parts (journal, stdout, log) to a queue.
    private func emit(_ batch: SignalBatch) {
        for signal in batch.signals { server.publish(.signal(signal)) }
        if configuration.feedback.isEnabled {
            for hint in batch.hints {
                do { try allocator.send(hint.message) } catch { lock.withLock { hintFailures += 1 } }
            }
        }
        guard !batch.signals.isEmpty else { return }
        let toStandardOutput = configuration.writesStandardOutput
        output.async { [encoder, journal, logger] in
            for signal in batch.signals {
                guard let data = try? encoder.encode(signal), let line = String(data: data, encoding: .utf8) else { continue }
                journal?.append(line)
                if toStandardOutput { StandardOutput.writeLine(line) }
                logger.info(SignalSummary.line(signal))
            }
        }
    }

    /// Every wall second: write the report once past `reportAt`; every `persistIntervalSeconds`,
    /// the state.
    private func housekeeping() async throws {
        let reportSecond = try configuration.evaluation.reportSecond()
        let persistEvery = configuration.persistIntervalSeconds
        var lastPersist = Date()
        while !Task.isCancelled {
            try await Task.sleep(nanoseconds: UInt64(min(1, persistEvery > 0 ? persistEvery : 1) * 1e9))
            if persistEvery > 0, Date().timeIntervalSince(lastPersist) >= persistEvery {
                lastPersist = Date()
                persist()
            }
            let now = clock.now()
            let due = lock.withLock { () -> Bool in
                guard let day = evaluator.day, reportedDay != day, MarketClock.secondsOfDay(now) >= reportSecond else { return false }
                reportedDay = day
                return true
            }
            if due { writeReportIfAny() }
        }
    }

    /// Builds the day's report now, writes it to `signal-report.json` and returns it.
    @discardableResult
    public func writeReport() throws -> SignalReport {
        let report = lock.withLock { evaluator.report(now: clock.now()) }
        let data = try encoder.encode(report)
        let path = environment.runDirectory.path(configuration.evaluation.reportFile)
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        lock.withLock { lastReportPath = path }
        logger.info("signal report: \(report.total.count) signals, hit rate \(Int((report.total.hitRate * 100).rounded())) %, \(path)")
        return report
    }

    private func writeReportIfAny() {
        guard lock.withLock({ evaluator.statistics.total > 0 }) else { return }
        do { try writeReport() } catch { logger.warning("cannot write the signal report: \(error)") }
    }

    /// `status` details: signal counts per kind and window, hints, inputs, evaluation cost.
    func status() -> (state: String, details: [String: JSONValue]) {
        let upstream = clients.map(\.isConnected)
        return lock.withLock {
            let cost = evaluations > 0 ? Double(evaluationNanoseconds) / Double(evaluations) : 0
            var details: [String: JSONValue] = [
                "signals": evaluator.statistics.json,
                "stocks": .number(Double(evaluator.stockCount)),
                "evaluation": .object(["inputs": .number(Double(evaluations)), "ns_per_input": .number(cost.rounded())]),
                "hint_failures": .number(Double(hintFailures)),
                "upstream": .object(["gateway": .bool(upstream[0]), "poller": .bool(upstream[1]), "allocator": .bool(upstream[2])]),
                "journal": .string(journal?.path ?? "disabled"),
            ]
            if let lastReportPath { details["report"] = .string(lastReportPath) }
            return (upstream[0] || upstream[1] ? "running" : "degraded", details)
        }
    }
}

/// Lets the server's status closure reach the service it belongs to without a retain cycle.
private final class ServiceReference: @unchecked Sendable {
    weak var service: SignalsService?
}

/// One line for humans: `gap 035420 NAVER +4.2 % (142,500) — reason`.
public enum SignalSummary {
    public static func line(_ signal: TradeSignal) -> String {
        let name = signal.name == signal.code ? "" : " \(signal.name)"
        return "\(signal.kind.rawValue) \(signal.direction.rawValue) \(signal.code)\(name) \(Format.percent(signal.changeRate)) % (\(Format.grouped(signal.price))) tier \(signal.tier) \(signal.source.rawValue): \(signal.reason)"
    }
}
