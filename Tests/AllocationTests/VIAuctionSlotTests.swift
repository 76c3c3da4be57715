import Testing
@testable import Allocation
import IPC

/// Issue 16: a stock in a VI auction holds a WebSocket slot before the auction resolves and keeps
/// it through the release (krx-rules.md: 2 minutes plus up to 30 s; the release is where the move
/// happens). Pure: the allocator's state and decisions on a manual market clock.
@Suite struct VIAuctionSlotTests {
    static func vi(_ code: String, _ event: String) -> TradeSignal {
        var signal = TradeSignal(time: "", code: code, name: "", kind: .vi, direction: .up, strength: 10, price: 1, changeRate: 10,
                                 volume: 1, source: .rest, tier: 0, dataAgeSeconds: 0, reason: "", receivedAt: 0)
        signal.event = event
        return signal
    }

    /// Full (no reserve), scores from performance only.
    static func fullState() -> AllocatorState {
        makeState {
            performanceOnly(&$0)
            $0.windows[0].reserveSlots = 0
        }
    }

    static func stockHolders(_ state: AllocatorState) -> [Holding] {
        state.holdings.values.filter { $0.tier != 0 }.sorted { $0.code < $1.code }
    }

    static func outsider(_ state: AllocatorState, after skip: Int = 0) throws -> String {
        try #require(state.universe.stocks.filter { state.holdings[$0.code] == nil }.dropFirst(skip).first).code
    }

    @Test func aTierOneHolder_inAVIAuction_keepsItsSlot_throughTheRelease_evenWhenItCools() throws {
        var state = Self.fullState()
        for (i, stock) in state.universe.stocks.enumerated() { state.setPerformance(code: stock.code, score: Double(i % 100)) }
        decide(&state, at: marketTime(10, 0))
        let holder = try #require(Self.stockHolders(state).first { $0.tier == 1 }).code
        state.ingest(Self.vi(holder, "triggered"), now: marketTime(10, 0, 30))
        decide(&state, at: marketTime(10, 0, 31))
        // The auction: no trades, its heat falls to nothing, every rebalance would drop it.
        state.setPerformance(code: holder, score: 0)
        for second in stride(from: 40.0, through: 170, by: 10) {
            state.needsRebalance = true
            decide(&state, at: marketTime(10, 0, second))
            #expect(state.holdings[holder] != nil, "evicted \(second) s after 10:00 during the auction")
        }
        // Released 2 min 20 s after the trigger: held through the minute after it too.
        state.ingest(Self.vi(holder, "released"), now: marketTime(10, 2, 50))
        state.needsRebalance = true
        decide(&state, at: marketTime(10, 3, 45))
        #expect(state.holdings[holder]?.isInAuction(at: marketTime(10, 3, 45)) == true)
        #expect((state.holdings[holder]?.auctionUntil ?? 0) >= marketTime(10, 3, 50))
    }

    @Test func aVITrigger_outranksEveryOtherEmergency_andEvictsExactlyOneHolder() throws {
        var state = Self.fullState()
        decide(&state, at: marketTime(10, 0))
        #expect(state.slotsUsed == 41)
        for holder in Self.stockHolders(state) { state.requestEmergency(code: holder.code, priority: 95, reason: "gap") }
        decide(&state, at: marketTime(10, 0, 1))
        let before = Set(state.holdings.keys)
        let auction = try Self.outsider(state)
        state.ingest(Self.vi(auction, "triggered"), now: marketTime(10, 0, 2))
        let decision = decide(&state, at: marketTime(10, 0, 2))
        #expect(decision.refusedEmergencies.isEmpty)
        #expect(state.holdings[auction] != nil)
        #expect(before.subtracting(state.holdings.keys).count == 1)
        #expect(state.slotsUsed <= 41)
        // A later emergency of the highest priority takes another holder's slot, not the auction's.
        let gap = try Self.outsider(state)
        state.requestEmergency(code: gap, priority: 100, reason: "gap")
        decide(&state, at: marketTime(10, 1))
        #expect(state.holdings[auction] != nil)
        #expect(state.slotsUsed <= 41)
    }

    @Test func auctions_neverEvictEachOther_andCapacityHolds_whenEverySlotIsInAnAuction() throws {
        var state = Self.fullState()
        decide(&state, at: marketTime(10, 0))
        for holder in Self.stockHolders(state) { state.ingest(Self.vi(holder.code, "triggered"), now: marketTime(10, 0, 1)) }
        decide(&state, at: marketTime(10, 0, 1))
        let before = state.holdings
        let late = try Self.outsider(state)
        state.ingest(Self.vi(late, "triggered"), now: marketTime(10, 0, 5))
        let decision = decide(&state, at: marketTime(10, 0, 5))
        #expect(decision.deferredEmergencies == [late])
        #expect(decision.refusedEmergencies.isEmpty)
        #expect(state.holdings == before)
        #expect(state.slotsUsed <= 41)
    }

