import Foundation
import Testing
@testable import Allocation
import IPC
import System

/// The optimised decision (`SlotAllocator.plan` with its position marks, heap selection, one
/// feature buffer and batched learning) against the straightforward computations it replaced:
/// the same holdings, poll plan, hazards and learned model, bit for bit, on seeded universes.
@Suite struct HazardCostTests {
    // MARK: The straightforward references (main's code before #22's cost work, kept verbatim but for names)

    static func referenceRebalance(_ state: AllocatorState, window: WindowStrategy, scores: [Double], capacity: Int, now: Double) -> [String: Holding] {
        let configuration = state.configuration
        let isSeed = configuration.policy == .seed
        let margin = isSeed ? 0 : configuration.hysteresisMargin
        let dwell = isSeed ? 0 : configuration.minimumDwellSeconds
        var result: [String: Holding] = [:]
        var used = 0
        for code in configuration.indexCodes.prefix(window.indexSlots) where used < capacity {
            result[code] = state.holdings[code].map { var h = $0; h.tier = 0; return h }
                ?? Holding(code: code, tier: 0, since: now, score: 100, reason: "index")
            used += 1
        }
        var pinnedSlots = 0
        for holding in state.holdings.values where holding.tier != 0 && holding.isPinned(at: now) && result[holding.code] == nil {
            result[holding.code] = holding
            pinnedSlots += holding.slots
        }
        let budget = max(0, capacity - used - max(window.reserveSlots, pinnedSlots))
        let tier1Count = min(window.tier1, budget / 2)
        let tier2Count = window.fillSpareSlots ? budget - 2 * tier1Count : min(window.tier2, budget - 2 * tier1Count)
        let wanted = tier1Count + tier2Count
        guard wanted > 0 else { return result }

        let watched = Set(state.watchList)
        let indexCodes = Set(configuration.indexCodes)
        // (universe index, score with watch bonus, effective score for the selection)
        var candidates: [(index: Int, base: Double, effective: Double)] = []
        candidates.reserveCapacity(state.universe.count)
        for (i, stock) in state.universe.stocks.enumerated() {
            let code = stock.code
            guard !stock.isHalted, result[code] == nil, !indexCodes.contains(code),
                  (state.refusedUntil[code] ?? -.infinity) <= now else { continue }
            let isWatched = watched.contains(code)
            guard state.activity[i].hasData || isWatched else { continue }
            let base = scores[i] + (isWatched ? configuration.watchListBonus : 0)
            var effective = base
            if let incumbent = state.holdings[code], incumbent.tier != 0 {
                effective += margin
                if now - incumbent.since < dwell { effective += 1000 }
            }
            candidates.append((i, base, effective))
        }
        candidates.sort { $0.effective != $1.effective ? $0.effective > $1.effective : state.universe.stocks[$0.index].code < state.universe.stocks[$1.index].code }

        // Source document: at most 30 % of the monitored stocks in one sector.
        let sectorLimit = max(1, Int((configuration.sectorCapPercent / 100 * Double(wanted) + 1e-9).rounded(.down)))
        var perSector: [String: Int] = [:]
        var selected: [(index: Int, base: Double, tier1Rank: Double)] = []
        for candidate in candidates where selected.count < wanted {
            let sector = state.universe.stocks[candidate.index].sector
            guard perSector[sector, default: 0] < sectorLimit else { continue }
            perSector[sector, default: 0] += 1
            var rank = candidate.base
            if let incumbent = state.holdings[state.universe.stocks[candidate.index].code], incumbent.tier == 1 {
                rank += margin
                if now - incumbent.since < dwell { rank += 1000 }
            }
            selected.append((candidate.index, candidate.base, rank))
        }
        let tier1Codes = Set(selected.sorted { $0.tier1Rank != $1.tier1Rank ? $0.tier1Rank > $1.tier1Rank : $0.index < $1.index }
            .prefix(tier1Count).map { state.universe.stocks[$0.index].code })
        for pick in selected {
            let code = state.universe.stocks[pick.index].code
            let tier = tier1Codes.contains(code) ? 1 : 2
            let reason = "\(window.strategy) tier \(tier)"
            if var holding = state.holdings[code], holding.tier != 0 {
                holding.tier = tier; holding.score = pick.base; holding.reason = reason
                holding.emergencyPriority = nil; holding.pinnedUntil = nil; holding.auctionUntil = nil
                result[code] = holding
            } else {
                result[code] = Holding(code: code, tier: tier, since: now, score: pick.base, reason: reason)
            }
        }
        return result
    }

