import Foundation
import IPC
import KIS
import System

/// `ws-gateway`, in the service template (docs/architecture.md): the pure ``SlotLedger`` inside
/// ``GatewayState`` (one lock: the data path cannot afford an actor hop per frame), and around it
/// the services of the process's `ServiceGroup`, in start order (stopped in reverse):
///
/// - `archive`: on graceful shutdown, last, writes out the session archive's queued records;
/// - `server`: `gateway.sock` (subscribe, unsubscribe, ledger_request, status; ticks and the
///   ledger published);
/// - `kis session`: one KIS WebSocket session after another, reconnecting with backoff and
///   re-registering the ledger each time; its frames go through the ``FrameProcessor`` to the server.
public final class GatewayService: Service {
    public let server: IPCServer
    public let configuration: GatewayConfiguration
    /// The services, in start order, for the process's `ServiceGroup`.
    public let services: [(name: String, service: any Service)]
    let state: GatewayState
    let processor: FrameProcessor
    let counters = SessionCounters()
    private let logger: Logger

    /// Builds the service from explicit parts (tests, benchmarks).
    public init(name: String = "ws-gateway", socketPath: String, settings: KISSettings,
                configuration: GatewayConfiguration = GatewayConfiguration(), clock: MarketClock = .live(), logger: Logger,
                archive: WireArchiveWriter? = nil) {
        self.configuration = configuration; self.logger = logger
        let state = GatewayState(configuration: configuration,
                                 route: FeedRoute(environment: settings.environment, htsID: settings.credentials.htsID),
                                 clock: clock, logger: logger)
        self.state = state
        let frames = FrameCounters()
        let counters = counters
        server = IPCServer(name: name, path: socketPath, logger: logger,
                           status: { [account = settings.accountName] in
                               var report = Self.status(state: state, frames: frames, counters: counters)
                               report.details["account"] = .string(account)
                               return report
                           },
                           handler: { message, _ in
                               switch message {
                               case .subscribe(let command): return .ack(await state.subscribe(command))
                               case .unsubscribe(let command): return .ack(await state.unsubscribe(command))
                               case .ledgerRequest(let request): return .ledger(state.ledgerMessage(id: request.id))
                               default: return nil
                               }
                           })
        processor = FrameProcessor(logger: logger, logInterval: configuration.malformedLogIntervalSeconds, counters: frames,
                                   cipher: { state.cipher(for: $0) }, publish: { [server] in server.publish($0) })
        state.setPublisher { [server] in server.publish($0) }
        server.onHello { [server] peer in
            if peer.topics.contains(.ledger) { server.send(.ledger(state.ledgerMessage()), to: peer) }
        }
        let session = KISSession(settings: settings, configuration: configuration, state: state, processor: processor,
                                 counters: counters, logger: logger, archive: archive, clock: clock)
        let sessions = SessionSupervisor(session: session, configuration: configuration, counters: counters, clock: clock, logger: logger)
        services = [("archive", ShutdownAction { archive?.flush() }), ("server", server),
                    ("kis session", ClosureService { await sessions.run() })]
    }

    /// Builds the service from the process environment: the `"ws-gateway"` configuration section
    /// and the KIS credentials. Missing or malformed credentials are a configuration error (exit 78)
    /// whose message never contains the secret.
    /// `socket` is the socket name (`gateway`, or `gateway@N` for account N of several).
    public convenience init(environment: ComponentEnvironment, socket: String = SocketName.gateway) throws {
        let configuration = try environment.configuration.section("ws-gateway", defaults: GatewayConfiguration())
        if let problem = configuration.problems.first { throw ExitError(.configuration, "configuration ws-gateway: \(problem)") }
        let settings: KISSettings
        do { settings = try KISSettings.fromEnvironment(environment.environment) } catch let error as KISSettingsError {
            throw ExitError(.configuration, error.description)
        }
        let archive = try WireArchiveWriter.fromEnvironment(component: environment.name, environment: environment.environment,
                                                            runDirectory: environment.runDirectory, logger: environment.logger)
        environment.logger.info("\(settings.account)")
        self.init(name: environment.name, socketPath: environment.runDirectory.socketPath(socket),
                  settings: settings, configuration: configuration, clock: environment.clock, logger: environment.logger,
                  archive: archive)
    }

    /// Runs the services as a group of their own (tests; a process hands `services` to its group).
    public func run() async throws {
        try await ServiceGroup(services, logger: logger, signals: []).run()
    }

    /// The `status` details: session, slots, data rates, parse errors, outages.
    static func status(state: GatewayState, frames: FrameCounters, counters: SessionCounters) -> (state: String, details: [String: JSONValue]) {
        let now = KISSession.wallNow()
        let s = state.snapshot(now: now)
        let c = frames.snapshot(now: now)
        func number(_ value: Double?) -> JSONValue { value.map { .number(($0 * 1000).rounded() / 1000) } ?? .null }
        var details: [String: JSONValue] = [
            "connected": .bool(s.connected),
            "session_uptime_s": number(s.sessionUptime),
            "reconnects": .number(Double(max(0, s.sessions - 1))),
            "slots_used": .number(Double(s.used)),
            "slots_held": .number(Double(s.held)),
            "slots_capacity": .number(Double(s.capacity)),
            "slots": .string("\(s.used)/\(s.capacity)"),
            "frames_per_s": number(c.framesPerSecond),
            "records_per_s": number(c.recordsPerSecond),
            "frames": .number(Double(c.frames)),
            "records": .number(Double(c.records)),
            "parse_errors": .number(Double(c.malformedRecords + c.malformedFrames)),
            "malformed_records": .number(Double(c.malformedRecords)),
            "malformed_frames": .number(Double(c.malformedFrames)),
            "last_outage_s": number(s.lastOutage),
            "current_outage_s": number(s.currentOutage),
            "last_session_end": s.lastEnd.map { .string($0.description) } ?? .null,
            "subscribe_sent": .number(Double(counters["subscribe_sent"])),
            "unsubscribe_sent": .number(Double(counters["unsubscribe_sent"])),
            "pingpong_answered": .number(Double(counters["pingpong_answered"])),
            "session_ends": .number(Double(counters["session_ends"])),
        ]
        guard s.connected else {
            details["reason"] = .string(s.lastEnd.map { "disconnected: \($0)" } ?? "connecting")
            return ("degraded", details)
        }
        return ("running", details)
    }
}
