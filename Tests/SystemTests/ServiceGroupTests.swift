import Foundation
import Testing
@testable import System

/// `ServiceGroup`: a graceful shutdown in reverse order (on a request as on SIGTERM, on the first
/// failure, or when a service finishes), cancellation after the grace, and the exit code a failure
/// leaves. (A service that ignores even its cancellation: `LiveHardeningTests`.)
@Suite(.serialized) struct ServiceGroupTests {
    /// What the services did, in order.
    final class Journal: @unchecked Sendable {
        private let lock = NSLock()
        private var storage: [String] = []
        func add(_ entry: String) { lock.withLock { storage.append(entry) } }
        var entries: [String] { lock.withLock { storage } }
        func count(prefix: String) -> Int { entries.filter { $0.hasPrefix(prefix) }.count }
        func with(prefix: String) -> [String] { entries.filter { $0.hasPrefix(prefix) } }
    }

    struct Failure: Error, Equatable { let name: String }

    /// A service in the template's shape: waits for its graceful shutdown, then finishes its work
    /// (here: records it) and returns; cancelled, it records that instead and does not finish.
    struct Worker: Service {
        let name: String
        let journal: Journal
        func run() async throws {
            journal.add("start \(name)")
            do {
                try await gracefulShutdown()
                journal.add("finish \(name)")
            } catch {
                journal.add("cancelled \(name)")
                throw error
            }
        }
    }

    /// A service that knows only cancellation and does not use `ClosureService` (which would cancel it).
    struct CancellationOnly: Service {
        let name: String
        let journal: Journal
        func run() async throws {
            journal.add("start \(name)")
            while !Task.isCancelled { try? await Task.sleep(nanoseconds: 5_000_000) }
            journal.add("cancelled \(name)")
        }
    }

    let logger = Logger(label: "test", level: .critical)

    func group(_ services: [any Service], names: [String], grace: Double = 5, trigger: ShutdownTrigger = ShutdownTrigger()) -> ServiceGroup {
        ServiceGroup(Array(zip(names, services)).map { (name: $0.0, service: $0.1) }, gracePeriod: grace, cancellationGrace: 5,
                     logger: logger, shutdown: trigger, signals: [])
    }

    func until(_ timeout: Double = 10, _ condition: () -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while !condition(), Date() < deadline { try? await Task.sleep(nanoseconds: 5_000_000) }
        return condition()
    }

    /// A requested shutdown takes the SIGTERM path (a real SIGTERM is the supervisor test's: in this
    /// many-threaded test process a thread that does not block it would swallow it).
    @Test func requestedShutdown_finishesEveryService_gracefully_inReverseOrder() async throws {
        let journal = Journal()
        let trigger = ShutdownTrigger()
        let names = ["a", "b", "c"]
        let running = Task { try await group(names.map { Worker(name: $0, journal: journal) }, names: names, trigger: trigger).run() }
        #expect(await until { journal.count(prefix: "start") == 3 })
        trigger.trigger()
        try await running.value
        #expect(journal.with(prefix: "finish") == ["finish c", "finish b", "finish a"])
        #expect(journal.count(prefix: "cancelled") == 0)
    }

    /// One at a time: a service is asked to finish only once the one started after it has returned.
    @Test func eachServiceIsAskedToFinish_onlyAfterTheNextOneHasReturned() async throws {
        let journal = Journal()
        let trigger = ShutdownTrigger()
        struct Slow: Service {
            let journal: Journal
            func run() async throws {
                journal.add("start slow")
                try await gracefulShutdown()
                try? await Task.sleep(nanoseconds: 100_000_000)  // finishing takes a while
                journal.add("finish slow")
            }
        }
        let running = Task {
            try await group([Worker(name: "first", journal: journal), Slow(journal: journal)], names: ["first", "slow"], trigger: trigger).run()
        }
        #expect(await until { journal.count(prefix: "start") == 2 })
        trigger.trigger()
        try await running.value
        #expect(journal.with(prefix: "finish") == ["finish slow", "finish first"])
    }