    static func referencePollPlan(_ state: AllocatorState, window: WindowStrategy, scores: [Double],
                                  holdings: [String: Holding], isFallback: Bool, now: Double, hazards: [Double]? = nil) -> [PollPlanEntry] {
        switch state.configuration.policy {
        case .static: return []
        case .seed: return PollPlanner.seedPlan(state, scores: scores, holdings: holdings, isFallback: isFallback)
        case .kis41: break
        }
        let configuration = state.configuration
        let intervals = window.intervals
        let indexCodes = Set(configuration.indexCodes)
        let watched = Set(state.watchList)
        let challengers = Set(referenceTopNonHolders(state, scores: hazards ?? scores, holdings: holdings, count: configuration.challengerCount))
        let mediumHazard = configuration.hazard.mediumHazard
        var entries: [PollPlanEntry] = []
        entries.reserveCapacity(state.universe.count)
        for (i, stock) in state.universe.stocks.enumerated() where !indexCodes.contains(stock.code) {
            let priority: PollPriority
            let reason: String
            var wantsOrderBook: Bool?
            if let holding = holdings[stock.code] {
                guard isFallback else { continue }
                priority = .critical; reason = "ws_fallback"
                wantsOrderBook = holding.tier == 1 ? true : nil
            } else if stock.isHalted {
                priority = .background; reason = "halted"
            } else if challengers.contains(i) {
                priority = .high; reason = "challenger"
            } else if watched.contains(stock.code) {
                priority = .high; reason = "watch_list"
            } else if let hazards, i < hazards.count, hazards[i] >= mediumHazard {
                priority = .medium; reason = "hazard"
            } else if scores[i] >= configuration.mediumScoreThreshold {
                priority = .medium; reason = "hot"
            } else if now - state.activity[i].rankingSeenAt <= 300 || now - state.activity[i].signalAt <= 300 {
                priority = .medium; reason = "ranking_or_signal"
            } else {
                priority = .low; reason = "universe"
            }
            entries.append(PollPlanEntry(code: stock.code, priority: priority, intervalSeconds: intervals.seconds(priority),
                                         wantsOrderBook: wantsOrderBook, reason: reason))
        }
        return entries
    }

