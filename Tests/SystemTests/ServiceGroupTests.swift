import Foundation
import Testing
@testable import System

/// `ServiceGroup`: stops every service in reverse order on a shutdown request (as on SIGTERM), on
/// the first failure, or when one of them finishes. (The grace period: `LiveHardeningTests`.)
@Suite(.serialized) struct ServiceGroupTests {
    /// What the services did, in order.
    final class Journal: @unchecked Sendable {
        private let lock = NSLock()
        private var storage: [String] = []
        func add(_ entry: String) { lock.withLock { storage.append(entry) } }
        var entries: [String] { lock.withLock { storage } }
        func count(prefix: String) -> Int { entries.filter { $0.hasPrefix(prefix) }.count }
    }

    struct Failure: Error, Equatable { let name: String }

    let logger = Logger(label: "test", level: .critical)

    /// A service that records its start, waits to be cancelled, and records its stop.
    func waiting(_ name: String, _ journal: Journal) -> (name: String, service: any Service) {
        (name, ClosureService {
            journal.add("start \(name)")
            while !Task.isCancelled { try? await Task.sleep(nanoseconds: 5_000_000) }
            journal.add("stop \(name)")
        })
    }

    func until(_ timeout: Double = 5, _ condition: () -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while !condition(), Date() < deadline { try? await Task.sleep(nanoseconds: 5_000_000) }
        return condition()
    }

    /// A requested shutdown takes the SIGTERM path (a real SIGTERM is the supervisor test's: in this
    /// many-threaded test process a thread that does not block it would swallow it).
    @Test func requestedShutdown_stopsEveryService_inReverseOrder_andRunReturns() async throws {
        let journal = Journal()
        let trigger = ShutdownTrigger()
        let group = ServiceGroup(["a", "b", "c"].map { waiting($0, journal) }, gracePeriod: 2, logger: logger, shutdown: trigger)
        let running = Task { try await group.run() }
        #expect(await until { journal.count(prefix: "start") == 3 })
        trigger.trigger()
        try await running.value
        #expect(journal.entries.filter { $0.hasPrefix("stop") } == ["stop c", "stop b", "stop a"])
    }

    @Test func aFailingService_stopsTheOthers_andItsErrorIsRethrown() async throws {
        let journal = Journal()
        let failing: (name: String, service: any Service) = ("b", ClosureService {
            journal.add("start b")
            _ = await until { journal.count(prefix: "start") == 3 }
            throw Failure(name: "b")
        })
        let group = ServiceGroup([waiting("a", journal), failing, waiting("c", journal)], gracePeriod: 2, logger: logger)
        await #expect(throws: Failure(name: "b")) { try await group.run() }
        #expect(journal.entries.filter { $0.hasPrefix("stop") } == ["stop c", "stop a"])
    }

    @Test func aServiceThatFinishes_endsTheGroup_withoutAnError() async throws {
        let journal = Journal()
        let finishing: (name: String, service: any Service) = ("once", ClosureService { journal.add("start once") })
        let group = ServiceGroup([waiting("a", journal), finishing], gracePeriod: 2, logger: logger)
        try await group.run()
        #expect(journal.entries.contains("stop a"))
    }
}
