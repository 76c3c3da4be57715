import Foundation
import IPC
import System

/// The `signals` component, in the template every component follows (docs/architecture.md): a
/// pure core behind one actor (`SignalsCore` around the `SignalEvaluator`), and its inputs and
/// sinks as the services of the process's `ServiceGroup`, fed by streams. In start order (the
/// group stops them in reverse):
///
/// - `persister`: every `persistIntervalSeconds` the day's state (`signals-state.json`), the report
///   once past `evaluation.reportAt`; on graceful shutdown, last of all, the report and the state;
/// - `journal`: the signals, encoded once, appended to `signals.jsonl` (and a summary line logged);
/// - `server`: `signals.sock`, publishing each signal (topic `signal`) with the journal's bytes;
/// - `publisher`: takes what fired from its stream, publishes each signal, sends the promotion hints
///   to the allocator and queues the signals for the journal;
/// - the inputs, stopped first: clients of `gateway.sock` (trades, order books), `poller.sock`
///   (quotes, rankings) and `allocator.sock` (allocations), each evaluating its messages in the core.
///
/// On graceful shutdown each stage drains what the one before it left: no signal is lost.
public final class SignalsService: Service {
    public let server: IPCServer
    public let configuration: SignalsConfiguration
    /// The services, in start order, for the process's `ServiceGroup`.
    public let services: [(name: String, service: any Service)]
    private let core: SignalsCore
    private let environment: ComponentEnvironment

    /// - Parameters:
    ///   - nameLookup: stock names (e.g. from the KIS master files); names also come from rankings.
    ///   - profileLookup: each stock's market and previous-day volume (the master files), see `SignalEvaluator`.
    public init(environment: ComponentEnvironment, configuration: SignalsConfiguration,
                nameLookup: @escaping @Sendable (String) -> String? = { _ in nil },
                profileLookup: @escaping @Sendable (String) -> StockProfile? = { _ in nil }) {
        self.environment = environment; self.configuration = configuration
        let logger = environment.logger
        let directory = environment.runDirectory
        var state = SignalEvaluator(configuration: configuration, nameLookup: nameLookup, profileLookup: profileLookup)
        Self.resume(&state, environment: environment)
        let core = SignalsCore(evaluator: state, clock: environment.clock)
        self.core = core

        let journalFile: SignalJournal?
        do { journalFile = try SignalJournal(path: directory.path(configuration.evaluation.journalFile)) } catch {
            logger.warning("signals journal disabled: \(error)")
            journalFile = nil
        }
        let journal = StreamSink<EncodedSignal> { signal in
            journalFile?.append(signal.body)
            logger.info(SignalSummary.line(signal.signal))
        }

        // An input evaluates on its reading task, so a slow core slows the reading (and the
        // upstream server drops market data for us, as for any slow subscriber) rather than
        // queueing without bound; only what fired goes on, through a stream, to the publisher.
        let fired = StreamSink<SignalBatch>.Input()
        func input(_ socket: String, _ topics: [String], onConnect: @escaping IPCClient.ConnectHandler = { _ in }) -> IPCClient {
            IPCClient(path: directory.socketPath(socket), hello: Hello(name: environment.name, topics: topics), logger: logger,
                      onConnect: onConnect,
                      onMessage: { message in
                          let batch = await core.ingest(message, wall: Date().timeIntervalSince1970)
                          if !batch.isEmpty { fired.yield(batch) }
                      })
        }
        // One gateway per KIS account (`GatewayEndpoints`): `gateway`, or `gateway@1`, `gateway@2`, …
        let gateways = GatewayEndpoints.all(environment: environment.environment)
        let allocatorInput = input(SocketName.allocator, ["allocation"])
        let inputs = gateways.map { ($0.socket, input($0.socket, ["trade", "orderbook"])) }
            + [("poller", input(SocketName.poller, ["quote", "ranking"], onConnect: { _ in Self.noteReading(directory: directory, logger: logger) })),
               ("allocator", allocatorInput)]
        let status = SignalsStatus(core: core, inputs: inputs, journal: journalFile?.path)
        server = IPCServer(name: environment.name, path: directory.socketPath(SocketName.signals), logger: logger,
                           status: { await status.report() }, handler: { _, _ in nil })
        let publisher = SignalPublisher(server: server, journal: journal, allocator: configuration.feedback.isEnabled ? allocatorInput : nil,
                                        core: core)
        let publishing = StreamSink(fired) { await publisher.deliver($0) }

        let persister = SignalsPersister(core: core, environment: environment, configuration: configuration)
        services = persister.services() + [("journal", journal), ("server", server), ("publisher", publishing)]
            + inputs.map { ("\($0.0) input", $0.1) }
    }

    /// The run directory's file that says since when (wall time, Unix seconds) the engine has read
    /// the poller's quotes: written at its first subscription of a session (`./run` removes it
    /// before starting the engine), so a recording's `pipeline-ready` is the moment from which the
    /// recorded engine saw what the poller read (a marker written when the engine first answered
    /// `status` came up to a wall second later, and a replay left out answers it had seen).
    public static let readingSinceFile = "signals-reading-since"

    static func noteReading(directory: RunDirectory, logger: Logger) {
        let path = directory.path(readingSinceFile)
        guard !FileManager.default.fileExists(atPath: path) else { return }
        do {
            try Data(String(format: "%.6f\n", Date().timeIntervalSince1970).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            logger.warning("cannot write \(path): \(error)")
        }
    }

    /// Runs the services as a group of their own (tests; a process hands `services` to its group).
    public func run() async throws {
        try await ServiceGroup(services, logger: environment.logger, signals: []).run()
    }

    /// Carries on from the run directory's snapshot when it is of this day and session.
    private static func resume(_ evaluator: inout SignalEvaluator, environment: ComponentEnvironment) {
        let path = environment.runDirectory.path(SignalsSnapshot.fileName)
        let now = environment.clock.now()
        do {
            guard let snapshot = try SignalsSnapshot.read(from: path) else { return }
            guard snapshot.isResumable(at: now) else {
                environment.logger.info("not resuming \(path): saved at \(MarketClock.isoString(snapshot.savedAt)), another day or session")
                return
            }
            evaluator.restore(snapshot)
            environment.logger.info("resumed from \(path): \(snapshot.stockCount) stocks, saved \(Int(now - snapshot.savedAt)) market s ago")
        } catch {
            environment.logger.warning("ignoring unreadable \(path): \(error)")
        }
    }

    /// Builds the day's report now, writes it to `signal-report.json` and returns it.
    @discardableResult
    public func writeReport() async throws -> SignalReport {
        let report = await core.report()
        try SignalsPersister(core: core, environment: environment, configuration: configuration).write(report)
        return report
    }
}
