import Foundation
import Testing
@testable import Allocation
import IPC
import System

@Suite struct HazardTests {
    /// Two sectors of five stocks (`A0`…`A4`, `B0`…`B4`), every stock quoted alike at `now`.
    func twoSectorState(now: Double, configure: (inout AllocatorConfiguration) -> Void = { _ in }) -> AllocatorState {
        let stocks = ["A", "B"].flatMap { s in (0..<5).map { UniverseStock(code: "\(s)\($0)", sector: "sector-\(s)") } }
        var configuration = AllocatorConfiguration()
        configure(&configuration)
        var state = AllocatorState(configuration: configuration, universe: StockUniverse(stocks: stocks))
        state.ingest(stocks.map { quote($0.code, volume: 1_000, at: now) }, now: now)
        return state
    }

    func quote(_ code: String, volume: Int, price: Int = 10_100, at now: Double) -> Quote {
        Quote(code: code, price: price, previousClose: 10_000, change: price - 10_000, changeRate: Double(price - 10_000) / 100,
              cumulativeVolume: volume, open: 10_000, high: 10_200, low: 9_900, previousDayVolume: 100_000, receivedAt: now)
    }

    func signal(_ code: String) -> TradeSignal {
        TradeSignal(time: "", code: code, name: "", kind: .momentum, direction: .up, strength: 1, price: 10_100, changeRate: 1,
                    volume: 0, source: .rest, tier: 0, dataAgeSeconds: 0, reason: "test", receivedAt: 0)
    }

    func hazard(_ state: AllocatorState, _ code: String, at now: Double) -> Double {
        state.hazards(now: now)[state.universe.index(of: code)!]
    }

    @Test func sectorMatesFiring_raiseTheHazard_overAQuietSector() {
        let now = marketTime(10, 0)
        var state = twoSectorState(now: now)
        for code in ["A1", "A2", "A3", "A4"] { state.ingest(signal(code), now: now - 30) }
        let busy = hazard(state, "A0", at: now), quiet = hazard(state, "B0", at: now)
        #expect(busy > quiet, "sector fired \(busy) vs quiet \(quiet)")

        // Ablation: with the sector group off the two identical stocks are equal again.
        state.configuration.hazard.features = [.sweep, .websocket, .history]
        #expect(hazard(state, "A0", at: now) == hazard(state, "B0", at: now))
    }

    @Test func tripledVolumePace_raisesTheHazard() {
        var now = marketTime(10, 0)
        var state = twoSectorState(now: now)
        var steady = 1_000, surging = 1_000
        for step in 1...24 {  // 4 minutes of quotes every 10 s; B1's pace triples for the last 2
            now += 10
            steady += 100
            surging += step > 12 ? 300 : 100
            state.ingest([quote("B0", volume: steady, at: now), quote("B1", volume: surging, at: now)], now: now)
        }
        let calm = hazard(state, "B0", at: now), hot = hazard(state, "B1", at: now)
        #expect(hot > calm, "tripled pace \(hot) vs steady \(calm)")
        let x = state.hazard.inputs(state.universe.index(of: "B1")!, activity: state.activity[state.universe.index(of: "B1")!],
                                    sector: state.universe.sectorIDs[state.universe.index(of: "B1")!], context: .init(), now: now)
        #expect(abs((x.recentVolumePace ?? 0) - 3) < 0.3, "measured pace \(String(describing: x.recentVolumePace))")
    }

    @Test func examples_areLabelledBySignalsWithinTheHorizon() {
        var now = marketTime(10, 0)
        var state = twoSectorState(now: now) { $0.hazard.horizonSeconds = 60; $0.hazard.sampleSeconds = 15 }
        state.advanceHazard(now: now)  // 10 examples stored
        #expect(state.hazard.pendingCount == 10)
        state.ingest(signal("A0"), now: now + 20)
        state.ingest(signal("A1"), now: now + 61)  // after the horizon: not this example's label
        now += 60
        state.advanceHazard(now: now)
        #expect(state.hazard.calibration.examples == 10)
        #expect(state.hazard.calibration.bins.reduce(0) { $0 + $1.fired } == 1)
        #expect(state.hazard.model.updates == 10)
    }

    /// Features drawn at random, outcomes drawn with a known logistic probability: after learning
    /// online, the model's predicted rate matches the realised one in every populated decile.
    @Test func calibration_onASyntheticStreamWithKnownProbabilities_isWithinAFewPoints() {
        var generator = SplitMix64(seed: 22)
        func uniform() -> Double { Double(generator.next() % 1_000_000) / 1_000_000 }
        // True weights unlike the prior's, so the model must learn them.
        let truth = (0..<HazardFeatures.count).map { i in Double((i * 7) % 5) - 1.5 }
        let trueIntercept = -2.5
        var model = HazardModel(learningRate: 0.02, regularization: 0)
        func draw() -> (features: [Double], fired: Bool, p: Double) {
            let x = (0..<HazardFeatures.count).map { _ in uniform() < 0.5 ? uniform() : 0 }
            let p = HazardModel.sigmoid(trueIntercept + zip(truth, x).reduce(0) { $0 + $1.0 * $1.1 })
            return (x, uniform() < p, p)
        }
        for _ in 0..<200_000 { let e = draw(); model.update(e.features, window: "w", fired: e.fired) }
        var calibration = HazardCalibration()
        var truthCalibration = HazardCalibration()
        for _ in 0..<100_000 {
            let e = draw()
            calibration.record(predicted: model.predict(e.features, window: "w"), fired: e.fired)
            truthCalibration.record(predicted: e.p, fired: e.fired)
        }
        for (i, bin) in calibration.bins.enumerated() where bin.count >= 1_000 {
            let gap = abs(bin.meanPredicted! - bin.realisedRate!)
            #expect(gap < 0.03, "decile \(i): predicted \(bin.meanPredicted!) realised \(bin.realisedRate!) over \(bin.count)")
        }
        let error = calibration.expectedCalibrationError!, floor = truthCalibration.expectedCalibrationError!
        #expect(error < 0.02, "ECE \(error) (the true probabilities score \(floor))")
    }

