import Foundation

/// The day's planted events, generated from the seed before the market runs.
///
/// Events land on distinct stocks drawn uniformly from the whole universe (small caps as often as
/// large caps) and at uniform times across the session, so a pipeline must watch everything to catch
/// them. Magnitudes are rounded to 0.01 so the log and the effect agree exactly.
public struct EventSchedule: Sendable {
    /// Events sorted by start time (ids `E0001`… follow that order).
    public let events: [MarketEvent]

    /// Wraps hand-made events (tests); they are sorted by start time, then id.
    public init(events: [MarketEvent]) {
        self.events = events.sorted { ($0.start, $0.id) < ($1.start, $1.id) }
    }

    /// Generates the schedule for a universe from the configuration's seed, event counts and scale.
    public init(universe: SimulatedUniverse, configuration: SimulationConfiguration) {
        var rng = SeededGenerator(seed: configuration.seed, stream: 0x4556_454E_5453)  // "EVENTS"
        let c = configuration.events
        let scale = configuration.universeScale
        var order = Array(universe.listings.indices)
        for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, rng.nextInt(below: i + 1)) }
        var cursor = 0
        func nextCode() -> String {
            defer { cursor += 1 }
            return universe.listings[order[cursor % order.count]].code
        }
        func scaled(_ n: Int) -> Int { n == 0 ? 0 : max(1, Int((Double(n) * scale).rounded())) }
        func round2(_ x: Double) -> Double { (x * 100).rounded() / 100 }
        func sign() -> Double { rng.nextUnit() < 0.5 ? -1 : 1 }
        func startTime(_ from: Double, _ to: Double) -> Double { (from + (to - from) * rng.nextUnit()).rounded(.down) }
        let open = KRXRules.continuousStart
        let lastTrade = KRXRules.closingAuctionStart

        var planned: [(EventKind, String, Double, Double, Double)] = []
        for _ in 0..<scaled(c.openingGaps) {
            // Mostly small gaps: 3 % plus an exponential tail, capped at 15 %.
            let size = min(c.gapPercent.upperBound, c.gapPercent.lowerBound + rng.nextExponential(mean: 2.5))
            planned.append((.openingGap, nextCode(), KRXRules.openingAuctionStart, open + 600, round2(sign() * size)))
        }
        for _ in 0..<scaled(c.volumeSurges) {
            let start = startTime(open + 300, lastTrade - 900)
            let length = rng.nextDouble(in: c.surgeSeconds).rounded()
            planned.append((.volumeSurge, nextCode(), start, start + length, round2(rng.nextDouble(in: c.surgeMultiple))))
        }
        for _ in 0..<scaled(c.breakouts) {
            let start = startTime(open + 1_200, lastTrade - 900)
            let length = rng.nextDouble(in: c.breakoutSeconds).rounded()
            planned.append((.breakout, nextCode(), start, start + length, round2(rng.nextDouble(in: c.breakoutPercent))))
        }
        for _ in 0..<scaled(c.momentumRuns) {
            let start = startTime(open + 600, lastTrade - 1_200)
            let length = rng.nextDouble(in: c.momentumSeconds).rounded()
            planned.append((.momentumRun, nextCode(), start, start + length, round2(sign() * rng.nextDouble(in: c.momentumPercent))))
        }
        for _ in 0..<scaled(c.closingRuns) {
            let start = startTime(14 * 3600, 14 * 3600 + 2_400)
            planned.append((.closingRun, nextCode(), start, lastTrade, round2(sign() * rng.nextDouble(in: c.closingPercent))))
        }
        for _ in 0..<scaled(c.volumeBlips) {
            let start = startTime(open + 300, lastTrade - 600)
            planned.append((.volumeBlip, nextCode(), start, start + rng.nextDouble(in: 30...90).rounded(), c.blipMultiple))
        }
        for _ in 0..<scaled(c.priceWiggles) {
            let start = startTime(open + 300, lastTrade - 600)
            planned.append((.priceWiggle, nextCode(), start, start + rng.nextDouble(in: 60...180).rounded(),
                            round2(sign() * c.wigglePercent)))
        }
        planned.sort { ($0.2, $0.1, $0.0.rawValue) < ($1.2, $1.1, $1.0.rawValue) }
        events = planned.enumerated().map { n, p in
            MarketEvent(id: String(format: "E%04d", n + 1), kind: p.0, code: p.1, start: p.2, end: p.3, magnitude: p.4)
        }
    }

    /// The events planted on one stock.
    public func events(for code: String) -> [MarketEvent] { events.filter { $0.code == code } }

    /// The events of one kind.
    public func events(of kind: EventKind) -> [MarketEvent] { events.filter { $0.kind == kind } }
}
