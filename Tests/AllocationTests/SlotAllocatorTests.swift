import Testing
@testable import Allocation
import IPC

@Suite struct SlotAllocatorTests {
    @Test func eachWindowSwitch_producesTheTablesAllocation() {
        var state = makeState()
        let times = [marketTime(8, 50), marketTime(9, 0), marketTime(9, 30), marketTime(11, 30), marketTime(14, 0), marketTime(15, 20)]
        for (time, window) in zip(times, WindowStrategy.defaultTable) {
            let decision = decide(&state, at: time)
            #expect(decision.window.name == window.name)
            #expect(decision.didRebalance)
            let spare = 41 - window.tableSlots
            #expect(state.count(tier: 1) == window.tier1, "\(window.name)")
            #expect(state.count(tier: 2) == window.tier2 + spare, "\(window.name)")
            #expect(state.count(tier: 0) == window.indexSlots)
            #expect(state.slotsUsed == 41 - window.reserveSlots)
            #expect(state.registered.count == state.slotsUsed)
        }
    }

    @Test func betweenRebalances_holdersStay_thenRebalanceAfterFiveMarketMinutes() {
        var state = makeState()
        decide(&state, at: marketTime(10, 0))
        let before = state.holdings
        for i in 0..<500 { state.setPerformance(code: state.universe.stocks[i % 300].code, score: Double(i % 100)) }
        #expect(!decide(&state, at: marketTime(10, 4, 59)).didRebalance)
        #expect(state.holdings == before)
        #expect(decide(&state, at: marketTime(10, 5)).didRebalance)
    }

    @Test func emergency_takesAReserveSlot_whenOneIsFree() throws {
        var state = makeState()
        decide(&state, at: marketTime(10, 0))
        let before = state.holdings
        let outsider = try #require(state.universe.stocks.first { state.holdings[$0.code] == nil }).code
        state.requestEmergency(code: outsider, priority: 95, reason: "test")
        let decision = decide(&state, at: marketTime(10, 0, 1))
        #expect(decision.commands == [.subscribe(FeedKey(code: outsider, feed: .trade))])
        #expect(state.holdings.count == before.count + 1)
        #expect(state.slotsUsed == 40)
    }

    @Test func emergency_evictsExactlyTheLowestPriorityHolder_whenFull() throws {
        var state = makeState { $0.windows = $0.windows.map { var w = $0; w.reserveSlots = 0; return w } }
        decide(&state, at: marketTime(10, 0))
        #expect(state.slotsUsed == 41)
        let lowest = try #require(SlotAllocator.lowestPriority(state.holdings))
        let before = Set(state.holdings.keys)
        let outsider = try #require(state.universe.stocks.first { state.holdings[$0.code] == nil }).code
        state.requestEmergency(code: outsider, priority: 95, reason: "test")
        let decision = decide(&state, at: marketTime(10, 0, 1))
        #expect(before.subtracting(state.holdings.keys) == [lowest.code])
        #expect(state.holdings[outsider]?.emergencyPriority == 95)
        #expect(decision.commands.first == .unsubscribe(FeedKey(code: lowest.code, feed: lowest.feeds[0])))
        #expect(state.slotsUsed <= 41)
        // Pinned through the next rebalance.
        decide(&state, at: marketTime(10, 5))
        #expect(state.holdings[outsider] != nil)
    }

    @Test func emergency_isRefused_whenEveryHolderOutranksIt() throws {
        var state = makeState { $0.windows = $0.windows.map { var w = $0; w.reserveSlots = 0; return w } }
        decide(&state, at: marketTime(10, 0))
        let before = state.holdings
        let outsider = try #require(state.universe.stocks.first { state.holdings[$0.code] == nil }).code
        state.requestEmergency(code: outsider, priority: 0, reason: "weak")
        let decision = decide(&state, at: marketTime(10, 0, 1))
        #expect(decision.refusedEmergencies == [outsider])
        #expect(state.holdings == before)
        #expect(state.emergencies.isEmpty)
    }