    static func referenceTopNonHolders(_ state: AllocatorState, scores: [Double], holdings: [String: Holding], count: Int) -> [Int] {
        guard count > 0 else { return [] }
        let indexCodes = Set(state.configuration.indexCodes)
        var positions: [Int] = []
        positions.reserveCapacity(state.universe.count)
        for (i, stock) in state.universe.stocks.enumerated()
        where holdings[stock.code] == nil && !stock.isHalted && !indexCodes.contains(stock.code) {
            positions.append(i)
        }
        positions.sort { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
        return Array(positions.prefix(count))
    }

    /// Every stock's hazard computed the plain way: an input, a vector and a prediction per stock.
    static func referenceHazards(_ state: AllocatorState, now: Double) -> [Double] {
        let settings = state.configuration.hazard
        let window = state.window(at: now).name
        let context = state.hazard.sectorContext(state.universe, now: now, window: settings.sectorWindowSeconds)
        var result = [Double](repeating: 0, count: state.universe.count)
        for i in 0..<state.universe.count where state.activity[i].hasData {
            let x = state.hazard.inputs(i, activity: state.activity[i], sector: state.universe.sectorIDs[i], context: context, now: now)
            result[i] = state.hazard.model.predict(HazardFeatures.vector(x, groups: settings.featureGroups), window: window)
        }
        return result
    }

    // MARK: Helpers

    func signal(_ code: String) -> TradeSignal {
        TradeSignal(time: "", code: code, name: "", kind: .momentum, direction: .up, strength: 1, price: 10_100, changeRate: 1,
                    volume: 0, source: .rest, tier: 0, dataAgeSeconds: 0, reason: "test", receivedAt: 0)
    }

    /// A seeded day of decisions over a synthetic universe: signals, emergencies, watch-list changes
    /// and refusals at random; `check` sees the state before each decision.
    func play(scoring: SlotScoring, seed: UInt64, rounds: Int, stocks: Int = 400,
              check: (AllocatorState, Double) -> Void) {
        var generator = SplitMix64(seed: seed)
        var now = marketTime(9, 40)
        var state = makeState(stocks: stocks, at: now) { $0.hazard.slotScoring = scoring; $0.hazard.sampleSeconds = 15 }
        for round in 0..<rounds {
            let code = state.universe.stocks[Int(generator.next() % UInt64(stocks))].code
            switch generator.next() % 9 {
            case 0, 1: state.ingest(signal(code), now: now)
            case 2: state.requestEmergency(code: code, priority: Double(generator.next() % 101), reason: "p")
            case 3: state.addToWatchList(code)
            case 4: state.subscriptionRefused(FeedKey(code: code, feed: .trade), now: now)
            case 5: state.setPerformance(code: code, score: Double(generator.next() % 101))
            default: break
            }
            if round % 7 == 0, let first = state.watchList.first { state.removeFromWatchList(first) }
            now += Double(1 + generator.next() % 20)
            state.needsRebalance = round % 3 == 0
            state.advanceHazard(now: now)
            check(state, now)
            let decision = SlotAllocator.plan(state, now: now)
            state.apply(decision, now: now)
            state.reconcile(with: ledger(of: Set(decision.holdings.values.flatMap { h in h.feeds.map { FeedKey(code: h.code, feed: $0) } })))
        }
    }

    // MARK: Tests

    @Test func orderedSelection_givesTheFullSortsPrefix_tiesIncluded() {
        var generator = SplitMix64(seed: 7)
        for size in [0, 1, 2, 3, 10, 57, 400] {
            // Few distinct scores, so ties (broken by position) are the common case.
            let scores = (0..<size).map { _ in Double(generator.next() % 6) }
            let before: (Int, Int) -> Bool = { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
            let sorted = Array(0..<size).sorted(by: before)
            for count in [0, 1, 5, size / 2, size, size + 3] {
                #expect(OrderedSelection.prefix(Array(0..<size), count, by: before) == Array(sorted.prefix(count)), "size \(size) count \(count)")
            }
        }
    }

    @Test(arguments: [SlotScoring.heat, .hazard, .blend])
    func decision_equalsTheStraightforwardReference(scoring: SlotScoring) {
        var compared = 0
        play(scoring: scoring, seed: 0x22C0 + UInt64(scoring.rawValue.count), rounds: 240) { state, now in
            let window = SlotAllocator.effectiveWindow(state, now: now)
            let scoringResult = SlotAllocator.computeScoring(state, window: window, now: now)
            if let hazards = scoringResult.hazards {
                #expect(hazards == Self.referenceHazards(state, now: now), "hazards at \(now)")
            }
            let capacity = state.usableCapacity
            let holdings = SlotAllocator.rebalance(state, window: window, scoring: scoringResult, capacity: capacity, now: now)
            // The reference names only the tier; the explanation after it is `HolderReason`'s (its own tests).
            let selection = holdings.mapValues { holding in
                var h = holding; h.reason = h.reason.components(separatedBy: " · ").first ?? h.reason; return h
            }
            #expect(selection == Self.referenceRebalance(state, window: window, scores: scoringResult.scores, capacity: capacity, now: now),
                    "rebalance at \(now)")
            for isFallback in [false, true] {
                let plan = PollPlanner.plan(state, window: window, scores: scoringResult.scores, holdings: holdings, isFallback: isFallback,
                                            now: now, hazards: scoringResult.hazards)
                #expect(plan == Self.referencePollPlan(state, window: window, scores: scoringResult.scores, holdings: holdings,
                                                       isFallback: isFallback, now: now, hazards: scoringResult.hazards), "poll plan at \(now)")
            }
            for count in [1, 8, 150] {
                #expect(PollPlanner.topNonHolders(state, scores: scoringResult.scores, holdings: holdings, count: count)
                        == Self.referenceTopNonHolders(state, scores: scoringResult.scores, holdings: holdings, count: count))
            }
            compared += 1
        }
        #expect(compared == 240)
    }

    /// One SGD step and running average per example, on the model's readable state: main's
    /// `HazardModel.update` before the batched learning, kept verbatim but for names.
    static func referenceUpdate(_ model: HazardModel, _ examples: [(features: [Double], fired: Bool)], window: String)
        -> (weights: [Double], intercept: Double, averageWeights: [Double], averageIntercept: Double, updates: Int) {
        var weights = model.weights, averageWeights = model.averageWeights, updates = model.updates
        var intercept = model.intercept(window)
        var averageIntercept = model.averageIntercepts[window] ?? model.defaultIntercept
        for (features, fired) in examples {
            var z = intercept
            for i in 0..<min(weights.count, features.count) { z += weights[i] * features[i] }
            let error = HazardModel.sigmoid(z) - (fired ? 1 : 0)
            intercept = intercept - model.learningRate * error
            for i in 0..<min(weights.count, features.count) {
                weights[i] -= model.learningRate * (error * features[i] + model.regularization * (weights[i] - model.priorWeights[i]))
            }
            updates += 1
            let rate = 1 / min(Double(updates), max(model.averagingSpan, 1))
            for i in weights.indices { averageWeights[i] += (weights[i] - averageWeights[i]) * rate }
            averageIntercept = averageIntercept + (intercept - averageIntercept) * rate
        }
        return (weights, intercept, averageWeights, averageIntercept, updates)
    }

    /// The batched learning step takes the same SGD steps as one step per example, in order.
    @Test func batchedLearning_equalsOneUpdatePerExample() {
        var now = marketTime(10, 0)
        var state = makeState(stocks: 300, at: now)
        state.advanceHazard(now: now)
        let batch = state.hazard.pending[0]
        #expect(batch.indices.count == 300 && batch.features.count == 300 * HazardFeatures.count)
        for i in stride(from: 0, to: 300, by: 7) { state.ingest(signal(state.universe.stocks[i].code), now: now + 30) }
        var recalibration = state.hazard.model.recalibration
        var examples: [(features: [Double], fired: Bool)] = []
        for (e, index) in batch.indices.enumerated() {
            let fired = index % 7 == 0
            examples.append((Array(batch.features[(e * HazardFeatures.count)..<((e + 1) * HazardFeatures.count)]), fired))
            recalibration.record(logit: batch.logits[e], fired: fired)
        }
        recalibration.refit()
        let reference = Self.referenceUpdate(state.hazard.model, examples, window: batch.window)
        now += 60
        state.advanceHazard(now: now)
        let model = state.hazard.model
        #expect(model.weights == reference.weights && model.averageWeights == reference.averageWeights)
        #expect(model.intercept(batch.window) == reference.intercept && model.averageIntercepts[batch.window] == reference.averageIntercept)
        #expect(model.recalibration == recalibration)
        #expect(model.updates == 300 && reference.updates == 300)
        #expect(state.hazard.model.recalibration.outcomes == state.hazard.calibration.examples)
    }
}
