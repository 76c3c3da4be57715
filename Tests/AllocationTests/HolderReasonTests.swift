import Foundation
import Testing
@testable import Allocation
import IPC

/// Issue 22's visibility: each holder carries its hazard and why it holds the slot, in words a
/// trader reads (`HolderReason`), under every scoring.
@Suite struct HolderReasonTests {
    @Test func heatTerms_arePointsOfTheScore_largestFirst_zeroesLeftOut() {
        var c = HeatComponents()
        c.gap = 0.8; c.volume = 0.2
        let weights = StrategyWeights(gap: 1, volume: 1, momentum: 1, ranking: 1, signal: 0, performance: 0)
        let terms = HolderReason.heatTerms(c, weights: weights)
        #expect(terms == [.init("gap", 20), .init("volume", 5)])
        #expect(HolderReason.heat(terms) == "heat: gap 20, volume 5")
        #expect(HolderReason.heat([]) == "heat: nothing scored")
    }

    @Test func hazardTerms_nameTheFeaturesThatAddMostLogOdds() {
        var features = [Double](repeating: 0, count: HazardFeatures.count)
        var weights = HazardModel.defaultPriorWeights
        features[13] = 1      // sector_fired, weight 1.5
        features[14] = 0.5    // signal_recency, weight 1.5
        features[0] = 0.1     // change, weight 0.8
        weights[2] = -1; features[2] = 1  // a feature that lowers the hazard is never a reason
        let terms = HolderReason.hazardTerms(features: features, weights: weights)
        #expect(terms.map(\.name) == ["sector_fired", "signal_recency", "change"])
        #expect(HolderReason.hazard(0.314, terms: terms) == "hazard 31.4 %: sector_fired +1.5, signal_recency +0.8")
        #expect(HolderReason.hazard(0.02, terms: []) == "hazard 2.0 %: the window's base rate")
    }