    @Test func sectorCap_isHeld_whenOneSectorIsHottest() {
        // 40 stocks of sector "hot" outscore 260 others spread over 26 sectors.
        let universe = StockUniverse(stocks: (0..<300).map { UniverseStock(code: String(100_000 + $0), sector: $0 < 40 ? "hot" : "s\($0 % 26)") })
        var configuration = AllocatorConfiguration()
        performanceOnly(&configuration)
        var state = AllocatorState(configuration: configuration, universe: universe)
        state.reconcile(with: Ledger(connected: true, capacity: 41, entries: []))
        for (i, stock) in universe.stocks.enumerated() { state.setPerformance(code: stock.code, score: i < 40 ? 100 : Double(i % 50)) }
        decide(&state, at: marketTime(10, 0))
        let stocks = state.holdings.values.filter { $0.tier != 0 }
        var perSector: [String: Int] = [:]
        for holding in stocks { perSector[universe.stocks[universe.index(of: holding.code)!].sector, default: 0] += 1 }
        #expect(stocks.count == 30)  // 6 × 2 + 24 = 36 slots
        #expect(perSector["hot"] == 9)  // ⌊30 % × 30⌋
        #expect(perSector.values.allSatisfy { Double($0) <= 0.3 * 30 + 1e-9 })
    }

    @Test func gatewayDown_putsAllItsStocksOnREST_withinOneDecision_andBackAfterRecovery() throws {
        var state = makeState()
        decide(&state, at: marketTime(10, 0))
        let registered = state.registered
        let stockHolders = Set(state.holdings.values.filter { $0.tier != 0 }.map(\.code))

        state.reconcile(with: ledger(of: registered, connected: false))
        let down = decide(&state, at: marketTime(10, 0, 1))
        #expect(down.isFallback)
        #expect(down.commands.isEmpty)
        let plan = try #require(down.pollPlan)
        let critical = Set(plan.filter { $0.priority == .critical }.map(\.code))
        #expect(critical == stockHolders)
        #expect(plan.filter { $0.reason == "ws_fallback" }.allSatisfy { $0.intervalSeconds == WindowStrategy.defaultTable[2].intervals.critical })

        state.reconcile(with: ledger(of: registered, connected: true))
        let back = decide(&state, at: marketTime(10, 0, 2))
        #expect(!back.isFallback)
        #expect(back.commands.isEmpty)
        let restored = try #require(back.pollPlan)
        #expect(restored.allSatisfy { !stockHolders.contains($0.code) })
        #expect(restored.count == 300 - stockHolders.count)
    }

    @Test func unansweredSubscribes_areSentAgain_byTheNextDecision() {
        var state = makeState()
        let first = decide(&state, at: marketTime(10, 0))
        let subscribes = first.commands.filter { if case .subscribe = $0 { true } else { false } }
        #expect(!subscribes.isEmpty)
        // The gateway was not up: none of them was answered.
        for command in subscribes { state.commandUnanswered(command.key, wasSubscribe: true) }
        let again = decide(&state, at: marketTime(10, 0, 1))
        #expect(Set(again.commands.map(\.key)) == Set(subscribes.map(\.key)))
    }

    @Test func gatewaySocketLost_isFallbackToo() {
        var state = makeState()
        decide(&state, at: marketTime(10, 0))
        state.setGatewayReachable(false)
        #expect(decide(&state, at: marketTime(10, 0, 1)).isFallback)
    }

    @Test func reconnect_reconcilesWithTheLedger_insteadOfAssuming() {
        var state = makeState()
        decide(&state, at: marketTime(10, 0))
        var held = state.registered
        let lost = held.sorted()[0]
        held.remove(lost)
        let stranger = FeedKey(code: "999999", feed: .trade)
        held.insert(stranger)
        state.reconcile(with: ledger(of: held))
        let decision = decide(&state, at: marketTime(10, 0, 1))
        #expect(decision.commands == [.unsubscribe(stranger), .subscribe(lost)])
    }

