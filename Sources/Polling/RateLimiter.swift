/// The REST call budget of one app key as a pure state machine over market time.
///
/// KIS counts the calls that *arrive* per app key in any one second (protocol.md §4.1: 18/s real,
/// 1/s virtual since 2026-04-20). A client only knows when it sent a call and when the answer came
/// back; the arrival lies between the two. The limiter therefore keeps every call open until it is
/// ``complete(_:now:)``d, and holds that the server's window can be broken by nothing it does:
///
/// - a call is granted at `now` only while fewer than ``windowCapacity`` calls are *uncertain*:
///   still in flight, or answered less than ``RateLimiterConfiguration/windowSeconds`` ago. If `C + 1`
///   calls ever arrived within one window, at the grant of the last of them the other `C` would have
///   arrived after `now − window`, so each was answered after that too (or not yet): it would not
///   have been granted. No assumption about network or scheduling jitter is needed, at any
///   simulation speed; a slow answer only costs throughput (`C / (window + round trip)`).
/// - grants are spread evenly on a grid `1 / currentRate` seconds apart; the target rate is the
///   limit less ``RateLimiterConfiguration/safetyMargin``. A caller woken late (timer slack, a busy
///   thread pool: two lanes on one process wake later than one) keeps the grid as long as it is
///   less than ``RateLimiterConfiguration/catchUpSpacings`` spacings behind, and the slots it
///   missed are caught up, never closer than a quarter spacing; only a longer lag (an idle spell)
///   starts a new grid at `now`. So lateness does not eat the budget, and no burst follows idling.
/// - `EGW00201` (``recordRefusal(now:)``) lowers the rate multiplicatively; after a quiet period
///   it recovers step by step to the target.
public struct RateLimiter: Sendable, Equatable {
    /// One granted call, to be completed when its answer (or failure) came back.
    public struct Ticket: Sendable, Hashable {
        public let id: UInt64
        /// The market time of the grant.
        public let grantedAt: Double
    }

    /// The decision for one caller.
    public enum Decision: Sendable, Equatable {
        /// Send now; the grant is recorded and stays open until ``RateLimiter/complete(_:now:)``.
        case proceed(Ticket)
        /// Ask again after this many market seconds.
        case wait(Double)
    }

    public let configuration: RateLimiterConfiguration
    /// Calls per second currently aimed at (the target, or less after refusals).
    public private(set) var currentRate: Double
    /// Calls whose arrival may still lie inside the server's window: id → answer time (nil: in flight).
    private var uncertain: [UInt64: Double?] = [:]
    private var nextID: UInt64 = 0
    private var lastGrant = -Double.infinity
    /// The ideal time of the last grant on the even grid (a slightly late caller keeps the grid).
    private var lastSlot = -Double.infinity
    private var lastRefusal = -Double.infinity
    private var lastRecoveryStep = -Double.infinity
    /// How many `EGW00201` refusals were reported.
    public private(set) var refusalCount = 0
    /// How many grants were made.
    public private(set) var grantCount = 0
    /// Completed calls and the sum of their holds (grant to answer, market seconds): each call
    /// occupies the window for `window + hold`, so the sustainable rate is at most
    /// `windowCapacity / (window + mean hold)`.
    public private(set) var completedCount = 0
    public private(set) var holdTotal = 0.0
    /// Grants that started a new grid because the caller came more than `catchUpSpacings` spacings late.
    public private(set) var gridRestarts = 0

    public init(configuration: RateLimiterConfiguration) {
        self.configuration = configuration
        currentRate = configuration.targetRate
    }

    /// Most calls that may be uncertain at once: the server's per-window limit.
    public var windowCapacity: Int { configuration.windowCapacity }
    /// Calls granted and not yet completed.
    public var inFlight: Int { uncertain.values.filter { $0 == nil }.count }

    /// Grants the caller a call at `now`, or tells it how long to wait.
    public mutating func acquire(now: Double) -> Decision {
        recover(now: now)
        let window = configuration.windowSeconds
        uncertain = uncertain.filter { _, answered in answered.map { $0 > now - window } ?? true }
        if uncertain.count >= windowCapacity {
            // Answered calls leave in the order of their answers; in-flight ones only once answered.
            let answers = uncertain.values.compactMap { $0 }.sorted()
            let mustLeave = uncertain.count - windowCapacity + 1
            let wait = mustLeave <= answers.count ? answers[mustLeave - 1] + window - now : configuration.inFlightPollSeconds
            return .wait(max(wait, 1e-6))
        }
        let spacing = 1 / currentRate
        let earliest = max(now, lastSlot + spacing, lastGrant + spacing / 4)
        // Float tolerance: a wait under a microsecond would spin forever on rounding.
        if earliest > now + 1e-9 { return .wait(max(earliest - now, 1e-6)) }
        if now < lastGrant { return .wait(lastGrant - now + 1e-6) }
        // A late caller keeps the grid (the missed slots are caught up, a quarter spacing apart at
        // the closest), so lateness does not eat the budget; after an idle spell of more than
        // `catchUpSpacings` spacings a new grid starts at `now`, with no burst.
        let ideal = lastSlot + spacing
        if now - ideal <= spacing * configuration.catchUpSpacings {
            lastSlot = ideal
        } else {
            if lastSlot.isFinite { gridRestarts += 1 }
            lastSlot = now
        }
        lastGrant = now
        nextID += 1
        uncertain[nextID] = .some(nil)
        grantCount += 1
        return .proceed(Ticket(id: nextID, grantedAt: now))
    }

