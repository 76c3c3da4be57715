import KIS

/// The `"rest-poller"` section of the configuration file. Every key is optional in the file and
/// falls back to the default shown here; times are market seconds.
public struct PollerConfiguration: Codable, Sendable, Equatable {
    /// KIS per-second limit, real environment (default 18, KIS notice of 2026-04-20).
    public var realLimitPerSecond: Double = 18
    /// KIS per-second limit, virtual environment (default 1).
    public var virtualLimitPerSecond: Double = 1
    /// Accept limits above KIS's documented ones (20/s real, 2/s virtual; protocol.md §4.1).
    /// Off by default: a limit KIS does not grant means EGW00201 storms, and KIS may block the key.
    public var allowsLimitAboveDocumented: Bool = false
    /// Calls per second the pacing keeps under the real limit (default 0.5: 17.5/s). The limit
    /// itself is never broken whatever the margin: the limiter counts a call until one second
    /// after its answer (see ``RateLimiter``).
    public var realSafetyMargin: Double = 0.5
    /// Calls per second kept under the virtual limit (default 0.1: aim at 0.9/s).
    public var virtualSafetyMargin: Double = 0.1
    /// `"multi"` (30 codes per intstock-multprice call, default) or `"single"` (one inquire-price
    /// per code, the source document's way). Virtual always uses `"single"` (no multiprice there).
    public var policy: String = "multi"
    /// Refresh interval of universe codes polled without a plan / in the auctions' sweep (default 5).
    public var universeIntervalSeconds: Double = 5
    /// Fetch the earliest deadlines even when none is due, so the budget is spent (default true).
    public var isWorkConserving: Bool = true
    /// One discovery call (volume, rise, fall, KOSPI, KOSDAQ in rotation) every N s (default 3; 0 = off).
    /// Real only: virtual lacks the ranking TRs.
    public var discoveryIntervalSeconds: Double = 3
    /// One whole-market VI list call (inquire-vi-status) every N s (default 3, about 2 % of 17.5
    /// calls/s; 0 = off). Real only: virtual lacks the TR.
    public var viStatusIntervalSeconds: Double = 3
    /// Order-book snapshots are cached this long (default 30).
    public var orderBookCacheSeconds: Double = 30
    /// Consecutive failures that exclude a code (default 3).
    public var failureThreshold: Int = 3
    /// How long an excluded code stays out (default 300).
    public var coolOffSeconds: Double = 300
    /// Calls in flight at once (default 8).
    public var maximumConcurrentCalls: Int = 8
    /// Retries of an `EGW00201`-refused call (default 2).
    public var maximumRefusalRetries: Int = 2
    /// Renew the token this long before expiry (default 600, at most a tenth of its lifetime).
    public var renewBeforeExpirySeconds: Double = 600
    /// A universe file: codes (one per line, `#` comments) or a KIS master file (`*.mst`).
    /// Empty (default): `$KIS41_UNIVERSE`, else the master files below from the REST origin.
    public var universeFile: String = ""
    /// Master-file paths fetched from the REST origin when no universe file is given (kis-sim serves them).
    public var masterFilePaths: [String] = ["/kis41/master/kospi_code.mst", "/kis41/master/kosdaq_code.mst"]
    /// Market division code sent with every quote (`J` KRX).
    public var market: String = "J"

    public init() {}

    /// The limiter for an environment.
    public func limiter(for environment: KISEnvironment) -> RateLimiterConfiguration {
        environment == .virtual
            ? RateLimiterConfiguration(limitPerSecond: virtualLimitPerSecond, safetyMargin: virtualSafetyMargin)
            : RateLimiterConfiguration(limitPerSecond: realLimitPerSecond, safetyMargin: realSafetyMargin)
    }

    /// The scheduler for an environment.
    public func scheduler(for environment: KISEnvironment) -> PollSchedulerConfiguration {
        let isReal = environment == .real
        return PollSchedulerConfiguration(usesMultiPrice: isReal && policy != "single", universeIntervalSeconds: universeIntervalSeconds,
                                          isWorkConserving: isWorkConserving,
                                          isDiscoveryEnabled: isReal && discoveryIntervalSeconds > 0,
                                          discoveryIntervalSeconds: max(discoveryIntervalSeconds, 0.1),
                                          orderBookCacheSeconds: orderBookCacheSeconds, failureThreshold: failureThreshold,
                                          coolOffSeconds: coolOffSeconds,
                                          viStatusIntervalSeconds: isReal ? max(viStatusIntervalSeconds, 0) : 0)
    }

    /// The highest per-second limits KIS has ever documented (protocol.md §4.1: 20/s real before
    /// the 2026-04-20 notice, 2/s virtual).
    public static let documentedRealLimit: Double = 20
    public static let documentedVirtualLimit: Double = 2

    /// Checks values that decode but make no sense.
    public func validate() throws(KISSettingsError) {
        if !allowsLimitAboveDocumented {
            guard realLimitPerSecond <= Self.documentedRealLimit else {
                throw KISSettingsError("rest-poller.realLimitPerSecond \(realLimitPerSecond) is above KIS's documented \(Int(Self.documentedRealLimit))/s; set \"allowsLimitAboveDocumented\": true if KIS granted it")
            }
            guard virtualLimitPerSecond <= Self.documentedVirtualLimit else {
                throw KISSettingsError("rest-poller.virtualLimitPerSecond \(virtualLimitPerSecond) is above KIS's documented \(Int(Self.documentedVirtualLimit))/s; set \"allowsLimitAboveDocumented\": true if KIS granted it")
            }
        }
        guard policy == "multi" || policy == "single" else { throw KISSettingsError("rest-poller.policy must be \"multi\" or \"single\"") }
        guard realLimitPerSecond > realSafetyMargin, virtualLimitPerSecond > virtualSafetyMargin else {
            throw KISSettingsError("rest-poller: the safety margin must be below the limit")
        }
        guard maximumConcurrentCalls >= 1, failureThreshold >= 1, universeIntervalSeconds > 0 else {
            throw KISSettingsError("rest-poller: maximumConcurrentCalls, failureThreshold and universeIntervalSeconds must be positive")
        }
    }
}
