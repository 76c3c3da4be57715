import Foundation
import IPC
import Reports
import SignalEngine
import Simulator

/// The reference of a `bench capture` day: `Reports.ReferenceDetector` (the pipeline's signal
/// engine, default configuration, the one the bench's pipelines run with) on kis-sim's complete tape
/// of the same seed over the same market window (`Simulator.MarketTape`: every trade and every
/// order book of every stock, no KIS limit), in-process and deterministic per seed. The policies'
/// signals are scored against it by `Reports.ReferenceMatcher`.
struct ReferenceRun {
    /// The one definition of "reproduced", with its defaults (5 s before to 120 s after).
    static let matcher = ReferenceMatcher()

    let signals: [EventMatcher.Observation]
    /// Every stock's minute closes over the window, from the complete tape: the prices the
    /// policies' signals are judged by (`ForwardOutcome`).
    let closes: MinuteCloses
    /// Wall seconds the tape took.
    let wallSeconds: Double

    /// - Parameters:
    ///   - events: the planted events (kis-sim's defaults; `.none` for a market of chance alone).
    ///   - configuration: the engine's (the default, the one the bench's pipelines run with).
    init(options: CaptureBench.Options, events: EventConfiguration = EventConfiguration(),
         configuration: SignalsConfiguration = .init()) {
        let started = Date()
        (signals, closes) = Self.play(seed: options.seed, from: options.fromSeconds, to: options.toSeconds,
                                      configuration: configuration, events: events)
        wallSeconds = Date().timeIntervalSince(started)
    }

    /// The reference signals of the seeded day from `from` to `to` (seconds of the KST day).
    static func signals(seed: UInt64, from: Double, to: Double,
                        configuration: SignalsConfiguration = .init()) -> [EventMatcher.Observation] {
        play(seed: seed, from: from, to: to, configuration: configuration).signals
    }

    /// The reference signals and every stock's minute closes (from its trades) of the seeded day.
    static func play(seed: UInt64, from: Double, to: Double, configuration: SignalsConfiguration = .init(),
                     events: EventConfiguration = EventConfiguration()) -> (signals: [EventMatcher.Observation], closes: MinuteCloses) {
        var simulation = SimulationConfiguration(seed: seed)
        simulation.events = events
        var tape = MarketTape(configuration: simulation, from: from)
        var detector = Self.detector(for: tape, from: from, configuration: configuration)
        var closes = MinuteCloses()
        let dayStart = tape.dayStart
        tape.play(to: to, { message in
            detector.ingest(message)
            if case .trades(let trades) = message {
                for trade in trades {
                    closes.observe(code: trade.code, price: trade.price, secondOfDay: MarketClock.secondsOfDay(trade.receivedAt))
                }
            }
        }, notices: { notice in
            // The market's own word on VIs and halts, the moment it speaks (a halt in force since
            // before the window counts from its start).
            detector.ingestNotice(code: notice.operation.code, vi: notice.vi, halted: notice.halted,
                                  at: dayStart + max(notice.operation.time, from))
        })
        return (detector.signals, closes)
    }

    /// The reference detector for `tape` (positioned at `from`): the profiles the pipeline's `signals`
    /// reads from kis-sim's master files, and what the pipeline's first REST sweep tells it and the
    /// tape's trades do not, each stock's previous close.
    static func detector(for tape: MarketTape, from: Double, configuration: SignalsConfiguration = .init()) -> ReferenceDetector {
        let profiles = Self.profiles(of: tape.model.universe)
        var detector = ReferenceDetector(configuration: configuration, profileLookup: { profiles[$0] })
        detector.ingest(.quotes(tape.model.universe.listings.map { listing in
            Quote(code: listing.code, price: listing.previousClose, previousClose: listing.previousClose, change: 0, changeRate: 0,
                  cumulativeVolume: 0, open: 0, high: 0, low: 0, receivedAt: tape.dayStart + from)
        }))
        return detector
    }

    /// Each stock's market and previous-day volume, as the pipeline's `signals` reads them from
    /// kis-sim's master files (the pools of the false-alarm budget and the day's volume ratio need them).
    static func profiles(of universe: SimulatedUniverse) -> [String: StockProfile] {
        Dictionary(universe.listings.map {
            ($0.code, StockProfile(market: $0.market.rawValue, previousDayVolume: Int($0.previousDayVolume)))
        }, uniquingKeysWith: { first, _ in first })
    }

