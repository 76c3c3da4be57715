import IPC

/// Matches ground-truth events to trading signals: an event is caught when a signal of the same
/// stock and a compatible kind arrives within a window after the event's start — from `lead`
/// seconds before it (clock skew between kis-sim and the pipeline) to `window` seconds after it, or
/// to the event's end when that is later. This is the one definition of "caught": `./run report`,
/// `./run bench capture` / `chaos` and the end-to-end test all score through it.
///
/// Pure and deterministic (no I/O, no clock). Compatible kinds:
///
/// | event | signal kinds |
/// |---|---|
/// | `openingGap` (gap) | `gap` |
/// | `volumeSurge` | `volume_surge`, `volume_breakout` |
/// | `breakout` | `breakout`, `momentum` |
/// | `momentumRun` | `momentum`, `breakout` |
/// | `closingRun` | `closing_momentum`, `momentum` |
///
/// Noise events (`volumeBlip`, `priceWiggle`) are never in the denominator. Scored over a `Session`,
/// only the events live in it count, and one that began before it (an opening gap starts with the
/// 08:30 auction) counts from the session's start.
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
        /// The feed that brought the data (`ws`, `rest`), when known.
        public var source: String?
        /// The signal's direction, when known (its outcome is judged the way it points).
        public var direction: SignalDirection?
        public init(code: String, kind: String, secondOfDay: Double, source: String? = nil, direction: SignalDirection? = nil) {
            self.code = code; self.kind = kind; self.secondOfDay = secondOfDay; self.source = source; self.direction = direction
        }

        /// From a published signal (its `time` is ISO 8601 KST); nil when the time does not parse.
        public init?(_ signal: TradeSignal) {
            guard let second = EventMatcher.secondOfDay(iso: signal.time) else { return nil }
            self.init(code: signal.code, kind: signal.kind.rawValue, secondOfDay: second, source: signal.source.rawValue,
                      direction: signal.direction)
        }
    }

    /// The verdict on one event.
    public struct Verdict: Sendable, Equatable {
        /// The event as scored (its start moved to the session's start when it began before).
        public var event: GroundTruthEvent
        /// The first matching signal's delay after the event's start (or the session's `ready`, if
        /// later), market seconds; nil = missed.
        public var latency: Double?
        /// The source of the first matching signal, when the observation carried one.
        public var source: String?
        public var isCaught: Bool { latency != nil }
    }

    /// The whole day's score.
    public struct Result: Sendable, Equatable {
        /// One verdict per non-noise event, in the events' order.
        public var verdicts: [Verdict]
        /// Signals that match no non-noise event (false alarms, or events outside the log).
        public var unmatchedSignals: Int
        public var totalSignals: Int
        /// Signals per kind, and those of them matching a non-noise event (a signal on a decoy, a
        /// volume blip or price wiggle, is a false alarm like any other).
        public var signalsByKind: [String: Int] = [:]
        public var matchedByKind: [String: Int] = [:]

        public var events: Int { verdicts.count }
        /// Matched signals / signals of `kind` (nil without signals of it).
        public func precision(of kind: String) -> Double? {
            guard let total = signalsByKind[kind], total > 0 else { return nil }
            return Double(matchedByKind[kind] ?? 0) / Double(total)
        }
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
            return values.isEmpty ? nil : Self.percentile(values, p)
        }
        /// The ids of the caught events.
        public var caughtIDs: Set<String> { Set(verdicts.filter(\.isCaught).map(\.event.id)) }
        /// Caught events by the source of their first matching signal (`ws`, `rest`; unknown ones left out).
        public var caughtBySource: [String: Int] {
            verdicts.reduce(into: [:]) { counts, verdict in
                if verdict.isCaught, let source = verdict.source { counts[source, default: 0] += 1 }
            }
        }

        /// Nearest-rank percentile of ascending `sorted` values (0 for none).
        public static func percentile(_ sorted: [Double], _ p: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
            return sorted[min(sorted.count - 1, max(0, rank - 1))]
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

    /// Scores the day: every non-noise event, latency from its start.
    public func match(events: [GroundTruthEvent], observations: [Observation]) -> Result {
        score(verdictsFor: events.filter { !$0.noise }, matchedAgainst: events.filter { !$0.noise },
              observations: observations, ready: -.infinity)
    }

    /// Scores a session: the events live in it (`Session.counts`), each from the session's start at
    /// the earliest, latency from `ready` at the earliest; signals after its end are left out.
    /// A signal matching any non-noise event of the log counts as matched (an event starting in the
    /// settle time before the end is real, though it is not in the denominator).
    public func match(events: [GroundTruthEvent], observations: [Observation], session: Session) -> Result {
        let real = Self.observable(events.filter { !$0.noise && $0.end > session.start }, from: session.start)
        let counted = Self.observable(events.filter(session.counts), from: session.start)
        return score(verdictsFor: counted, matchedAgainst: real,
                     observations: observations.filter { $0.secondOfDay <= session.end }, ready: session.ready)
    }

    private func score(verdictsFor counted: [GroundTruthEvent], matchedAgainst real: [GroundTruthEvent],
                       observations: [Observation], ready: Double) -> Result {
        let observationsByCode = Dictionary(grouping: observations, by: \.code)
        let eventsByCode = Dictionary(grouping: real, by: \.code)
        let verdicts = counted.map { event in
            let first = (observationsByCode[event.code] ?? []).filter { catches($0, event) }.min { $0.secondOfDay < $1.secondOfDay }
            return Verdict(event: event, latency: first.map { max(0, $0.secondOfDay - max(event.start, ready)) }, source: first?.source)
        }
        let matchedObservations = observations.filter { observation in
            (eventsByCode[observation.code] ?? []).contains { catches(observation, $0) }
        }
        let matched = matchedObservations.count
        return Result(verdicts: verdicts, unmatchedSignals: observations.count - matched, totalSignals: observations.count,
                      signalsByKind: Dictionary(grouping: observations, by: \.kind).mapValues(\.count),
                      matchedByKind: Dictionary(grouping: matchedObservations, by: \.kind).mapValues(\.count))
    }

    /// Scores the day (or a session) from published signals (signals whose time does not parse
    /// count as unmatched).
    public func match(events: [GroundTruthEvent], signals: [TradeSignal], session: Session? = nil) -> Result {
        let observations = signals.compactMap(Observation.init)
        var result = session.map { match(events: events, observations: observations, session: $0) }
            ?? match(events: events, observations: observations)
        let unparsed = signals.count - observations.count
        result.unmatchedSignals += unparsed
        result.totalSignals += unparsed
        return result
    }

    /// Seconds since midnight of an ISO 8601 time's clock part (`2026-11-25T09:03:12+09:00` → 32592),
    /// read as written (KST in this pipeline).
    public static func secondOfDay(iso: String) -> Double? {
        guard let t = iso.firstIndex(of: "T") else { return nil }
        let clock = iso[iso.index(after: t)...].prefix(8)
        guard clock.count == 8 else { return nil }
        return MarketClock.secondsOfDay(parsing: clock)
    }
}
