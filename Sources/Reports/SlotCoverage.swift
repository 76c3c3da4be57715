import IPC

/// How closely the WebSocket slots followed the market, against kis-sim's ground truth: at each
/// sampled minute, of the stocks whose (non-noise) event was under way, the share that held a slot.
public enum SlotCoverage {
    public struct Result: Sendable, Equatable {
        /// Mean share over the sampled minutes that had an event under way (0–1).
        public var coverage: Double
        /// Minutes sampled that had at least one event under way.
        public var samples: Int
    }

    /// - Parameters:
    ///   - allocations: `allocation` timeline records (market epoch times).
    ///   - events: ground truth (seconds of day); an event counts as under way from its start to
    ///     its end, and at least `minimumSpan` seconds.
    ///   - range: the seconds of day to sample, every `step` seconds.
    public static func measure(allocations: [TimelineRecord], events: [GroundTruthEvent], range: ClosedRange<Double>,
                               step: Double = 60, minimumSpan: Double = 300) -> Result {
        let changes = allocations.filter(\.isAllocation)
            .map { (second: MarketClock.secondsOfDay($0.t), codes: Set(($0.holders ?? []).filter { $0.tier > 0 }.map(\.code))) }
            .sorted { $0.second < $1.second }
        let real = events.filter { !$0.noise }
        var total = 0.0
        var samples = 0
        var t = range.lowerBound
        while t <= range.upperBound {
            defer { t += step }
            let active = Set(real.filter { $0.start <= t && t <= max($0.end, $0.start + minimumSpan) }.map(\.code))
            guard !active.isEmpty, let holders = changes.last(where: { $0.second <= t })?.codes else { continue }
            total += Double(active.intersection(holders).count) / Double(active.count)
            samples += 1
        }
        return Result(coverage: samples == 0 ? 0 : total / Double(samples), samples: samples)
    }
}
