import Foundation
import IPC
import System

/// The allocator process, in the service template (docs/architecture.md): the pure
/// `SlotAllocator.plan` inside `AllocatorCore`, one actor, and around it the services of the
/// process's `ServiceGroup`, in start order (stopped in reverse):
///
/// - `persister`: `allocator-state.json` every `persistIntervalSeconds` so a restart resumes, and a
///   last time on graceful shutdown, after everything else has stopped;
/// - `server`: `allocator.sock` (`score`, `watch`, `unwatch`, `emergency`, `strategy`, `status`;
///   publishes `allocation`);
/// - `decisions`: every `decisionIntervalMilliseconds` a decision: the allocation published, paced
///   gateway commands, the poll plan;
/// - the inputs, stopped first: clients of the gateway (ledger, trades, books), the poller (quotes,
///   rankings) and signals (promotion hints).
public final class AllocatorService: Service {
    public let server: IPCServer
    /// The services, in start order, for the process's `ServiceGroup`.
    public let services: [(name: String, service: any Service)]
    private let logger: Logger

    /// A service over a prepared state (tests build one directly).
    public init(environment: ComponentEnvironment, state: AllocatorState) {
        let configuration = state.configuration
        let logger = environment.logger
        self.logger = logger
        // One gateway per KIS account (`GatewayEndpoints`); two or more are one pool of slots.
        let endpoints = GatewayEndpoints.all(environment: environment.environment)
        let core = AllocatorCore(state: state, clock: environment.clock, gateways: endpoints.map(\.socket))
        let directory = environment.runDirectory
        let requests = AllocatorRequests(core: core, environment: environment)
        server = IPCServer(name: environment.name, path: directory.socketPath(SocketName.allocator), logger: logger,
                           status: { ("running", await core.statusDetails()) },
                           handler: { message, _ in await requests.handle(message) })
        server.onHello { [server] peer in
            if peer.topics.contains(.allocation), let allocation = await core.latestAllocation {
                server.send(.allocation(allocation), to: peer)
            }
        }
        let gateways = endpoints.enumerated().map { index, endpoint in
            IPCClient(path: directory.socketPath(endpoint.socket),
                      hello: Hello(name: "allocator", topics: ["ledger", "trade", "orderbook"]), logger: logger,
                      onConnect: { client in
                          do {
                              if case .ledger(let ledger) = try await client.request(.ledgerRequest(LedgerRequest())) {
                                  await core.reconcile(gateway: index, with: ledger)
                              }
                          } catch { logger.warning("\(endpoint.component) ledger request failed: \(error)") }
                      },
                      onMessage: { message in
                          if case .ledger(let ledger) = message { await core.reconcile(gateway: index, with: ledger) } else { await core.ingest(message) }
                      })
        }
        let decisions = AllocatorDecisions(core: core, server: server, gateways: gateways, logger: logger,
                                       commandSpacing: configuration.commandSpacingMilliseconds / 1000)
        let poller = IPCClient(path: directory.socketPath(SocketName.poller),
                               hello: Hello(name: "allocator", topics: ["quote", "ranking"]), logger: logger,
                               onConnect: { client in
                                   // DESIGN: on reconnect a client re-sends what it owns: the allocator its plan.
                                   if let plan = await core.currentPollPlan() { await decisions.send(plan, to: client) }
                               },
                               onMessage: { message in await core.ingest(message) })
        let signals = IPCClient(path: directory.socketPath(SocketName.signals),
                                hello: Hello(name: "allocator", topics: ["signal"]), logger: logger,
                                onMessage: { message in await core.ingest(message) })

        let snapshotPath = directory.path(AllocatorSnapshot.fileName)
        let persist: @Sendable () async -> Void = {
            do { try await core.snapshot().write(to: snapshotPath) } catch { logger.warning("cannot write \(snapshotPath): \(error)") }
        }
        let decisionInterval = configuration.decisionIntervalMilliseconds / 1000
        services = [("persister", PeriodicService(every: max(configuration.persistIntervalSeconds, decisionInterval), persist, finally: persist)),
                    ("server", server),
                    ("decisions", PeriodicService(every: decisionInterval, immediately: true) { try await decisions.decide(poller: poller) }),
                    ("poller input", poller)]
            + gateways.enumerated().map { ("\(endpoints[$0.offset].component) input", $0.element) }
            + (configuration.useSignals ? [("signals input", signals)] : [])
    }

    /// Runs the services as a group of their own (tests; a process hands `services` to its group).
    public func run() async throws {
        try await ServiceGroup(services, logger: logger, signals: []).run()
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
}