    @Test func aVIThatFindsEverySlotInAnAuction_waits_andTakesTheFirstSlotWhoseAuctionEnds() throws {
        var state = Self.fullState()
        decide(&state, at: marketTime(10, 0))
        for holder in Self.stockHolders(state) { state.ingest(Self.vi(holder.code, "triggered"), now: marketTime(10, 0, 1)) }
        decide(&state, at: marketTime(10, 0, 1))
        let late = try Self.outsider(state)
        state.ingest(Self.vi(late, "triggered"), now: marketTime(10, 1, 0))
        decide(&state, at: marketTime(10, 1, 0))
        #expect(state.holdings[late] == nil)
        #expect(state.emergencies.map(\.code) == [late])
        // The others' auctions and their minute after end at 10:03:31 (150 s + 60 s); the late one's
        // runs to 10:04:30: the first decision after 10:03:31 gives it a slot, capacity held.
        decide(&state, at: marketTime(10, 3, 30))
        #expect(state.holdings[late] == nil)
        let decision = decide(&state, at: marketTime(10, 3, 32))
        #expect(state.holdings[late] != nil)
        #expect(decision.handledEmergencies.contains(late))
        #expect(state.emergencies.isEmpty)
        #expect(state.slotsUsed <= 41)
    }

    @Test func aWaitingVI_isDroppedAsRefused_onceItsOwnAuctionIsOver() throws {
        var state = Self.fullState()
        decide(&state, at: marketTime(10, 0))
        for holder in Self.stockHolders(state) {
            state.ingest(Self.vi(holder.code, "triggered"), now: marketTime(10, 0, 1))
        }
        decide(&state, at: marketTime(10, 0, 1))
        let late = try Self.outsider(state)
        state.ingest(Self.vi(late, "triggered"), now: marketTime(10, 0, 1))
        // Same auction times: the holders keep their slots until the late request's auction ends too.
        decide(&state, at: marketTime(10, 2, 0))
        #expect(state.emergencies.map(\.code) == [late])
        // Both auctions over: the request competes at its own priority against holders pinned at the
        // same priority, is refused and dropped, not retried forever.
        let decision = decide(&state, at: marketTime(10, 3, 32))
        #expect(decision.refusedEmergencies == [late])
        #expect(state.holdings[late] == nil)
        #expect(state.emergencies.isEmpty)
    }

    @Test func theSignalsOwnEmergency_forTheSameStock_doesNotCancelTheAuction() throws {
        var state = Self.fullState()
        decide(&state, at: marketTime(10, 0))
        let code = try Self.outsider(state)
        state.ingest(Self.vi(code, "triggered"), now: marketTime(10, 0, 1))
        // `signals` sends its own emergency for the same VI (a `FeedbackPolicy` hint), arriving after.
        state.requestEmergency(code: code, priority: 90, reason: "vi: hint")
        #expect(state.emergencies.count == 1)
        #expect(state.emergencies.first?.auctionUntil == marketTime(10, 0, 1) + 210)
        #expect(state.emergencies.first?.rank(at: marketTime(10, 0, 2)) == Holding.auctionRank)
    }

    @Test func afterTheAuction_theStockCompetesNormallyAgain() throws {
        var state = Self.fullState()
        decide(&state, at: marketTime(10, 0))
        let code = try Self.outsider(state)
        state.ingest(Self.vi(code, "triggered"), now: marketTime(10, 0, 1))
        decide(&state, at: marketTime(10, 0, 1))
        #expect(state.holdings[code]?.rank(at: marketTime(10, 0, 2)) == Holding.auctionRank)
        let after = marketTime(10, 0, 1) + 211
        #expect(state.holdings[code]?.rank(at: after) == 90)
        // Past the emergency hold too, a rebalance may drop it (it has no heat of its own).
        for stock in state.universe.stocks { state.setPerformance(code: stock.code, score: 50) }
        state.setPerformance(code: code, score: 0)
        state.needsRebalance = true
        decide(&state, at: marketTime(10, 0, 1) + 301)
        #expect(state.holdings[code] == nil)
    }

    @Test func withVIAuctionsOff_aVISignalIsNoEmergency() {
        var state = makeState { $0.viAuctionSeconds = 0 }
        state.ingest(Self.vi(state.universe.stocks[0].code, "triggered"), now: marketTime(10, 0))
        #expect(state.emergencies.isEmpty)
    }
}