    /// A service that does not finish within the grace is cancelled, and only it: the others have
    /// finished gracefully by then.
    @Test func aServiceIgnoringGracefulShutdown_isCancelledAfterTheGrace() async throws {
        let journal = Journal()
        let trigger = ShutdownTrigger()
        let running = Task {
            try await group([CancellationOnly(name: "stubborn", journal: journal), Worker(name: "b", journal: journal),
                             Worker(name: "c", journal: journal)], names: ["stubborn", "b", "c"], grace: 1, trigger: trigger).run()
        }
        #expect(await until { journal.count(prefix: "start") == 3 })
        let asked = Date()
        trigger.trigger()
        try await running.value
        #expect(journal.with(prefix: "finish") == ["finish c", "finish b"])
        #expect(journal.with(prefix: "cancelled") == ["cancelled stubborn"])
        #expect(Date().timeIntervalSince(asked) >= 1, "cancelled before the grace had passed")
    }

    /// Cancelling the task that runs the group is cancellation, not a graceful shutdown: nothing finishes.
    @Test func cancellingTheGroup_cancelsEveryService_withoutGracefulShutdown() async throws {
        let journal = Journal()
        let names = ["a", "b"]
        let running = Task { try await group(names.map { Worker(name: $0, journal: journal) }, names: names).run() }
        #expect(await until { journal.count(prefix: "start") == 2 })
        running.cancel()
        try await running.value
        #expect(Set(journal.with(prefix: "cancelled")) == ["cancelled a", "cancelled b"])
        #expect(journal.count(prefix: "finish") == 0)
    }

    @Test func aFailingService_stopsTheOthersGracefully_andItsExitCodeIsTheProcesses() async throws {
        let journal = Journal()
        struct Failing: Service {
            let journal: Journal
            func run() async throws {
                journal.add("start failing")
                while journal.count(prefix: "start") < 3 { try await Task.sleep(nanoseconds: 5_000_000) }
                throw ExitError(.temporaryFailure, "upstream gone")
            }
        }
        let services: [any Service] = [Worker(name: "a", journal: journal), Failing(journal: journal), Worker(name: "c", journal: journal)]
        var thrown: (any Error)?
        do { try await group(services, names: ["a", "failing", "c"]).run() } catch { thrown = error }
        #expect((thrown as? ExitError)?.code == .temporaryFailure)
        #expect(ExitCode(after: thrown) == .temporaryFailure)
        #expect(journal.with(prefix: "finish") == ["finish c", "finish a"])
    }

    @Test func exitCodes_afterTheGroupReturns() {
        #expect(ExitCode(after: nil) == .ok)
        #expect(ExitCode(after: CancellationError()) == .ok)
        #expect(ExitCode(after: ExitError(.configuration, "bad key")) == .configuration)
        #expect(ExitCode(after: Failure(name: "bug")) == .software)
    }

    @Test func aServiceThatReturns_endsTheGroup_withoutAnError() async throws {
        let journal = Journal()
        let once = ClosureService { journal.add("start once") }
        try await group([Worker(name: "a", journal: journal), once], names: ["a", "once"]).run()
        #expect(journal.entries.contains("finish a"))
    }

    /// A group run as a service of another follows the enclosing group's graceful shutdown.
    @Test func aNestedGroup_shutsDownGracefully_withItsParent() async throws {
        let journal = Journal()
        let trigger = ShutdownTrigger()
        let inner = group([Worker(name: "inner", journal: journal)], names: ["inner"])
        let running = Task { try await group([inner, Worker(name: "outer", journal: journal)], names: ["component", "outer"], trigger: trigger).run() }
        #expect(await until { journal.count(prefix: "start") == 2 })
        trigger.trigger()
        try await running.value
        #expect(journal.with(prefix: "finish") == ["finish outer", "finish inner"])
    }

    /// `cancelOnGracefulShutdown`: the body is cancelled when the shutdown begins; outside a group it just runs.
    @Test func cancelOnGracefulShutdown_cancelsTheBody() async throws {
        let shutdown = GracefulShutdown()
        let running = Task {
            try await shutdown.bind {
                try await cancelOnGracefulShutdown { try await Task.sleep(nanoseconds: 60_000_000_000); return 1 }
            }
        }
        shutdown.begin()
        #expect(try await running.value == nil)
        #expect(try await cancelOnGracefulShutdown { 2 } == 2)
        #expect(isShuttingDownGracefully == false)
    }
}
