extension EventMatcher {
    /// The stretch of market time a pipeline ran: which events it is scored on, and from when.
    ///
    /// An event counts when it is not noise and live in the session: it ends after `start` and starts
    /// at least `settle` seconds before `end` (so each counted event had that long to be seen). Its
    /// window and latency count from `start` at the earliest (the pipeline cannot see an event
    /// before it runs), its latency from `ready` at the earliest (the components' start-up).
    public struct Session: Sendable, Equatable {
        /// First market second of the session (seconds since midnight KST).
        public var start: Double
        /// Last market second of the session.
        public var end: Double
        /// When every component was up; latencies count from no earlier (default: `start`).
        public var ready: Double
        /// Events starting in the last `settle` seconds are not counted (default 0: every event reached).
        public var settle: Double

        public init(start: Double, end: Double, ready: Double? = nil, settle: Double = 0) {
            self.start = start; self.end = end; self.ready = max(start, ready ?? start); self.settle = settle
        }

        /// Whether `event` is in the session's denominator.
        public func counts(_ event: GroundTruthEvent) -> Bool {
            !event.noise && event.end > start && event.start <= end - settle
        }
    }

    /// What "caught" means, in one sentence (for the report and the benchmarks' headers).
    public var windowDescription: String {
        "a signal of the same stock and a compatible kind from \(Self.seconds(lead)) s before the event's start "
            + "to \(Self.seconds(window)) s after it\(extendsToEventEnd ? " (or the event's end, if later)" : "")"
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
