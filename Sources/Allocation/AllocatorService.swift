import Foundation
import IPC
import System

/// The allocator process: serves `allocator.sock` (`score`, `watch`, `unwatch`, `emergency`,
/// `strategy`, `status`; publishes `allocation`), listens to the gateway (ledger, trades, books),
/// the poller (quotes, rankings) and signals (promotion hints), decides every
/// `decisionIntervalMilliseconds`, sends paced gateway commands and the poll plan, and keeps
/// `allocator-state.json` so a restart resumes.
public final class AllocatorService: Service, @unchecked Sendable {
    private let environment: ComponentEnvironment
    private let configuration: AllocatorConfiguration
    private let core: AllocatorCore
    private let logger: Logger
    private let statusLock = NSLock()
    private var statusDetails: [String: JSONValue] = [:]
    /// The latest published allocation, sent to each new `allocation` subscriber on `hello`.
    private var latestAllocation: Allocation?

    /// A service over a prepared state (tests build one directly).
    public init(environment: ComponentEnvironment, state: AllocatorState) {
        self.environment = environment
        self.configuration = state.configuration
        self.logger = environment.logger
        self.core = AllocatorCore(state: state, clock: environment.clock)
    }

    /// Loads the configuration, the universe, the watch list and the last snapshot.
    /// - Throws: `ExitError(.configuration, …)` naming the bad key or file.
    public static func make(environment: ComponentEnvironment) throws -> AllocatorService {
        let configuration = try AllocatorConfiguration.load(from: environment.configuration)
        let paths = UniverseLoader.masterPaths(configuration: configuration, runDirectory: environment.runDirectory)
        let master = try UniverseLoader.loadMasterFiles(paths)
        let universe = StockUniverse(records: master.records, stocksOnly: configuration.stocksOnly)
        environment.logger.info("universe: \(universe.count) stocks from \(paths.isEmpty ? "no master file (codes join as data arrives)" : paths.joined(separator: ", "))"
                                + (master.failures > 0 ? ", \(master.failures) unreadable lines" : ""))
        var watchList: [String] = []
        if let path = UniverseLoader.watchListPath(configuration: configuration, runDirectory: environment.runDirectory) {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ExitError(.configuration, "configuration: allocator.watchListFile: cannot read \(path)")
            }
            watchList = UniverseLoader.parseWatchList(text)
        }
        var state = AllocatorState(configuration: configuration, universe: universe, watchList: watchList)
        let snapshotPath = environment.runDirectory.path(AllocatorSnapshot.fileName)
        do {
            if let snapshot = try AllocatorSnapshot.read(from: snapshotPath) {
                guard snapshot.isResumable(at: environment.clock.now()) else {
                    environment.logger.info("not resuming \(snapshotPath): saved at \(MarketClock.isoString(snapshot.savedAt)), another day or session")
                    return AllocatorService(environment: environment, state: state)
                }
                snapshot.restore(into: &state)
                environment.logger.info("resumed from \(snapshotPath): \(snapshot.holdings.count) holders")
            }
        } catch {
            environment.logger.warning("ignoring unreadable \(snapshotPath): \(error)")
        }
        return AllocatorService(environment: environment, state: state)
    }

    public func run() async throws {
        let runDirectory = environment.runDirectory
        let server = IPCServer(name: environment.name, path: runDirectory.socketPath(SocketName.allocator), logger: logger,
                               status: { [self] in ("running", statusLock.withLock { statusDetails }) },
                               handler: { [self] message, _ in await handle(message) })
        server.onHello { [self, server] peer in
            if peer.topics.contains(.allocation), let allocation = statusLock.withLock({ latestAllocation }) {
                server.send(.allocation(allocation), to: peer)
            }
        }
        let gateway = IPCClient(path: runDirectory.socketPath(SocketName.gateway),
                                hello: Hello(name: "allocator", topics: ["ledger", "trade", "orderbook"]), logger: logger,
                                onConnect: { [core, logger] client in
                                    do {
                                        if case .ledger(let ledger) = try await client.request(.ledgerRequest(LedgerRequest())) {
                                            await core.reconcile(with: ledger)
                                        }
                                    } catch { logger.warning("gateway ledger request failed: \(error)") }
                                },
                                onMessage: { [core] message in
                                    if case .ledger(let ledger) = message { await core.reconcile(with: ledger) } else { await core.ingest(message) }
                                })
        let poller = IPCClient(path: runDirectory.socketPath(SocketName.poller),
                               hello: Hello(name: "allocator", topics: ["quote", "ranking"]), logger: logger,
                               onConnect: { [core, self] client in
                                   // DESIGN: on reconnect a client re-sends what it owns: the allocator its plan.
                                   if let plan = await core.currentPollPlan() { await send(plan, to: client) }
                               },
                               onMessage: { [core] message in await core.ingest(message) })
        let signals = IPCClient(path: runDirectory.socketPath(SocketName.signals),
                                hello: Hello(name: "allocator", topics: ["signal"]), logger: logger,
                                onMessage: { [core] message in await core.ingest(message) })
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            group.addTask { await gateway.run() }
            group.addTask { await poller.run() }
            if configuration.useSignals { group.addTask { await signals.run() } }
            group.addTask { try await self.decisionLoop(server: server, gateway: gateway, poller: poller) }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    /// Decides, publishes, sends paced commands and the plan, persists; until cancelled (then persists once more).
    private func decisionLoop(server: IPCServer, gateway: IPCClient, poller: IPCClient) async throws {
        let snapshotPath = environment.runDirectory.path(AllocatorSnapshot.fileName)
        var lastPersist = Date.distantPast
        do {
            while !Task.isCancelled {
                let started = Date()
                await core.setGatewayReachable(gateway.isConnected)
                let result = await core.decide()
                if let allocation = result.allocation {
                    statusLock.withLock { latestAllocation = allocation }
                    server.publish(.allocation(allocation))
                }
                if let plan = result.pollPlan, poller.isConnected { await send(plan, to: poller) }
                for command in result.commands {
                    await execute(command, on: gateway)
                    // Paced: the gateway registers one feed at a time with KIS.
                    try await Task.sleep(nanoseconds: UInt64(configuration.commandSpacingMilliseconds * 1e6))
                }
                let details = await core.statusDetails()
                statusLock.withLock { statusDetails = details }
                if Date().timeIntervalSince(lastPersist) >= configuration.persistIntervalSeconds {
                    lastPersist = Date()
                    persist(await core.snapshot(), to: snapshotPath)
                }
                let remaining = configuration.decisionIntervalMilliseconds / 1000 - Date().timeIntervalSince(started)
                if remaining > 0 { try await Task.sleep(nanoseconds: UInt64(remaining * 1e9)) }
            }
        } catch is CancellationError {}
        persist(await core.snapshot(), to: snapshotPath)
    }

    /// Sends one command and records the gateway's answer.
    private func execute(_ command: AllocatorCommand, on gateway: IPCClient) async {
        var outcome: String?
        switch try? await gateway.request(command.message, timeout: 5) {
        case .ack(let ack)?: outcome = ack.result
        case .error(let error)?: outcome = error.code
        default: outcome = nil
        }
        if outcome != "ok" && outcome != "duplicate" {
            logger.info("gateway: \(command.message.type) \(command.key.code) \(command.key.feed.rawValue): \(outcome ?? "no reply")")
        }
        await core.commandAnswered(command, result: outcome)
    }

    private func persist(_ snapshot: AllocatorSnapshot, to path: String) {
        do { try snapshot.write(to: path) } catch { logger.warning("cannot write \(path): \(error)") }
    }

    private func send(_ plan: PollPlan, to poller: IPCClient) async {
        do {
            let reply = try await poller.request(.pollPlan(plan), timeout: 5)
            if case .error(let error) = reply { logger.warning("poller refused plan \(plan.generation): \(error.reason)") }
        } catch {
            logger.debug("poll plan \(plan.generation) not delivered: \(error)")
        }
    }

    /// Requests on `allocator.sock`.
    private func handle(_ message: Message) async -> Message? {
        switch message {
        case .score(let command):
            guard command.score.isFinite else { return .error(ErrorReply(id: command.id, code: "invalid", reason: "score must be a number")) }
            await core.setPerformance(code: command.code, score: command.score)
            return .ack(Ack(id: command.id))
        case .watch(let command):
            await core.watch(command.codes)
            return .ack(Ack(id: command.id))
        case .unwatch(let command):
            await core.unwatch(command.codes)
            return .ack(Ack(id: command.id))
        case .emergency(let command):
            await core.requestEmergency(command)
            return .ack(Ack(id: command.id, result: "ok", detail: "granted at the next decision if it outranks the lowest holder"))
        case .strategy(let command):
            return await handleStrategy(command)
        default:
            return nil
        }
    }

    private func handleStrategy(_ command: StrategyCommand) async -> Message {
        switch command.action {
        case "switch":
            guard await core.switchWindow(to: command.name) else {
                let known = configuration.windows.map(\.name).joined(separator: ", ")
                return .error(ErrorReply(id: command.id, code: "unknown_strategy", reason: "no window \(command.name ?? "") (known: \(known), auto)"))
            }
            return .ack(Ack(id: command.id))
        case "reload":
            do {
                let file = try ConfigurationFile.load(environment: environment.environment)
                await core.replaceConfiguration(try AllocatorConfiguration.load(from: file))
                return .ack(Ack(id: command.id, result: "ok", detail: "strategy table reloaded"))
            } catch {
                return .error(ErrorReply(id: command.id, code: "configuration", reason: "\(error)"))
            }
        default:
            return .error(ErrorReply(id: command.id, code: "invalid", reason: "action must be switch or reload"))
        }
    }
}
