/// Scores a policy's signals against the reference's: the signals the same engine gives the complete
/// tape of the same day (`ReferenceDetector`). Where `EventMatcher` asks "was the planted event
/// seen?", this asks "did the policy say what the engine would have said with every trade in front of
/// it, and how much later?", which is what the WebSocket slots can change.
///
/// Matching is one to one: same stock, same kind, a policy signal from `lead` market seconds before
/// the reference's time to `window` seconds after it; reference signals are taken in time order and
/// each takes the earliest policy signal still free in its window. Pure and deterministic.
///
/// Over a `Session` (`EventMatcher.Session`), the reference signals counted are those from the
/// pipeline's readiness to `settle` seconds before the end (each had the whole window to be
/// reproduced); a policy signal matching an uncounted reference signal is not extra, though.
public struct ReferenceMatcher: Sendable {
    /// How long before the reference's time a policy signal still matches, market seconds (default 5).
    public var lead: Double
    /// How long after the reference's time a policy signal still matches, market seconds (default 120).
    public var window: Double

    public init(lead: Double = 5, window: Double = 120) {
        self.lead = lead; self.window = window
    }

    /// One counted reference signal and its verdict.
    public struct Match: Sendable, Equatable {
        public var reference: EventMatcher.Observation
        /// The policy signal matched to it; nil = not reproduced.
        public var policy: EventMatcher.Observation?
        /// Whether the stock held a WebSocket trade slot at the reference's time.
        public var heldSlot: Bool
        /// The policy signal's market time minus the reference's (negative when the policy was earlier).
        public var delay: Double? { policy.map { $0.secondOfDay - reference.secondOfDay } }
        public var isReproduced: Bool { policy != nil }
    }

    /// A policy's score against the reference.
    public struct Result: Sendable, Equatable {
        /// One per counted reference signal, in time order.
        public var matches: [Match]
        /// Policy signals of the session matched to no reference signal.
        public var extraSignals: [EventMatcher.Observation]
        public var policySignals: Int

        public var referenceSignals: Int { matches.count }
        public var reproduced: Int { matches.filter(\.isReproduced).count }
        public var extra: Int { extraSignals.count }
        /// Reproduced / reference signals (0 when there are none).
        public var reproduction: Double { matches.isEmpty ? 0 : Double(reproduced) / Double(matches.count) }
        /// Delays of the reproduced reference signals, ascending.
        public var delays: [Double] { matches.compactMap(\.delay).sorted() }
        /// Nearest-rank percentile of the delays (nil when nothing was reproduced).
        public func delayPercentile(_ p: Double) -> Double? {
            let values = delays
            return values.isEmpty ? nil : EventMatcher.Result.percentile(values, p)
        }
        /// The share of reference signals whose stock held a trade slot at the reference's time.
        public var slotHitRate: Double {
            matches.isEmpty ? 0 : Double(matches.filter(\.heldSlot).count) / Double(matches.count)
        }
        /// Delays of the reproduced reference signals by the source of their policy signal (`ws`, `rest`), ascending.
        public var delaysBySource: [String: [Double]] {
            var bySource: [String: [Double]] = [:]
            for match in matches {
                guard let policy = match.policy, let delay = match.delay else { continue }
                bySource[policy.source ?? "?", default: []].append(delay)
            }
            return bySource.mapValues { $0.sorted() }
        }
        /// The signal kinds present, reference or extra.
        public var kinds: [String] { Set(matches.map(\.reference.kind) + extraSignals.map(\.kind)).sorted() }

        /// The same score restricted to reference and policy signals of `kinds` (its `policySignals`
        /// counts the reproducing and the extra ones).
        public func restricted(to kinds: Set<String>) -> Result {
            let kept = matches.filter { kinds.contains($0.reference.kind) }
            let extra = extraSignals.filter { kinds.contains($0.kind) }
            return Result(matches: kept, extraSignals: extra, policySignals: kept.filter(\.isReproduced).count + extra.count)
        }
    }

    /// Scores `policy` against `reference` over `session`; `slots` says who held a trade slot when.
    public func match(reference: [EventMatcher.Observation], policy: [EventMatcher.Observation],
                      session: EventMatcher.Session, slots: SlotTimeline = SlotTimeline()) -> Result {
        struct Key: Hashable { var code: String; var kind: String }
        let inSession = policy.filter { $0.secondOfDay >= session.start && $0.secondOfDay <= session.end }
        let pool = reference.filter { $0.secondOfDay >= session.start && $0.secondOfDay <= session.end }
        let byTime = { (a: EventMatcher.Observation, b: EventMatcher.Observation) in a.secondOfDay < b.secondOfDay }
        let policyByKey = Dictionary(grouping: inSession) { Key(code: $0.code, kind: $0.kind) }.mapValues { $0.sorted(by: byTime) }
        let referenceByKey = Dictionary(grouping: pool) { Key(code: $0.code, kind: $0.kind) }.mapValues { $0.sorted(by: byTime) }
        var matches: [Match] = []
        var extra: [EventMatcher.Observation] = []
        for (key, candidates) in policyByKey {
            var used = Array(repeating: false, count: candidates.count)
            var next = 0
            for signal in referenceByKey[key] ?? [] {
                // Earlier policy signals are too early for this reference and for every later one.
                while next < candidates.count, candidates[next].secondOfDay < signal.secondOfDay - lead { next += 1 }
                var matched: EventMatcher.Observation?
                if next < candidates.count, candidates[next].secondOfDay <= signal.secondOfDay + window {
                    matched = candidates[next]
                    used[next] = true
                    next += 1
                }
                if counts(signal, in: session) {
                    matches.append(Match(reference: signal, policy: matched, heldSlot: slots.holds(signal.code, at: signal.secondOfDay)))
                }
            }
            extra += candidates.indices.filter { !used[$0] }.map { candidates[$0] }
        }
        for (key, signals) in referenceByKey where policyByKey[key] == nil {
            for signal in signals where counts(signal, in: session) {
                matches.append(Match(reference: signal, policy: nil, heldSlot: slots.holds(signal.code, at: signal.secondOfDay)))
            }
        }
        let order = { (a: EventMatcher.Observation, b: EventMatcher.Observation) in
            (a.secondOfDay, a.code, a.kind) < (b.secondOfDay, b.code, b.kind)
        }
        return Result(matches: matches.sorted { order($0.reference, $1.reference) }, extraSignals: extra.sorted(by: order),
                      policySignals: inSession.count)
    }

    /// Whether a reference signal is in the denominator: from the pipeline's readiness (nothing
    /// could see earlier) to `settle` seconds before the end (so it had its window).
    func counts(_ signal: EventMatcher.Observation, in session: EventMatcher.Session) -> Bool {
        signal.secondOfDay >= session.ready && signal.secondOfDay <= session.end - session.settle
    }

    /// What "reproduced" means, in one sentence (for the report and the benchmark's header).
    public var windowDescription: String {
        "a policy signal of the same stock and kind from \(Self.seconds(lead)) s before the reference's time "
            + "to \(Self.seconds(window)) s after it, one to one, earliest first"
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