    @Test func fixed_roundsToOneDecimal() {
        #expect([0, 0.04, 0.05, 0.314 * 100, 1.45, 99.96, -0.04, -2.25].map(HolderReason.fixed)
                == ["0.0", "0.0", "0.1", "31.4", "1.5", "100.0", "0.0", "-2.3"])
    }

    @Test func compose_addsWatchListAndDwell_whenThoseKeptTheStock() {
        #expect(HolderReason.compose(strategy: "day", tier: 1, explanations: ["heat: gap 20"], watched: false, inDwell: false)
                == "day tier 1 · heat: gap 20")
        #expect(HolderReason.compose(strategy: "day", tier: 2, explanations: ["heat: gap 20", "hazard 10.0 %: change +0.1"],
                                     watched: true, inDwell: true)
                == "day tier 2 · heat: gap 20 · hazard 10.0 %: change +0.1 · watch list · minimum dwell")
    }

    /// Ten stocks in two sectors, all quoted alike; B1…B4 fired 30 s ago. Heat says their own signal
    /// put them there; the hazard says the sector did for B0, which did not fire itself.
    func stateWithFiringSector(scoring: SlotScoring, now: Double) -> AllocatorState {
        let stocks = ["A", "B"].flatMap { s in (0..<5).map { UniverseStock(code: "\(s)\($0)", sector: "sector-\(s)") } }
        var configuration = AllocatorConfiguration()
        configuration.hazard.slotScoring = scoring
        var state = AllocatorState(configuration: configuration, universe: StockUniverse(stocks: stocks))
        state.reconcile(with: Ledger(connected: true, capacity: 41, entries: []))
        state.ingest(stocks.map { Quote(code: $0.code, price: 10_100, previousClose: 10_000, change: 100, changeRate: 1,
                                        cumulativeVolume: 1_000, open: 10_000, high: 10_200, low: 9_900,
                                        previousDayVolume: 100_000, receivedAt: now) }, now: now)
        for code in ["B1", "B2", "B3", "B4"] {
            state.ingest(TradeSignal(time: "", code: code, name: "", kind: .momentum, direction: .up, strength: 3, price: 10_100,
                                     changeRate: 1, volume: 0, source: .rest, tier: 0, dataAgeSeconds: 0, reason: "test",
                                     receivedAt: 0), now: now - 30)
        }
        return state
    }

    @Test func rebalance_saysWhyEachHolderHoldsItsSlot_underEachScoring() {
        let now = marketTime(10, 0)
        for scoring in SlotScoring.allCases {
            var state = stateWithFiringSector(scoring: scoring, now: now)
            let holders = decide(&state, at: now).allocation(generation: 1, time: now, capacity: 41).holders.filter { $0.tier != 0 }
            #expect(holders.count == 10, "\(scoring)")
            let window = state.window(at: now).strategy
            #expect(holders.allSatisfy { $0.reason.hasPrefix("\(window) tier \($0.tier) · ") }, "\(scoring)")
            let b1 = holders.first { $0.code == "B1" }!.reason, b0 = holders.first { $0.code == "B0" }!.reason
            #expect(b1.contains("heat: ") == (scoring != .hazard), "\(scoring): \(b1)")
            if scoring != .hazard { #expect(b1.contains("heat: signal") || b1.contains(", signal"), "\(b1)") }
            #expect(b0.contains("hazard ") == (scoring != .heat), "\(scoring): \(b0)")
            if scoring != .heat { #expect(b0.contains(": sector_fired +"), "\(b0)") }
        }
    }

    @Test func aHolderInsideItsDwell_saysSo_andLosesItWhenTheDwellIsOver() {
        let now = marketTime(10, 0)
        var state = stateWithFiringSector(scoring: .heat, now: now)
        decide(&state, at: now)
        state.needsRebalance = true
        decide(&state, at: now + 10)
        let inDwell = state.holdings.values.filter { $0.tier != 0 }
        #expect(inDwell.count == 10)
        #expect(inDwell.allSatisfy { $0.reason.hasSuffix(" · minimum dwell") })
        state.needsRebalance = true
        decide(&state, at: now + state.configuration.minimumDwellSeconds + 1)
        let after = state.holdings.values.filter { $0.tier != 0 }
        #expect(after.count == 10)
        #expect(after.allSatisfy { !$0.reason.contains("minimum dwell") })
    }

    /// An emergency granted between rebalances gets its hazard at once, with its reason.
    @Test func anEmergencyBetweenRebalances_carriesItsHazardAndReason() {
        let now = marketTime(10, 0)
        var state = stateWithFiringSector(scoring: .heat, now: now)
        state.configuration.capacity = 6
        state.reconcile(with: Ledger(connected: true, capacity: 6, entries: []))
        decide(&state, at: now)
        let outside = state.universe.stocks.map(\.code).first { state.holdings[$0] == nil }!
        state.requestEmergency(code: outside, priority: 99, reason: "vi auction")
        let decision = decide(&state, at: now + 5)
        #expect(!decision.didRebalance)
        let holder = decision.allocation(generation: 2, time: now + 5, capacity: 6).holders.first { $0.code == outside }
        #expect(holder?.reason == "emergency: vi auction")
        #expect(holder?.hazard == state.hazards(now: now + 5)[state.universe.index(of: outside)!])
    }

    /// `status` lists every holder with its hazard and reason, in the allocation message's order.
    @Test func slotStatus_listsEveryHolderWithHazardAndReason() {
        let now = marketTime(10, 0)
        var state = stateWithFiringSector(scoring: .hazard, now: now)
        let decision = decide(&state, at: now)
        let slots = state.slotStatus()
        let order = decision.allocation(generation: 1, time: now, capacity: 41).holders.map(\.code)
        #expect(slots.compactMap { $0["code"]?.stringValue } == order)
        for slot in slots where slot["tier"]?.doubleValue != 0 {
            #expect(slot["hazard"]?.doubleValue.map { (0...1).contains($0) } == true)
            #expect(slot["reason"]?.stringValue?.contains("hazard ") == true)
            #expect(slot["since"]?.stringValue == "10:00:00")
        }
    }
}
