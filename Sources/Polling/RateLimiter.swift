/// The REST call budget of one app key as a pure state machine over market time.
///
/// Guarantees, whatever the order and timing of callers:
/// - never more than ``windowCapacity`` grants in any window of ``RateLimiterConfiguration/windowSeconds``
///   (one second, or longer to absorb arrival jitter) of market time (a sliding log of the last
///   grants is checked before each grant);
/// - grants spread evenly on a grid `1 / currentRate` seconds apart (never closer than half a
///   spacing, when a caller woke late), never bursted;
/// - `EGW00201` (``recordRefusal(now:)``) lowers the rate multiplicatively; after a quiet period
///   it recovers step by step to the target.
///
/// KIS counts per app key per second (protocol.md §4.1: 18/s real, 1/s virtual since 2026-04-20).
/// The limiter aims below the limit (``RateLimiterConfiguration/safetyMargin``) because the server
/// sees arrival times, which jitter around our send times.
public struct RateLimiter: Sendable, Equatable {
    /// The decision for one caller.
    public enum Decision: Sendable, Equatable {
        /// Send now; the grant has been recorded.
        case proceed
        /// Ask again after this many market seconds.
        case wait(Double)
    }

    public let configuration: RateLimiterConfiguration
    /// Calls per second currently aimed at (the target, or less after refusals).
    public private(set) var currentRate: Double
    /// Grants in the last second (market times, oldest first).
    private var recentGrants: [Double] = []
    /// The ideal time of the last grant on the even grid (a slightly late caller keeps the grid).
    private var lastSlot = -Double.infinity
    private var lastRefusal = -Double.infinity
    private var lastRecoveryStep = -Double.infinity
    /// How many `EGW00201` refusals were reported.
    public private(set) var refusalCount = 0
    /// How many grants were made.
    public private(set) var grantCount = 0

    public init(configuration: RateLimiterConfiguration) {
        self.configuration = configuration
        currentRate = configuration.targetRate
    }

    /// Most grants allowed in any one-second window.
    public var windowCapacity: Int { configuration.windowCapacity }

    /// Grants the caller a call at `now`, or tells it how long to wait.
    public mutating func acquire(now: Double) -> Decision {
        recover(now: now)
        let window = configuration.windowSeconds
        recentGrants.removeFirst(recentGrants.prefix { $0 <= now - window }.count)
        let spacing = 1 / currentRate
        var earliest = max(now, lastSlot + spacing)
        if recentGrants.count >= windowCapacity {
            // The grant `capacity` back must have left the window [now - window, now].
            let oldest = recentGrants[recentGrants.count - windowCapacity]
            earliest = max(earliest, oldest + window)
        }
        // Float tolerance: a wait under a microsecond would spin forever on rounding.
        if earliest > now + 1e-9 { return .wait(max(earliest - now, 1e-6)) }
        if let last = recentGrants.last, now < last { return .wait(last - now + 1e-6) }
        // A caller woken a little late (timer slack) keeps the grid, so slack does not eat the
        // budget; one more than half a spacing late starts a new grid at `now`.
        let ideal = lastSlot + spacing
        lastSlot = now - ideal <= spacing / 2 ? ideal : now
        recentGrants.append(now)
        grantCount += 1
        return .proceed
    }

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
    /// The server's limit per second (KIS: 18 real, 1 virtual).
    public var limitPerSecond: Double
    /// Calls per second kept below the limit (default 1 for limits ≥ 5, else 10 % of the limit).
    public var safetyMargin: Double
    /// Rate multiplier after an `EGW00201` (default 0.7).
    public var slowdownFactor: Double
    /// Quiet time after a refusal before recovering (default 3 s).
    public var recoveryQuietSeconds: Double
    /// Calls per second regained each quiet second (default 1).
    public var recoveryStep: Double
    /// The window the capacity is counted over (default 1 s). Longer than a second, it absorbs the
    /// jitter between sending a call and its arrival at the server: if arrivals stray by at most
    /// `windowSeconds − 1`, any one-second window at the server sees at most `windowCapacity` calls.
    public var windowSeconds: Double

    public init(limitPerSecond: Double, safetyMargin: Double? = nil, slowdownFactor: Double = 0.7,
                recoveryQuietSeconds: Double = 3, recoveryStep: Double = 1, windowSeconds: Double = 1) {
        self.limitPerSecond = limitPerSecond
        self.windowSeconds = max(1, windowSeconds)
        self.safetyMargin = safetyMargin ?? (limitPerSecond >= 5 ? 1 : limitPerSecond * 0.1)
        self.slowdownFactor = slowdownFactor; self.recoveryQuietSeconds = recoveryQuietSeconds
        self.recoveryStep = recoveryStep
    }

    /// KIS real environment: 18/s, aiming at 17.
    public static let real = RateLimiterConfiguration(limitPerSecond: 18)
    /// KIS virtual environment: 1/s, aiming at 0.9.
    public static let virtual = RateLimiterConfiguration(limitPerSecond: 1)

    /// The rate aimed at: the limit less the margin, spread over the window (at least 0.1/s).
    public var targetRate: Double { max(0.1, (limitPerSecond - safetyMargin) / windowSeconds) }
    /// The floor after repeated refusals: a quarter of the target.
    public var minimumRate: Double { targetRate / 4 }
    /// Grants allowed in any window: the limit less the margin, rounded down, at least 1.
    public var windowCapacity: Int { max(1, Int((limitPerSecond - safetyMargin).rounded(.down))) }
}
