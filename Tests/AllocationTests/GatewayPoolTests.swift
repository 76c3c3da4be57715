import Testing
@testable import Allocation
import IPC

/// The pool of several gateways (one per KIS account) around the pure planner, driven as
/// `AllocatorCore` drives it: apply the pool, plan, record, route.
@Suite struct GatewayPoolTests {
    /// One decision over the pool; the gateways then answer every command `ok` and publish their ledgers.
    @discardableResult
    static func decide(_ state: inout AllocatorState, _ pool: inout GatewayPool, at now: Double,
                       answering: Bool = true) -> (decision: AllocationDecision, routed: [RoutedCommand]) {
        pool.apply(to: &state)
        let decision = SlotAllocator.plan(state, now: now)
        state.apply(decision, now: now)
        let routed = state.isGatewayUp ? pool.route(decision.holdings) : []
        pool.apply(to: &state)
        if answering {
            for command in routed { pool.answered(command, result: "ok") }
            for (index, member) in pool.members.enumerated() where member.isUp {
                pool.reconcile(index, with: ledger(of: member.registered))
            }
        }
        return (decision, routed)
    }

    static func twoGateways(_ state: inout AllocatorState) -> GatewayPool {
        var pool = GatewayPool(names: ["gateway@1", "gateway@2"], sessionCapacity: 41)
        pool.reconcile(0, with: ledger(of: []))
        pool.reconcile(1, with: ledger(of: []))
        return pool
    }

    static func target(_ state: AllocatorState) -> Set<FeedKey> {
        Set(state.holdings.values.flatMap { h in h.feeds.map { FeedKey(code: h.code, feed: $0) } })
    }

    @Test func twoGateways_holdMoreThan41_neverMoreThan41OnOne() {
        var state = makeState(stocks: 600)
        var pool = Self.twoGateways(&state)
        let (_, routed) = Self.decide(&state, &pool, at: marketTime(10, 0))
        #expect(state.usableCapacity == 82)
        #expect(state.slotsUsed > 41)
        #expect(pool.members.allSatisfy { $0.registered.count <= 41 })
        #expect(pool.members.allSatisfy { $0.registered.count > 0 })
        #expect(pool.members[0].registered.union(pool.members[1].registered) == Self.target(state))
        #expect(pool.members[0].registered.isDisjoint(with: pool.members[1].registered))
        // Each gateway's own commands never take it past its capacity at any point.
        for gateway in 0..<2 {
            var held = 0, peak = 0
            for command in routed where command.gateway == gateway {
                held += command.command.isSubscribe ? 1 : -1
                peak = max(peak, held)
            }
            #expect(peak <= 41)
        }
    }

    @Test func lostGateway_itsStocksMoveToRESTAndTheRemainingSlots_withinOneDecision() throws {
        var state = makeState(stocks: 600)
        var pool = Self.twoGateways(&state)
        Self.decide(&state, &pool, at: marketTime(10, 0))
        let before = state.holdings
        let lost = pool.members[1].registered
        pool.setReachable(1, false)
        let (decision, routed) = Self.decide(&state, &pool, at: marketTime(10, 0, 1))
        #expect(decision.didRebalance)
        #expect(state.usableCapacity == 41)
        #expect(state.slotsUsed <= 41)
        #expect(routed.allSatisfy { $0.gateway == 0 })
        #expect(pool.members[0].registered == Self.target(state))
        // Every stock of the lost gateway is either real-time on the remaining one or polled by REST
        // in the plan of this same decision.
        let plan = try #require(decision.pollPlan)
        let polled = Set(plan.map(\.code))
        for key in lost {
            if let holding = state.holdings[key.code], holding.feeds.contains(key.feed) {
                #expect(pool.members[0].registered.contains(key), "\(key.code) kept but not moved")
            } else if key.feed != .index {
                #expect(polled.contains(key.code), "\(key.code) neither real-time nor polled")
            }
        }
        let dropped = Set(before.keys).subtracting(state.holdings.keys).filter { before[$0]?.tier != 0 }
        #expect(!dropped.isEmpty)
        #expect(dropped.isSubset(of: polled))
    }

