import IPC

/// Scores the KRX signal kinds against kis-sim's own record of the exchange's mechanics: the
/// `events.jsonl` lines marked `"mechanics":true` (a VI from trigger to release, a limit lock from
/// lock to unlock or the close, a halt from halt to resume). Those lines are the market's ground
/// truth, not planted events, so the planted-event capture leaves them out; this is their score.
///
/// An episode is **caught** by a signal of the same stock and the matching kind from `lead` seconds
/// before the moment to `window` seconds after it: a VI's trigger by a `vi` signal with `event`
/// `triggered`, its release (its `end`) by one with `event` `released`; a lock by `limit_lock`; a
/// halt by `halt` (a halt that began before the session counts from the pipeline's readiness, and is
/// caught by a signal from the session's start on: the components may be up before all are). **Delay**
/// is the first such signal's market time minus the moment. A VI release **with a slot** is one whose
/// stock held a WebSocket trade slot (tier 1 or 2) at its end, from the allocation timeline: the
/// release is where the move happens (krx-rules.md), and a slot sees it tick by tick. Pure.
public struct MechanicsScore: Sendable {
    /// One mechanics line of `events.jsonl`.
    public struct Episode: Codable, Sendable, Equatable {
        public var id: String
        /// `viStatic`, `viDynamic`, `viStaticDynamic`, `upperLimitLock`, `lowerLimitLock`, `halt`.
        public var kind: String
        public var code: String
        public var start: Double
        public var end: Double
        public var mechanics: Bool?

        public init(id: String, kind: String, code: String, start: Double, end: Double) {
            self.id = id; self.kind = kind; self.code = code; self.start = start; self.end = end; mechanics = true
        }

        /// `vi`, `limit_lock` or `halt`: the family this episode belongs to; nil for other kinds.
        public var family: String? {
            if kind.hasPrefix("vi") { return "vi" }
            if kind.hasSuffix("LimitLock") { return "limit_lock" }
            return kind == "halt" ? "halt" : nil
        }
    }

    /// One family's figures (`vi` triggers, `vi_release`, `limit_lock`, `halt`).
    public struct Figures: Sendable, Equatable {
        public var episodes = 0
        public var caught = 0
        /// Delays of the caught ones, market seconds, ascending.
        public var delays: [Double] = []
        /// VI releases only: how many happened while the stock held a trade slot.
        public var withSlot = 0

        public var capture: Double { episodes == 0 ? 0 : Double(caught) / Double(episodes) }
        public func delay(_ percentile: Double) -> Double? {
            delays.isEmpty ? nil : EventMatcher.Result.percentile(delays, percentile)
        }
        public var slotShare: Double { episodes == 0 ? 0 : Double(withSlot) / Double(episodes) }
    }

    public var window: Double
    public var lead: Double

    public init(window: Double = 300, lead: Double = 2) { self.window = window; self.lead = lead }

    /// The episodes of `lines` (an `events.jsonl`'s text): the mechanics lines only.
    public static func episodes(in path: String) -> [Episode] {
        JSONLines.read(Episode.self, path: path).filter { $0.mechanics == true && $0.family != nil }
    }

    /// Scores `episodes` whose moment falls in [`start`, `end` − `settle`] (seconds of day; `ready`,
    /// when later than `start`, is where the pipeline could first see anything) against `signals`,
    /// with slot holders from the `allocations` timeline. Keys: `vi`, `vi_release`, `limit_lock`, `halt`.
    public func score(episodes: [Episode], signals: [TradeSignal], allocations: [TimelineRecord],
                      start: Double, end: Double, ready: Double? = nil, settle: Double = 120) -> [String: Figures] {
        let from = max(start, ready ?? start)
        let observed = signals.compactMap { signal in
            EventMatcher.secondOfDay(iso: signal.time).map { (signal: signal, second: $0) }
        }
        let holders = allocations.filter(\.isAllocation)
            .map { (second: MarketClock.secondsOfDay($0.t), codes: Set(($0.holders ?? []).filter { $0.tier > 0 }.map(\.code))) }
            .sorted { $0.second < $1.second }
        var figures: [String: Figures] = [:]
        func count(_ key: String, moment original: Double, code: String, matches: (TradeSignal) -> Bool, slotAt: Double? = nil) {
            // A halt in force before the session (all day) counts from the pipeline's readiness; a
            // signal of it from the session's start on (a component ready before the whole
            // pipeline) catches it, with no delay.
            let moment = max(original, from)
            let earliest = max(original, start) - lead
            guard moment <= end - settle else { return }
            var entry = figures[key, default: Figures()]
            entry.episodes += 1
            let first = observed.filter { $0.signal.code == code && matches($0.signal)
                && $0.second >= earliest && $0.second <= moment + window }.map(\.second).min()
            if let first {
                entry.caught += 1
                entry.delays.append(max(0, first - moment))
            }
            if let slotAt, holders.last(where: { $0.second <= slotAt })?.codes.contains(code) == true { entry.withSlot += 1 }
            figures[key] = entry
        }
        for episode in episodes {
            switch episode.family {
            case "vi":
                guard episode.start >= from else { continue }
                count("vi", moment: episode.start, code: episode.code) { $0.kind == .vi && $0.event == "triggered" }
                count("vi_release", moment: episode.end, code: episode.code, matches: { $0.kind == .vi && $0.event == "released" },
                      slotAt: episode.end)
            case "limit_lock":
                guard episode.start >= from else { continue }
                count("limit_lock", moment: episode.start, code: episode.code) { $0.kind == .limitLock }
            case "halt":
                count("halt", moment: episode.start, code: episode.code) { $0.kind == .halt }
            default:
                continue
            }
        }
        for key in figures.keys { figures[key]!.delays.sort() }
        return figures
    }
}
