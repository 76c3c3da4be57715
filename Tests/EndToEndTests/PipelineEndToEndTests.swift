import Foundation
import Testing
import Allocation
import Gateway
import IPC
import Polling
import Reports
import SignalEngine
import Simulator
import System

/// The whole pipeline in one process: kis-sim and the four components' services, each built the
/// way its `main.swift` builds it (`ComponentEnvironment` → service), talking over real Unix
/// sockets in a temporary run directory and to kis-sim over real TCP (REST + WebSocket). A short
/// seeded day (08:58–09:40 at speed 50, a ~780-stock universe: 0.05 plants too few events before 09:40) must produce signals through both
/// the WebSocket and the REST path, catch a substantial share of the ground-truth events, and stop
/// cleanly. No exact counts and no timing-sensitive assertions: deadlines are generous.
@Suite(.serialized) struct PipelineEndToEndTests {
    static let speed = 50.0
    static let start = "08:58"
    static let stopAt = 9 * 3600 + 40 * 60.0        // market seconds since midnight KST
    static let wallDeadline = 180.0                  // real seconds: the day normally takes ~50 s

    @Test func shortSeededDay_catchesEventsThroughWebSocketAndREST_andStopsCleanly() async throws {
        let runPath = "/tmp/k41e2e-\(getpid())-\(UInt16.random(in: 0...UInt16.max))"
        let runDirectory = RunDirectory(path: runPath)
        try runDirectory.prepare()
        defer { try? FileManager.default.removeItem(atPath: runPath) }

        var options = SimulatorOptions()
        options.seed = 41
        options.speed = Self.speed
        options.start = Self.start
        options.universeScale = 0.3
        options.runDirectory = runPath
        options.publishClock = true
        let simulator = try KISSimulator(options: options)
        let simulatorTask = Task { try await simulator.run() }

        let environment: [String: String] = [
            "KIS_APP_KEY": String(repeating: "E", count: 36),
            "KIS_APP_SECRET": String(repeating: "e", count: 180),
            "KIS41_REST_URL": simulator.restURL,
            "KIS41_WS_URL": simulator.webSocketURL,
            "KIS41_ENV": "real",
            "KIS41_RUN_DIR": runPath,
            "KIS41_STATE_DIR": runPath + "/state",
        ]
        func component(_ name: String) -> ComponentEnvironment {
            ComponentEnvironment(name: name, runDirectory: runDirectory, clock: simulator.clock,
                                 configuration: ConfigurationFile(path: nil, root: [:]), environment: environment,
                                 logger: Logger(label: name, level: name == "ws-gateway" ? .info : .error))
        }
        let gateway = try GatewayService(environment: component("ws-gateway"))
        let poller = try PollerService(environment: component("rest-poller"))
        let allocator = try AllocatorService.make(environment: component("allocator"))
        let signals = SignalsService(environment: component("signals"), configuration: SignalsConfiguration())
        let services: [(String, any Service)] = [("ws-gateway", gateway), ("rest-poller", poller),
                                                ("allocator", allocator), ("signals", signals)]
        // Started in the supervisor's order, each once its socket answers `status` (as `run` does).
        // Started all at once, the allocator sometimes never gets its subscriptions to the gateway
        // (gateway ledger 0/41, allocator status 40 used) — a start-up race reported separately.
        let sockets = ["ws-gateway": SocketName.gateway, "rest-poller": SocketName.poller,
                       "allocator": SocketName.allocator, "signals": SocketName.signals]
        var tasks: [(String, GracefulShutdown, Task<String?, Never>)] = []
        for (name, service) in services {
            let shutdown = GracefulShutdown()
            tasks.append((name, shutdown, Task { () -> String? in
                do { try await shutdown.bind { try await service.run() }; return nil } catch is CancellationError { return nil } catch { return "\(name): \(error)" }
            }))
            let readyBy = Date().addingTimeInterval(30)
            while Date() < readyBy {
                if case .statusReport? = try? await IPCClient.requestOnce(path: runDirectory.socketPath(sockets[name]!), name: "e2e",
                                                                          .status(StatusRequest()), timeout: 2) { break }
                try await Task.sleep(nanoseconds: 50_000_000)
            }
        }

        // Let the day run until the market clock passes the stop time (or the generous deadline).
        let dayStart = MarketClock.time(hour: 0, minute: 0, sameDayAs: simulator.clock.now())
        let wallStart = Date()
        while simulator.clock.now() - dayStart < Self.stopAt, Date().timeIntervalSince(wallStart) < Self.wallDeadline {
            try await Task.sleep(nanoseconds: 250_000_000)
        }
        let reachedStop = simulator.clock.now() - dayStart >= Self.stopAt
        // For the record (and for a failure's diagnosis): what the gateway and the allocator held.
        var held: [String: String] = [:]
        for socket in [SocketName.gateway, SocketName.allocator, SocketName.poller] {
            if case .statusReport(let report)? = try? await IPCClient.requestOnce(
                path: runDirectory.socketPath(socket), name: "e2e", .status(StatusRequest()), timeout: 5) {
                held[socket] = ["slots", "slots_used", "policy", "calls_per_s", "egw00201", "quotes_published", "connected", "session_ends", "last_session_end", "subscribe_sent"]
                    .compactMap { key in report.details[key].map { "\(key)=\($0)" } }.joined(separator: " ")
            }
        }

        // Stop in reverse order, gracefully, like ServiceGroup; every service must finish when asked.
        var failures: [String] = []
        var stuck: [String] = []
        for (name, shutdown, task) in tasks.reversed() {
            shutdown.begin()
            if let outcome = await Self.value(of: task, within: 20) {
                if let failure = outcome { failures.append(failure) }
            } else {
                stuck.append(name)
                task.cancel()
            }
        }
        simulator.shutdown()
        simulatorTask.cancel()
        let simulatorStopped = await Self.value(of: Task { _ = try? await simulatorTask.value; return Optional<String>.none }, within: 20) != nil

        #expect(reachedStop, "the market clock did not reach 09:20 within \(Self.wallDeadline) s")
        #expect(failures.isEmpty, "services failed: \(failures)")
        #expect(stuck.isEmpty, "services did not stop within 20 s of their graceful shutdown: \(stuck)")
        #expect(simulatorStopped, "kis-sim did not stop")

        // Score: ground truth (events.jsonl) against what came out (signals.jsonl), as `bench capture`
        // and the report do (`EventMatcher` over the session, events of its last 2 minutes left out).
        let from = try SimulatorOptions.parseTimeOfDay(Self.start)
        let lines = SignalJournal.read(path: runDirectory.path("signals.jsonl"))
        let matcher = EventMatcher()
        let result = matcher.match(events: JSONLines.read(GroundTruthEvent.self, path: runDirectory.path("events.jsonl")).filter(\.isPlanted),
                                   signals: lines, session: .init(start: from, end: Self.stopAt, settle: 120))
        let events = result.verdicts
        let sources = Dictionary(grouping: lines, by: { $0.source.rawValue }).mapValues(\.count)
        let share = events.isEmpty ? 0 : result.capture
        print("e2e: \(events.count) events, \(result.caught) caught (\(Int(share * 100)) %), \(lines.count) signals by source \(sources); \(held)")

        #expect(events.count >= 3, "too few ground-truth events in the window to judge (\(events.count))")
        #expect((sources["ws"] ?? 0) > 0, "no signal came through the WebSocket path: \(sources)")
        #expect((sources["rest"] ?? 0) > 0, "no signal came through the REST path: \(sources)")
        #expect(share >= 0.4, "caught \(result.caught) of \(events.count) events")
        // Both paths must also have caught ground truth, not only produced signals: some caught event
        // has a matching signal from each (the first one is often REST's, whose sweep sees every stock).
        let observations = lines.compactMap(EventMatcher.Observation.init)
        let caughtBy = Set(result.verdicts.filter(\.isCaught).flatMap { verdict in
            observations.filter { matcher.catches($0, verdict.event) }.compactMap(\.source)
        })
        #expect(caughtBy.contains("ws") && caughtBy.contains("rest"), "events caught only through \(caughtBy)")
    }

    // MARK: helpers

    /// The task's value, or nil when it does not finish within `seconds` (a stuck task cannot hang
    /// the test: nothing here awaits it past the deadline).
    static func value(of task: Task<String?, Never>, within seconds: Double) async -> String?? {
        let race = Race()
        return await withCheckedContinuation { continuation in
            race.set(continuation)
            Task { race.finish(.some(await task.value)) }
            Task { try? await Task.sleep(nanoseconds: UInt64(seconds * 1e9)); race.finish(.none) }
        }
    }

    /// Resumes a continuation once, with whichever outcome comes first.
    final class Race: @unchecked Sendable {
        private let lock = NSLock()
        private var continuation: CheckedContinuation<String??, Never>?
        func set(_ c: CheckedContinuation<String??, Never>) { lock.withLock { continuation = c } }
        func finish(_ value: String??) {
            let c: CheckedContinuation<String??, Never>? = lock.withLock { defer { continuation = nil }; return continuation }
            c?.resume(returning: value)
        }
    }
}
