import IPC

/// The actor that performs a ``RateLimiter``'s decisions: callers `await acquire()` and are let
/// through one by one, then `complete` their ticket when the answer came back. One gate per app
/// key, shared by every call. Windows are measured on ``MarketClock/elapsed()``: the scaled clock
/// in simulation, a monotonic wall clock live (KIS counts calls per real second).
public actor RateGate {
    private var limiter: RateLimiter
    private let clock: MarketClock
    private let sleep: MarketSleeper
    /// Grant times over the last 10 market seconds, for the measured rate.
    private var recent: [Double] = []

    public init(configuration: RateLimiterConfiguration, clock: MarketClock, sleep: MarketSleeper? = nil) {
        limiter = RateLimiter(configuration: configuration)
        self.clock = clock
        self.sleep = sleep ?? { [clock] seconds in try await clock.sleep(marketSeconds: seconds) }
    }

    /// Waits until a call may be sent (throws only on cancellation). The ticket must be completed
    /// (``complete(_:)``) once the call's answer or failure came back, whatever happened.
    public func acquire() async throws -> RateLimiter.Ticket {
        while true {
            try Task.checkCancellation()
            let now = clock.elapsed()
            switch limiter.acquire(now: now) {
            case .proceed(let ticket):
                recent.append(now)
                if recent.count > 64, let first = recent.first, now - first > 10 {
                    recent.removeFirst(recent.prefix { $0 < now - 10 }.count)
                }
                return ticket
            case .wait(let seconds):
                try await sleep(seconds)
            }
        }
    }

    /// The call of `ticket` was answered (or failed) just now.
    public func complete(_ ticket: RateLimiter.Ticket) { limiter.complete(ticket, now: clock.elapsed()) }

    /// Reports an `EGW00201`.
    public func recordRefusal() { limiter.recordRefusal(now: clock.elapsed()) }

    /// Calls per market second over the last 10 s, the rate aimed at now, and the counters.
    public func snapshot() -> RateSnapshot {
        let now = clock.elapsed()
        let window = recent.filter { $0 > now - 10 }
        let span = min(10, max(1, now - (window.first ?? now)))
        return RateSnapshot(callsPerSecond: window.isEmpty ? 0 : Double(window.count) / span,
                            currentRate: limiter.currentRate, limitPerSecond: limiter.configuration.limitPerSecond,
                            targetRate: limiter.configuration.targetRate, grants: limiter.grantCount,
                            refusals: limiter.refusalCount, meanHold: limiter.meanHold, gridRestarts: limiter.gridRestarts)
    }
}

/// The gate's figures for status and benchmarks.
public struct RateSnapshot: Sendable, Equatable {
    public var callsPerSecond: Double
    public var currentRate: Double
    public var limitPerSecond: Double
    public var targetRate: Double
    public var grants: Int
    public var refusals: Int
    /// Mean grant-to-answer time of the calls (market seconds): what the window costs per call.
    public var meanHold: Double = 0
    /// Grants made late enough to restart the pacing grid.
    public var gridRestarts: Int = 0
}