    /// "gap 40, momentum 120, … in 95 wall s".
    var description: String {
        let byKind = Dictionary(grouping: signals, by: \.kind).mapValues(\.count)
        return byKind.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            + String(format: "; %.0f wall s", wallSeconds)
    }

    /// A finished run's signals against the reference, over the run's session.
    func score(run: PipelineRun, options: CaptureBench.Options) throws -> ReferenceMatcher.Result {
        let session = EventMatcher.Session(start: options.fromSeconds, end: options.toSeconds, ready: run.readyAt,
                                           settle: CaptureBench.settle)
        let timeline = JSONLines.read(TimelineRecord.self, path: run.runDirectory + "/timeline.jsonl")
        let result = Self.matcher.match(reference: signals, policy: run.signals(), session: session,
                                        slots: SlotTimeline(allocations: timeline))
        try Self.writeMatches(result, runDirectory: run.runDirectory)
        return result
    }
}

extension ReferenceMatcher.Result {
    /// The price and volume kinds (every kind but the order-book ones).
    var priceAndVolume: ReferenceMatcher.Result {
        restricted(to: Set(kinds).subtracting(ReferenceDetector.orderBookKinds))
    }

    /// Lines under the table: price-and-volume reproduction, delay by source, then one line per kind.
    func breakdown(policy: String) -> [String] {
        let tape = priceAndVolume
        var lines = [String(format: "%@ price and volume kinds: %d/%d reproduced (%.1f%%), delay p50 %.1f s, p90 %.1f s, p95 %.1f s, p99 %.1f s",
                            policy, tape.reproduced, tape.referenceSignals, tape.reproduction * 100, tape.delayPercentile(50) ?? 0,
                            tape.delayPercentile(90) ?? 0, tape.delayPercentile(95) ?? 0, tape.delayPercentile(99) ?? 0)]
        let bySource = delaysBySource
        let sources = ["ws", "rest"] + bySource.keys.filter { $0 != "ws" && $0 != "rest" }.sorted()
        lines.append("  \(policy) by first source: " + sources.map { source in
            let delays = bySource[source] ?? []
            return String(format: "%@ %d (delay p50 %.1f s, p95 %.1f s)", source, delays.count,
                          EventMatcher.Result.percentile(delays, 50), EventMatcher.Result.percentile(delays, 95))
        }.joined(separator: ", "))
        for kind in kinds {
            let part = restricted(to: [kind])
            let name = kind.padding(toLength: max(16, kind.count), withPad: " ", startingAt: 0)
            lines.append("  \(policy) \(name) " + String(format: "%5d/%-5d reproduced (%5.1f%%), delay p50 %6.1f s, p95 %6.1f s, slot %5.1f%%, extra %d",
                                                         part.reproduced, part.referenceSignals, part.reproduction * 100,
                                                         part.delayPercentile(50) ?? 0, part.delayPercentile(95) ?? 0,
                                                         part.slotHitRate * 100, part.extra))
        }
        return lines
    }

    /// The JSON keys of one policy: `reference_reproduction`, `delay_p50_s` … `per_kind`.
    var json: [String: JSONValue] {
        var perKind: [String: JSONValue] = [:]
        for kind in kinds {
            let part = restricted(to: [kind])
            perKind[kind] = .object(["reference": .number(Double(part.referenceSignals)), "reproduced": .number(Double(part.reproduced)),
                                     "delay_p50_s": .number(Clock.round(part.delayPercentile(50) ?? 0, 1)),
                                     "delay_p95_s": .number(Clock.round(part.delayPercentile(95) ?? 0, 1)),
                                     "extra": .number(Double(part.extra))])
        }
        return ["reference_reproduction": .number(Clock.round(reproduction, 3)),
                "delay_p50_s": .number(Clock.round(delayPercentile(50) ?? 0, 1)),
                "delay_p95_s": .number(Clock.round(delayPercentile(95) ?? 0, 1)),
                "delay_p99_s": .number(Clock.round(delayPercentile(99) ?? 0, 1)),
                "slot_hit_rate": .number(Clock.round(slotHitRate, 3)), "extra": .number(Double(extra)),
                "per_kind": .object(perKind)]
    }
}