    @Test func noticeRegistrations_countAgainstCapacity() {
        var state = makeState()
        state.reconcile(with: Ledger(connected: true, capacity: 41, entries: [LedgerEntry(code: "HTS01", feed: .notice, state: "held", since: 0)]))
        decide(&state, at: marketTime(10, 0))
        #expect(state.usableCapacity == 40)
        #expect(state.slotsUsed == 38)
    }

    @Test func refusedSubscription_isDropped_andNotAskedAgainDuringTheCooldown() throws {
        var state = makeState()
        decide(&state, at: marketTime(10, 0))
        let victim = try #require(state.holdings.values.first { $0.tier == 2 })
        state.subscriptionRefused(FeedKey(code: victim.code, feed: .trade), now: marketTime(10, 0, 1))
        decide(&state, at: marketTime(10, 0, 2))
        #expect(state.holdings[victim.code] == nil)
        #expect(state.slotsUsed == 39)
    }

    @Test func seedPolicy_usesTheFixedLayout_andTheSourcesRESTBudget() throws {
        var state = makeState { $0.policy = .seed }
        let decision = decide(&state, at: marketTime(9, 0))
        #expect(state.count(tier: 1) == 13)
        #expect(state.count(tier: 2) == 15)
        #expect(state.slotsUsed == 41)
        let plan = try #require(decision.pollPlan)
        #expect(plan.filter { $0.intervalSeconds == 30 }.count == 50)
        #expect(plan.filter { $0.intervalSeconds == 300 }.count == 100)
    }

    @Test func staticPolicy_registersTheWatchList_withoutREST() throws {
        var state = makeState { $0.policy = .static }
        for stock in state.universe.stocks.prefix(50) { state.addToWatchList(stock.code) }
        let decision = decide(&state, at: marketTime(9, 0))
        #expect(state.count(tier: 2) == 41)
        #expect(Set(state.holdings.keys) == Set(state.universe.stocks.prefix(41).map(\.code)))
        #expect(try #require(decision.pollPlan).isEmpty)
        decide(&state, at: marketTime(11, 0))
        #expect(Set(state.holdings.keys) == Set(state.universe.stocks.prefix(41).map(\.code)))
    }

    @Test func capacityZero_registersNothing_refusesEmergencies_andPollsEveryStock() throws {
        var state = makeState { $0.capacity = 0 }
        let outsider = state.universe.stocks[0].code
        state.requestEmergency(code: outsider, priority: 100, reason: "test")
        for time in [marketTime(8, 55), marketTime(9, 0), marketTime(10, 0), marketTime(14, 0), marketTime(15, 20)] {
            let decision = decide(&state, at: time)
            #expect(decision.commands.isEmpty)
            #expect(state.holdings.isEmpty)
            #expect(state.registered.isEmpty)
        }
        state.requestEmergency(code: outsider, priority: 100, reason: "test")
        let decision = decide(&state, at: marketTime(10, 1))
        #expect(decision.refusedEmergencies == [outsider])
        state.needsRebalance = true
        let plan = try #require(decide(&state, at: marketTime(10, 2)).pollPlan)
        #expect(plan.count == 300)
    }

    @Test func pollPlan_givesEveryStockWithoutASlotAPriorityAndAReason() throws {
        var state = makeState()
        let decision = decide(&state, at: marketTime(9, 10))
        let plan = try #require(decision.pollPlan)
        #expect(plan.count == 300 - state.holdings.values.filter { $0.tier != 0 }.count)
        #expect(plan.allSatisfy { $0.reason?.isEmpty == false && $0.intervalSeconds > 0 })
        #expect(plan.filter { $0.priority == .high }.count >= 50)
        // The open polls faster than lunch.
        #expect(plan.first { $0.priority == .low }?.intervalSeconds == 30)
        state.needsRebalance = true
        let lunch = try #require(decide(&state, at: marketTime(12, 0)).pollPlan)
        #expect(lunch.first { $0.priority == .low }?.intervalSeconds == 120)
    }
}