    @Test func returningGateway_isFilledAgain_byTheNextDecision() {
        var state = makeState(stocks: 600)
        var pool = Self.twoGateways(&state)
        Self.decide(&state, &pool, at: marketTime(10, 0))
        let full = state.slotsUsed
        pool.setReachable(1, false)
        Self.decide(&state, &pool, at: marketTime(10, 0, 1))
        #expect(state.slotsUsed <= 41)
        pool.reconcile(1, with: ledger(of: []))  // restarted: an empty ledger
        let (decision, routed) = Self.decide(&state, &pool, at: marketTime(10, 0, 2))
        #expect(decision.didRebalance)
        #expect(state.usableCapacity == 82)
        #expect(state.slotsUsed == full)
        #expect(routed.contains { $0.gateway == 1 && $0.command.isSubscribe })
        #expect(pool.members.allSatisfy { $0.registered.count <= 41 })
    }

    @Test func sessionDown_isLostToo_andItsReRegistrationsAreReleasedWhenBack() {
        var state = makeState(stocks: 600)
        var pool = Self.twoGateways(&state)
        Self.decide(&state, &pool, at: marketTime(10, 0))
        let old = pool.members[1].registered
        // The KIS session of account 2 lingers (OPSP8996): the gateway is alive, its ledger says disconnected.
        pool.reconcile(1, with: ledger(of: old, connected: false))
        Self.decide(&state, &pool, at: marketTime(10, 0, 1))
        #expect(state.usableCapacity == 41)
        let moved = pool.members[0].registered.intersection(old)
        #expect(!moved.isEmpty)
        // Back: it re-registered its old ledger; what moved to gateway 1 is held twice and released once.
        pool.reconcile(1, with: ledger(of: old, connected: true))
        let (_, routed) = Self.decide(&state, &pool, at: marketTime(10, 0, 2))
        #expect(pool.members[0].registered.isDisjoint(with: pool.members[1].registered))
        #expect(routed.contains { !$0.command.isSubscribe })
        #expect(pool.members.allSatisfy { $0.registered.count <= 41 })
    }

    @Test func emergency_isGrantedAcrossThePool() throws {
        var state = makeState(stocks: 600)
        var pool = Self.twoGateways(&state)
        Self.decide(&state, &pool, at: marketTime(10, 0))
        let outsider = try #require(state.universe.stocks.first { state.holdings[$0.code] == nil }).code
        state.requestEmergency(code: outsider, priority: 99, reason: "test")
        let (decision, routed) = Self.decide(&state, &pool, at: marketTime(10, 0, 1))
        #expect(decision.refusedEmergencies.isEmpty)
        #expect(state.holdings[outsider] != nil)
        #expect(routed.contains { $0.command == .subscribe(FeedKey(code: outsider, feed: .trade)) })
        #expect(pool.members.allSatisfy { $0.registered.count <= 41 })
    }

    @Test func allGatewaysLost_isFallback() {
        var state = makeState(stocks: 600)
        var pool = Self.twoGateways(&state)
        Self.decide(&state, &pool, at: marketTime(10, 0))
        pool.setReachable(0, false)
        pool.setReachable(1, false)
        let (decision, routed) = Self.decide(&state, &pool, at: marketTime(10, 0, 1))
        #expect(decision.isFallback)
        #expect(routed.isEmpty)
    }

    @Test func unansweredSubscribe_isForgotten_andSentAgain() {
        var state = makeState(stocks: 600)
        var pool = Self.twoGateways(&state)
        let (_, routed) = Self.decide(&state, &pool, at: marketTime(10, 0), answering: false)
        let first = try! #require(routed.first { $0.command.isSubscribe })
        for command in routed { pool.answered(command, result: command == first ? nil : "ok") }
        let (_, again) = Self.decide(&state, &pool, at: marketTime(10, 0, 1), answering: false)
        #expect(again.contains { $0.command == first.command })
    }
}
