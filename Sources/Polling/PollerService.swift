import Foundation
import IPC
import KIS
import System

/// The rest-poller component: serves `poller.sock` (accepts `poll_plan`, answers `status`),
/// publishes `quotes`, `ranking`, REST `orderbooks` and `indices`, and runs the ``PollerEngine``.
public final class PollerService: Service, @unchecked Sendable {
    public let engine: PollerEngine
    public let server: IPCServer
    private let environment: ComponentEnvironment
    private let configuration: PollerConfiguration
    private let restURL: String
    private let statusBox = StatusBox()

    /// Builds the service from the environment: `KISSettings` (credentials, `KIS41_REST_URL`),
    /// the `"rest-poller"` configuration section and the token cache in the state directory.
    /// - Throws: `ExitError(.configuration, …)` for missing credentials or a bad configuration.
    public convenience init(environment: ComponentEnvironment) throws {
        let settings: KISSettings
        let configuration: PollerConfiguration
        do {
            settings = try KISSettings.fromEnvironment(environment.environment)
            configuration = try environment.configuration.section("rest-poller", defaults: PollerConfiguration())
            try configuration.validate()
        } catch let error as KISSettingsError {
            throw ExitError(.configuration, error.description)
        }
        var clientConfiguration = KISRESTClientConfiguration(settings: settings, limiter: configuration.limiter(for: settings.environment))
        clientConfiguration.maximumRefusalRetries = configuration.maximumRefusalRetries
        clientConfiguration.token.renewBeforeExpirySeconds = configuration.renewBeforeExpirySeconds
        let archive = try WireArchiveWriter.fromEnvironment(component: environment.name, environment: environment.environment,
                                                            runDirectory: environment.runDirectory, logger: environment.logger)
        let client = try KISRESTClient(configuration: clientConfiguration, clock: environment.clock,
                                       cache: TokenCache.fromEnvironment(environment.environment), archive: archive)
        try self.init(environment: environment, configuration: configuration, client: client, restURL: settings.restURL)
    }

    /// Builds the service around an existing client (tests, benchmarks).
    public init(environment: ComponentEnvironment, configuration: PollerConfiguration, client: KISRESTClient, restURL: String) throws {
        self.environment = environment; self.configuration = configuration; self.restURL = restURL
        let box = statusBox
        let relay = PublishRelay()
        server = IPCServer(name: environment.name, path: environment.runDirectory.socketPath(SocketName.poller),
                           logger: environment.logger, status: { box.get() }, handler: { message, _ in
                               await relay.handle(message)
                           })
        engine = PollerEngine(client: client, scheduler: configuration.scheduler(for: client.configuration.environment),
                              clock: environment.clock, maximumConcurrentCalls: configuration.maximumConcurrentCalls,
                              market: configuration.market, logger: environment.logger) { [server] in server.publish($0) }
        relay.engine = engine
    }

    public func run() async throws {
        defer { engine.client.flushArchive() }
        let universe = await UniverseSource.load(configuration: configuration, environment: environment.environment, restURL: restURL)
        environment.logger.info("universe: \(universe.codes.count) codes from \(universe.source)")
        await engine.setUniverse(universe.codes)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.server.run() }
            group.addTask { try await self.engine.run() }
            group.addTask {
                while !Task.isCancelled {
                    var details = await self.engine.statusDetails()
                    var state = "polling"
                    if case .degraded(let cause, let reason) = await self.engine.checkHealth() {
                        state = "degraded"
                        details["reason"] = .string("\(cause): \(reason)")
                    }
                    self.statusBox.set((state, details))
                    try await Task.sleep(nanoseconds: 1_000_000_000)
                }
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }
}

/// Routes requests to the engine once it exists.
private final class PublishRelay: @unchecked Sendable {
    private let lock = NSLock()
    private var _engine: PollerEngine?
    var engine: PollerEngine? {
        get { lock.withLock { _engine } }
        set { lock.withLock { _engine = newValue } }
    }

    func handle(_ message: Message) async -> Message? {
        guard case .pollPlan(let plan) = message, let engine else { return nil }
        let applied = await engine.apply(plan)
        return .ack(Ack(id: plan.id, result: applied ? "ok" : "stale_generation",
                        detail: applied ? nil : "generation \(plan.generation) is older than the plan in force"))
    }
}

/// The last status snapshot (the IPC status provider is synchronous; the engine is an actor).
final class StatusBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: (state: String, details: [String: JSONValue]) = ("starting", [:])
    func get() -> (state: String, details: [String: JSONValue]) { lock.withLock { value } }
    func set(_ newValue: (state: String, details: [String: JSONValue])) { lock.withLock { value = newValue } }
}
