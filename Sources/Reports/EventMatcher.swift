import IPC

/// Matches ground-truth events to trading signals: an event is caught when a signal of the same
/// stock and a compatible kind arrives within a window after the event's start.
///
/// Pure and deterministic (no I/O, no clock), so `./run report` and the capture benchmark score a
/// day the same way. Compatible kinds:
///
/// | event | signal kinds |
/// |---|---|
/// | `openingGap` (gap) | `gap` |
/// | `volumeSurge` | `volume_surge`, `volume_breakout` |
/// | `breakout` | `breakout`, `momentum` |
/// | `momentumRun` | `momentum`, `breakout` |
/// | `closingRun` | `closing_momentum`, `momentum` |
///
/// Noise events (`volumeBlip`, `priceWiggle`) are never in the denominator.
public struct EventMatcher: Sendable {
    /// How long after an event's start a signal still counts, market seconds (default 300).
    public var window: Double
    /// Whether an event lasting longer than `window` can be caught until its end (default true:
    /// a 40-minute closing run caught after 10 minutes was still caught; its latency says how late).
    public var extendsToEventEnd: Bool
    /// How long before the start a signal counts (clock skew between sim and pipeline), market seconds.
    public var lead: Double

    public init(window: Double = 300, extendsToEventEnd: Bool = true, lead: Double = 2) {
        self.window = window; self.extendsToEventEnd = extendsToEventEnd; self.lead = lead
    }

    /// A signal reduced to what matching needs.
    public struct Observation: Sendable, Equatable {
        public var code: String
        public var kind: String
        /// Market seconds since midnight KST.
        public var secondOfDay: Double
        public init(code: String, kind: String, secondOfDay: Double) {
            self.code = code; self.kind = kind; self.secondOfDay = secondOfDay
        }

        /// From a published signal (its `time` is ISO 8601 KST); nil when the time does not parse.
        public init?(_ signal: TradeSignal) {
            guard let second = EventMatcher.secondOfDay(iso: signal.time) else { return nil }
            self.init(code: signal.code, kind: signal.kind, secondOfDay: second)
        }
    }

    /// The verdict on one event.
    public struct Verdict: Sendable, Equatable {
        public var event: GroundTruthEvent
        /// The first matching signal's delay after the event's start, market seconds; nil = missed.
        public var latency: Double?
        public var isCaught: Bool { latency != nil }
    }

    /// The whole day's score.
    public struct Result: Sendable, Equatable {
        /// One verdict per non-noise event, in the events' order.
        public var verdicts: [Verdict]
        /// Signals that match no non-noise event (false alarms, or events outside the log).
        public var unmatchedSignals: Int
        public var totalSignals: Int

        public var events: Int { verdicts.count }
        public var caught: Int { verdicts.filter(\.isCaught).count }
        /// Caught / events (1 when there are no events).
        public var capture: Double { events == 0 ? 1 : Double(caught) / Double(events) }
        /// Matched signals / signals (1 when there are no signals).
        public var precision: Double {
            totalSignals == 0 ? 1 : Double(totalSignals - unmatchedSignals) / Double(totalSignals)
        }
        /// Latencies of caught events, ascending.
        public var latencies: [Double] { verdicts.compactMap(\.latency).sorted() }
        /// Nearest-rank percentile of the latencies (nil when nothing was caught).
        public func latencyPercentile(_ p: Double) -> Double? {
            let values = latencies
            guard !values.isEmpty else { return nil }
            let rank = Int((p / 100 * Double(values.count)).rounded(.up))
            return values[min(values.count - 1, max(0, rank - 1))]
        }
    }

    /// The signal kinds that catch an event of `kind` (event kinds in kis-sim's camelCase, or snake case).
    public static func compatibleSignalKinds(for kind: String) -> Set<String> {
        switch kind {
        case "openingGap", "gap", "opening_gap": ["gap"]
        case "volumeSurge", "volume_surge": ["volume_surge", "volume_breakout"]
        case "breakout": ["breakout", "momentum"]
        case "momentumRun", "momentum", "momentum_run": ["momentum", "breakout"]
        case "closingRun", "closing_run": ["closing_momentum", "momentum"]
        default: []
        }
    }

    /// The last market second at which a signal still catches `event`.
    public func deadline(of event: GroundTruthEvent) -> Double {
        let byWindow = event.start + window
        return extendsToEventEnd ? max(byWindow, event.end) : byWindow
    }

    /// Whether `observation` catches `event`.
    public func catches(_ observation: Observation, _ event: GroundTruthEvent) -> Bool {
        !event.noise && observation.code == event.code
            && Self.compatibleSignalKinds(for: event.kind).contains(observation.kind)
            && observation.secondOfDay >= event.start - lead && observation.secondOfDay <= deadline(of: event)
    }

    /// The events as the pipeline could see them: one that began before the session (an opening
    /// gap starts with the 08:30 auction) counts from the session's start, for its window and latency.
    public static func observable(_ events: [GroundTruthEvent], from sessionStart: Double) -> [GroundTruthEvent] {
        events.map { event in
            var seen = event
            seen.start = max(event.start, sessionStart)
            return seen
        }
    }

    /// Scores the day.
    public func match(events: [GroundTruthEvent], observations: [Observation]) -> Result {
        let observationsByCode = Dictionary(grouping: observations, by: \.code)
        let eventsByCode = Dictionary(grouping: events.filter { !$0.noise }, by: \.code)
        var verdicts: [Verdict] = []
        for event in events where !event.noise {
            let first = (observationsByCode[event.code] ?? []).filter { catches($0, event) }.map(\.secondOfDay).min()
            verdicts.append(Verdict(event: event, latency: first.map { max(0, $0 - event.start) }))
        }
        let matched = observations.filter { observation in
            (eventsByCode[observation.code] ?? []).contains { catches(observation, $0) }
        }.count
        return Result(verdicts: verdicts, unmatchedSignals: observations.count - matched, totalSignals: observations.count)
    }

    /// Scores the day from published signals (signals whose time does not parse count as unmatched).
    public func match(events: [GroundTruthEvent], signals: [TradeSignal]) -> Result {
        let observations = signals.compactMap(Observation.init)
        var result = match(events: events, observations: observations)
        result.unmatchedSignals += signals.count - observations.count
        result.totalSignals = signals.count
        return result
    }

    /// Seconds since midnight of an ISO 8601 time's clock part (`2026-11-25T09:03:12+09:00` → 32592),
    /// read as written (KST in this pipeline).
    public static func secondOfDay(iso: String) -> Double? {
        guard let t = iso.firstIndex(of: "T") else { return nil }
        let clock = iso[iso.index(after: t)...].prefix(8).split(separator: ":")
        guard clock.count == 3, let h = Double(clock[0]), let m = Double(clock[1]), let s = Double(clock[2]) else { return nil }
        return h * 3600 + m * 60 + s
    }
}
