import Foundation
import IPC
import KIS
import System

/// The rest-poller component, in the service template (docs/architecture.md): the `PollScheduler`
/// inside the ``PollerEngine`` actor, and around it the services of the process's `ServiceGroup`,
/// in start order (stopped in reverse):
///
/// - `archive`: on graceful shutdown, last, writes out the session archive's queued records;
/// - `server`: `poller.sock` (accepts `poll_plan`, answers `status` from the engine);
/// - `publisher`: takes what the engine fetched (`quotes`, `ranking`, REST `orderbooks`, `indices`)
///   from its stream and publishes it on the socket;
/// - `engine`: loads the universe, then polls until its graceful shutdown;
/// - `health`: every second, the link's health (a change is logged).
public final class PollerService: Service {
    public let engine: PollerEngine
    public let server: IPCServer
    /// The services, in start order, for the process's `ServiceGroup`.
    public let services: [(name: String, service: any Service)]
    private let logger: Logger

    /// Builds the service from the environment: `KISSettings` (credentials, `KIS41_REST_URL`),
    /// the `"rest-poller"` configuration section and the token cache in the state directory.
    /// - Throws: `ExitError(.configuration, …)` for missing credentials or a bad configuration.
    /// Every configured account (`KISAccounts`) gets its own client: its own rate gate, token
    /// (and token cache, by key fingerprint) and counters; the engine spreads calls over them.
    public convenience init(environment: ComponentEnvironment) throws {
        let accounts: [KISSettings]
        let configuration: PollerConfiguration
        do {
            accounts = try KISSettings.allAccounts(environment.environment)
            configuration = try environment.configuration.section("rest-poller", defaults: PollerConfiguration())
            try configuration.validate()
        } catch let error as KISSettingsError {
            throw ExitError(.configuration, error.description)
        }
        let archive = try WireArchiveWriter.fromEnvironment(component: environment.name, environment: environment.environment,
                                                            runDirectory: environment.runDirectory, logger: environment.logger)
        let clients = try accounts.map { settings in
            var clientConfiguration = KISRESTClientConfiguration(settings: settings, limiter: configuration.limiter(for: settings.environment))
            clientConfiguration.maximumRefusalRetries = configuration.maximumRefusalRetries
            clientConfiguration.token.renewBeforeExpirySeconds = configuration.renewBeforeExpirySeconds
            environment.logger.info("\(settings.account): \(clientConfiguration.limiter.limitPerSecond) calls/s")
            return try KISRESTClient(configuration: clientConfiguration, clock: environment.clock,
                                     cache: TokenCache.fromEnvironment(environment.environment), archive: archive)
        }
        try self.init(environment: environment, configuration: configuration, clients: clients, restURL: accounts[0].restURL)
    }

    /// Builds the service around an existing client (tests, benchmarks).
    public convenience init(environment: ComponentEnvironment, configuration: PollerConfiguration, client: KISRESTClient, restURL: String) throws {
        try self.init(environment: environment, configuration: configuration, clients: [client], restURL: restURL)
    }

    /// Builds the service around existing clients, one per account (tests, benchmarks).
    public init(environment: ComponentEnvironment, configuration: PollerConfiguration, clients: [KISRESTClient], restURL: String) throws {
        logger = environment.logger
        let publications = StreamSink<Message>.Input()
        let client = clients[0]
        let engine = PollerEngine(clients: clients, scheduler: configuration.scheduler(for: client.configuration.environment),
                                  clock: environment.clock, maximumConcurrentCalls: configuration.maximumConcurrentCalls,
                                  market: configuration.market, logger: environment.logger) { publications.yield($0) }
        self.engine = engine
        server = IPCServer(name: environment.name, path: environment.runDirectory.socketPath(SocketName.poller),
                           logger: environment.logger, status: { await engine.status() }, handler: { message, _ in
                               guard case .pollPlan(let plan) = message else { return nil }
                               let applied = await engine.apply(plan)
                               return .ack(Ack(id: plan.id, result: applied ? "ok" : "stale_generation",
                                               detail: applied ? nil : "generation \(plan.generation) is older than the plan in force"))
                           })
        // A subscriber connecting after the pre-open sweep still learns of the day's halts at once.
        let halts = HaltedStatusMemory()
        server.onHello { [server] peer in
            if peer.topics.contains(.quote), let replay = await halts.message(codes: peer.codes) { server.send(replay, to: peer) }
        }
        let polling = ClosureService { [logger] in
            let universe = await UniverseSource.load(configuration: configuration, environment: environment.environment, restURL: restURL)
            logger.info("universe: \(universe.codes.count) codes from \(universe.source)")
            await engine.setUniverse(universe.codes)
            if let sweep = try Self.recordedSweep(environment.environment) { await engine.follow(sweep) }
            try await engine.run()
        }
        services = [("archive", ShutdownAction { client.flushArchive() }),  // one archive writer for all clients
                    ("server", server),
                    ("publisher", StreamSink(publications) { [server] in await halts.record($0); server.publish($0) }),
                    ("engine", polling),
                    // A change of the link's health is logged when it happens, not when `status` is asked.
                    ("health", PeriodicService(every: 1) { await engine.checkHealth() })]
    }

    /// A replay's recorded sweep (`KIS41_RECORDED_SWEEP`: the `replay-sweep.jsonl` that
    /// `kis-sim --replay` writes and `./run --replay` names), or nil when none is named.
    /// - Throws: `ExitError(.configuration, …)` when the named file cannot be read.
    static func recordedSweep(_ environment: [String: String]) throws -> RecordedSweep? {
        guard let path = environment["KIS41_RECORDED_SWEEP"], !path.isEmpty else { return nil }
        do {
            return RecordedSweep(calls: try RecordedCall.read(path: path))
        } catch {
            throw ExitError(.configuration, "KIS41_RECORDED_SWEEP: cannot read \(path): \(error)")
        }
    }

    /// Runs the services as a group of their own (tests; a process hands `services` to its group).
    public func run() async throws {
        try await ServiceGroup(services, logger: logger, signals: []).run()
    }
}

extension PollerEngine {
    /// `status`: `polling`, or `degraded` with the reason, and the engine's figures.
    func status() async -> (state: String, details: [String: JSONValue]) {
        var details = await statusDetails()
        guard case .degraded(let cause, let reason) = await checkHealth() else { return ("polling", details) }
        details["reason"] = .string("\(cause): \(reason)")
        return ("degraded", details)
    }
}