    /// The answer to `ticket`'s call (or its failure) came back at `now`: its arrival at the server
    /// lies before `now`, so it leaves the uncertain set one window later. Completing twice, or a
    /// ticket already forgotten, changes nothing.
    public mutating func complete(_ ticket: Ticket, now: Double) {
        guard let answered = uncertain[ticket.id], answered == nil else { return }
        uncertain[ticket.id] = max(now, ticket.grantedAt)
        completedCount += 1
        holdTotal += max(0, now - ticket.grantedAt)
    }

    /// The mean time from grant to answer of the completed calls (0 before any).
    public var meanHold: Double { completedCount == 0 ? 0 : holdTotal / Double(completedCount) }

    /// Reports an `EGW00201` (over the limit): the rate drops by ``RateLimiterConfiguration/slowdownFactor``.
    public mutating func recordRefusal(now: Double) {
        refusalCount += 1
        lastRefusal = now
        lastRecoveryStep = now
        currentRate = max(configuration.minimumRate, currentRate * configuration.slowdownFactor)
    }

    /// After `recoveryQuietSeconds` without a refusal, the rate climbs one step per second.
    private mutating func recover(now: Double) {
        guard currentRate < configuration.targetRate, now - lastRefusal >= configuration.recoveryQuietSeconds,
              now - lastRecoveryStep >= 1 else { return }
        let steps = min(((now - lastRecoveryStep) / 1).rounded(.down), 100)
        currentRate = min(configuration.targetRate, currentRate + steps * configuration.recoveryStep)
        lastRecoveryStep = now
    }
}

/// Tunables of a ``RateLimiter``. All times are market seconds.
public struct RateLimiterConfiguration: Sendable, Equatable, Codable {
    /// The server's limit per window (KIS: 18 real, 1 virtual, per second).
    public var limitPerSecond: Double
    /// Calls per second the even pacing keeps below the limit (default 0.5 for limits ≥ 5, else
    /// 10 % of the limit). The window itself is guarded by counting uncertain calls, not by this.
    public var safetyMargin: Double
    /// Rate multiplier after an `EGW00201` (default 0.7).
    public var slowdownFactor: Double
    /// Quiet time after a refusal before recovering (default 3 s).
    public var recoveryQuietSeconds: Double
    /// Calls per second regained each quiet second (default 1).
    public var recoveryStep: Double
    /// The server's window (default 1 s).
    public var windowSeconds: Double
    /// How often a caller blocked only by calls still in flight asks again (default 2 ms).
    public var inFlightPollSeconds: Double
    /// How many spacings behind its grid a late caller may be and still catch the missed slots up
    /// (default 16: 0.91 s at 17.5/s, under one window, whose count still bounds any catch-up);
    /// more, and the pacing restarts at the caller's time.
    public var catchUpSpacings: Double

    public init(limitPerSecond: Double, safetyMargin: Double? = nil, slowdownFactor: Double = 0.7,
                recoveryQuietSeconds: Double = 3, recoveryStep: Double = 1, windowSeconds: Double = 1,
                inFlightPollSeconds: Double = 0.002, catchUpSpacings: Double = 16) {
        self.limitPerSecond = limitPerSecond
        self.windowSeconds = max(0.001, windowSeconds)
        self.safetyMargin = safetyMargin ?? (limitPerSecond >= 5 ? 0.5 : limitPerSecond * 0.1)
        self.slowdownFactor = slowdownFactor; self.recoveryQuietSeconds = recoveryQuietSeconds
        self.recoveryStep = recoveryStep; self.inFlightPollSeconds = max(1e-4, inFlightPollSeconds)
        self.catchUpSpacings = max(0.5, catchUpSpacings)
    }

    /// KIS real environment: 18/s, paced at 17.5.
    public static let real = RateLimiterConfiguration(limitPerSecond: 18)
    /// KIS virtual environment: 1/s, paced at 0.9.
    public static let virtual = RateLimiterConfiguration(limitPerSecond: 1)

    /// The rate paced at: the limit less the margin (at least 0.1/s).
    public var targetRate: Double { max(0.1, (limitPerSecond - safetyMargin) / windowSeconds) }
    /// The floor after repeated refusals: a quarter of the target.
    public var minimumRate: Double { targetRate / 4 }
    /// Calls that may be uncertain at once: the limit, rounded down, at least 1.
    public var windowCapacity: Int { max(1, Int(limitPerSecond.rounded(.down))) }
}
