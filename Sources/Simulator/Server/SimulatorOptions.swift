import KIS

/// Faults kis-sim injects on purpose (all off by default). Durations are market seconds, like every
/// other interval of the simulator, except `restLatencySeconds` (a network delay, real seconds).
public struct SimulatorFaults: Sendable, Equatable {
    /// Drop every WebSocket session every this many market seconds (`nil`: never).
    public var dropWebSocketEvery: Double?
    /// Whether those drops are dirty (TCP closed without a close frame, the session then lingers as a
    /// zombie for `zombieSessionSeconds`) or clean (close frame 1001).
    public var dirtyDrop = false
    /// Fraction of quote calls answered `EGW00001` with HTTP 500 (0…1).
    public var restErrorRate = 0.0
    /// Added delay before every REST answer, real seconds.
    public var restLatencySeconds = 0.0
    /// Fraction of quote calls under the limit answered `EGW00201` anyway (KIS warns of this).
    /// Counted as `spuriousRateLimits`, not as violations.
    public var spuriousRateLimitRate = 0.0
    /// Fraction of data frames sent malformed (a record count that does not match the payload).
    public var malformedFrameRate = 0.0
    /// Market time of day (seconds since midnight KST) from which every token issued before it is
    /// expired (`EGW00123`); `nil`: tokens expire only after their lifetime.
    public var expireTokensAt: Double?
    public init() {}
}

/// Everything that configures one kis-sim: market, clock, limits, sessions, faults.
///
/// Intervals are measured on the simulator's market clock (`speed` market seconds per real
/// second), as DESIGN.md asks: at speed k the REST limit admits k × `restLimitPerSecond` calls per
/// real second (so a client measuring on the market clock sees `restLimitPerSecond`), PINGPONG comes
/// every `pingIntervalSeconds / k` real seconds, and token lifetimes, the 60 s re-issue rule and
/// zombie sessions shrink the same way.
public struct SimulatorOptions: Sendable {
    /// Market seed (default 41): the same seed gives the same day and the same events.jsonl.
    public var seed: UInt64 = 41
    /// Market seconds per real second (default 1).
    public var speed: Double = 1
    /// Market time of day (KST, `HH:MM` or `HH:MM:SS`) at t = 0 (default `08:50`).
    public var start: String = "08:50"
    /// The simulated trading day, `YYYY-MM-DD` (default `2026-11-25`).
    public var tradingDate: String = "2026-11-25"
    /// Listening address (default `127.0.0.1`).
    public var host = "127.0.0.1"
    /// Listening port; 0 (default) picks a free one, see `KISSimulator.port`.
    public var port: UInt16 = 0
    /// Real (default) or virtual: virtual lacks multi-price, rankings, index and H0UPCNT0, uses
    /// `H0STCNI9`, and its REST limit defaults to 1/s.
    public var environment: KISEnvironment = .real
    /// Quote calls per app key in any one-second window (market clock): 18 real, 1 virtual by
    /// default; 3 reproduces KIS's new-customer mode.
    public var restLimitPerSecond: Int {
        get { restLimitOverride ?? (environment == .virtual ? 1 : 18) }
        set { restLimitOverride = newValue }
    }
    private var restLimitOverride: Int?
    /// HTTP status of `EGW00201` answers (default 500, as measured; some clients assume 200).
    public var rateLimitHTTPStatus: Int = 500
    /// Access-token lifetime in market seconds (default 86,400); then `EGW00123`.
    public var tokenLifetimeSeconds: Double = 86_400
    /// PINGPONG interval in market seconds (default 10; real interval = this / speed).
    public var pingIntervalSeconds: Double = 10
    /// A session is dropped when this many PINGPONGs in a row went unanswered (default 3).
    public var maxUnansweredPings: Int = 3
    /// Market seconds a dirty-disconnected session keeps its app key busy (`OPSP8996` meanwhile);
    /// default 0.
    public var zombieSessionSeconds: Double = 0
    /// A file of allowed `appkey appsecret` pairs (one pair a line, `#` comments); `nil` (default)
    /// accepts any well-formed 36-character key and 180-character secret.
    public var credentialsFile: String?
    /// Serve a recorded session (a `WireArchiveWriter` directory) instead of the seeded market:
    /// the day and, unless `--start` is given, the first moment come from the recording.
    public var replayArchive: String?
    /// Whether `--start` was given (a replay otherwise starts where the recording does).
    public var isStartGiven = false
    /// A replay without `--start`: real seconds of empty market before the recording's first moment
    /// (default 0), in which a pipeline started with the simulator comes up, as the recorded one had
    /// before its first record. Without it, a pipeline that takes S real seconds to start misses
    /// speed × S market seconds of the recording and meets the rest mid-move.
    public var replayLeadSeconds: Double = 0
    /// Serve HTTPS and wss with this certificate chain and key (PEM); both or neither. A stand-in
    /// for the real KIS in tests of the live path (clients trust it through `SSL_CERT_FILE`).
    public var tlsCertificateFile: String?
    public var tlsKeyFile: String?
    /// Where `events.jsonl`, the master files and (with `publishClock`) `clock.json` go; `nil`: nowhere.
    public var runDirectory: String?
    /// Whether to write the clock origin to `clock.json` in the run directory (default false).
    public var publishClock: Bool = false
    public var faults = SimulatorFaults()
    /// Universe size factor (default 1: ~2,600 stocks; 0.05 is a ~190-stock test day).
    public var universeScale: Double = 1
    /// How many events of each kind the day has (ground truth in `events.jsonl`); defaults in
    /// `EventConfiguration`.
    public var events = EventConfiguration()
    /// How often the market is advanced and data frames go out, real seconds (default 0.05).
    public var tickInterval: Double = 0.05
    public init() {}
}
