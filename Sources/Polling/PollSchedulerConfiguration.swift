import IPC

/// Tunables of a ``PollScheduler``. All times are market seconds.
public struct PollSchedulerConfiguration: Sendable, Equatable {
    /// Pack codes into intstock-multprice calls (real only; virtual lacks it, protocol.md §5.3).
    public var usesMultiPrice: Bool
    /// Codes per multi-price call (KIS maximum 30).
    public var batchSize: Int
    /// Refresh interval of universe codes polled without a plan (and in the auctions' sweep).
    public var universeIntervalSeconds: Double
    /// Fetch the earliest deadlines even when none is due yet, so the budget is spent.
    public var isWorkConserving: Bool
    /// Whether discovery calls are made.
    public var isDiscoveryEnabled: Bool
    /// One discovery call every this many seconds, rotating through ``discoveryCalls``.
    public var discoveryIntervalSeconds: Double
    /// The rotation of discovery calls.
    public var discoveryCalls: [PollCall]
    /// Order-book snapshots are re-fetched when older than this (default 30 s).
    public var orderBookCacheSeconds: Double
    /// Consecutive failures that exclude a code (default 3).
    public var failureThreshold: Int
    /// How long an excluded code stays out (default 300 s).
    public var coolOffSeconds: Double
    /// Pause before a failed code is tried again (default 2 s).
    public var retryDelaySeconds: Double
    /// One whole-market VI list call every this many seconds (0, the default here: none).
    public var viStatusIntervalSeconds: Double
    /// A status probe that got no answer (an error, or no output) is tried again every
    /// `retryDelaySeconds` for this long after its first try (default 30 s), rather than waiting for
    /// the next row that would ask for it: a halt read late is a halt signalled late.
    public var probeRetryWindowSeconds: Double = 30

    public init(usesMultiPrice: Bool = true, batchSize: Int = 30, universeIntervalSeconds: Double = 5,
                isWorkConserving: Bool = true, isDiscoveryEnabled: Bool = true, discoveryIntervalSeconds: Double = 3,
                discoveryCalls: [PollCall] = PollSchedulerConfiguration.standardDiscovery,
                orderBookCacheSeconds: Double = 30, failureThreshold: Int = 3, coolOffSeconds: Double = 300,
                retryDelaySeconds: Double = 2, viStatusIntervalSeconds: Double = 0) {
        self.usesMultiPrice = usesMultiPrice; self.batchSize = min(max(1, batchSize), 30)
        self.universeIntervalSeconds = universeIntervalSeconds; self.isWorkConserving = isWorkConserving
        self.isDiscoveryEnabled = isDiscoveryEnabled; self.discoveryIntervalSeconds = discoveryIntervalSeconds
        self.discoveryCalls = discoveryCalls; self.orderBookCacheSeconds = orderBookCacheSeconds
        self.failureThreshold = failureThreshold; self.coolOffSeconds = coolOffSeconds
        self.retryDelaySeconds = retryDelaySeconds; self.viStatusIntervalSeconds = viStatusIntervalSeconds
    }

    /// Volume, rise, fall, then the KOSPI and KOSDAQ indices.
    public static let standardDiscovery: [PollCall] = [
        .ranking(.volume), .ranking(.rise), .ranking(.fall), .index("0001"), .index("1001"),
    ]
}

extension PollScheduler {
    /// Codes currently excluded, with the market time they return.
    public func excludedCodes() -> [(code: String, until: Double)] {
        codes.compactMap { code, state in state.excludedUntil.map { (code, $0) } }.sorted { $0.code < $1.code }
    }

    /// Codes polled at `now`.
    public func activeCodes(now: Double) -> [String] {
        codes.compactMap { code, state in activeTerms(state, now: now) == nil ? nil : code }.sorted()
    }

    /// The last refresh of a code (market time), if any.
    public func lastRefresh(of code: String) -> Double? { codes[code]?.lastRefresh }

    /// Age of every active code's data at `now`, grouped by priority (never refreshed: since it became active).
    public func ages(now: Double) -> [PollPriority: [Double]] {
        var result: [PollPriority: [Double]] = [:]
        for state in codes.values {
            guard let terms = activeTerms(state, now: now) else { continue }
            result[terms.priority, default: []].append(now - (state.lastRefresh ?? state.activeSince))
        }
        return result
    }
}

/// Percentiles of a sample (nearest rank).
public enum Percentile {
    /// The `p`-th percentile (0…100) of `values`; 0 for an empty sample.
    public static func of(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }
}