    @Test func windows_arePriors_theInterceptStartsAtTheirRate() {
        var configuration = HazardConfiguration()
        configuration.priorRates = ["gap_focus": 0.1, "volume_watch": 0.01]
        let model = configuration.makeModel()
        let zero = [Double](repeating: 0, count: HazardFeatures.count)
        #expect(abs(model.predict(zero, window: "gap_focus") - 0.1) < 1e-9)
        #expect(abs(model.predict(zero, window: "volume_watch") - 0.01) < 1e-9)
        #expect(abs(model.predict(zero, window: "other") - configuration.defaultPriorRate) < 1e-9)
    }

    @Test func configuration_rejectsBadHazardValues() {
        var configuration = AllocatorConfiguration()
        configuration.hazard.horizonSeconds = 0
        #expect(throws: ExitError.self) { try configuration.validate() }
        configuration = AllocatorConfiguration()
        configuration.hazard.blendWeight = 2
        #expect(throws: ExitError.self) { try configuration.validate() }
        configuration = AllocatorConfiguration()
        configuration.hazard.priorRates["leaders"] = 1
        #expect(throws: ExitError.self) { try configuration.validate() }
        #expect(throws: Never.self) { try AllocatorConfiguration().validate() }
    }

    /// The expected-value scoring keeps the allocator's invariants: never over capacity, never over
    /// the sector cap, whatever the hazards do.
    @Test(arguments: [SlotScoring.hazard, .blend])
    func expectedValueScoring_neverExceedsCapacityOrTheSectorCap(scoring: SlotScoring) {
        var generator = SplitMix64(seed: 0x22)
        var now = marketTime(9, 30)
        var state = makeState(stocks: 120, at: now) { $0.hazard.slotScoring = scoring }
        for _ in 0..<3_000 {
            let code = state.universe.stocks[Int(generator.next() % 120)].code
            switch generator.next() % 6 {
            case 0: state.ingest(signal(code), now: now)
            case 1: state.requestEmergency(code: code, priority: Double(generator.next() % 101), reason: "p")
            case 2: now += Double(generator.next() % 120)
            case 3: state.needsRebalance = true
            default: now += 1
            }
            state.advanceHazard(now: now)
            let decision = decide(&state, at: now)
            state.reconcile(with: ledger(of: Set(decision.holdings.values.flatMap { h in h.feeds.map { FeedKey(code: h.code, feed: $0) } })))
            #expect(state.slotsUsed <= state.usableCapacity)
            let window = SlotAllocator.effectiveWindow(state, now: now)
            let scored = state.holdings.values.filter { $0.tier != 0 && $0.emergencyPriority == nil }
            let wanted = max(1, state.usableCapacity - window.indexSlots - window.reserveSlots - window.tier1)
            let limit = max(1, Int((state.configuration.sectorCapPercent / 100 * Double(wanted) + 1e-9).rounded(.down)))
            let perSector = Dictionary(grouping: scored) { state.universe.stocks[state.universe.index(of: $0.code)!].sector }
            #expect(perSector.values.allSatisfy { $0.count <= limit }, "sector over \(limit) at \(now)")
            if state.slotsUsed > state.usableCapacity { return }
        }
        #expect(state.hazard.calibration.examples > 0)
    }

    /// The spare REST budget follows the hazard: with one challenger place left after the firing
    /// stocks, heat (blind to sector mates) gives it by position, the hazard to the stock whose
    /// sector mates fired.
    @Test func pollPlan_givesSpareBudgetToTheHighestHazard() {
        let now = marketTime(10, 0)
        func challengers(_ scoring: SlotScoring) -> Set<String> {
            var state = twoSectorState(now: now) { $0.capacity = 0; $0.challengerCount = 5; $0.hazard.slotScoring = scoring }
            for code in ["B1", "B2", "B3", "B4"] { state.ingest(signal(code), now: now - 30) }
            let plan = SlotAllocator.plan(state, now: now).pollPlan ?? []
            return Set(plan.filter { $0.reason == "challenger" }.map(\.code))
        }
        #expect(challengers(.hazard) == ["B0", "B1", "B2", "B3", "B4"])
        #expect(challengers(.heat) == ["A0", "B1", "B2", "B3", "B4"])
    }

    /// Every stock holder carries its hazard whatever scores the slots (the view and `status` show
    /// it): the figure `hazards(now:)` gives the stock. An index holder has none.
    @Test func allocation_carriesEveryStockHoldersHazard_whateverTheScoring() {
        let now = marketTime(10, 0)
        for scoring in SlotScoring.allCases {
            var state = makeState(stocks: 120, at: now) { $0.hazard.slotScoring = scoring }
            let hazards = state.hazards(now: now)
            let decision = decide(&state, at: now)
            let holders = decision.allocation(generation: 1, time: now, capacity: 41).holders
            #expect(holders.contains { $0.tier != 0 })
            for holder in holders {
                if holder.tier == 0 { #expect(holder.hazard == nil); continue }
                #expect(holder.hazard == hazards[state.universe.index(of: holder.code)!], "\(scoring) \(holder.code)")
            }
        }
    }
}
