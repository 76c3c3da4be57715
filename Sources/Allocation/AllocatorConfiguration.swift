import IPC
import System

/// The allocation policy: kis41's full design, or one of the baselines issue 8 compares it with.
public enum AllocationPolicy: String, Codable, Sendable, CaseIterable {
    /// Time-of-day table, heat scores, hysteresis, dwell, emergency, sector cap, whole-market REST.
    case kis41
    /// The source document's fixed layout (see `SeedPolicyConfiguration`).
    case seed
    /// 41 fixed registrations from the watch list, no REST.
    case `static`
}

/// The source document's own allocation, run through the same pipeline for comparison.
///
/// The source's "25 real-time + 15 semi-real-time" would take 25 × 2 + 15 = 65 registrations, more
/// than the 41 KIS allows; the closest layout that fits keeps its 15 semi-real-time stocks and gives
/// the 26 slots left to 13 real-time stocks (13 × 2 + 15 = 41, no index, no reserve). REST follows
/// the source: 50 stocks every 30 s, 100 every 5 min, one layout all day.
public struct SeedPolicyConfiguration: Codable, Sendable, Equatable {
    public var tier1: Int = 13
    public var tier2: Int = 15
    public var restFastCount: Int = 50
    public var restFastSeconds: Double = 30
    public var restSlowCount: Int = 100
    public var restSlowSeconds: Double = 300
    public var weights = StrategyWeights(gap: 1.0, volume: 0.8, momentum: 0.8, ranking: 0.3, signal: 0.5, performance: 1.0)
    public init() {}
}

/// The `allocator` section of the configuration file. Every key has the default shown; a
/// configuration error names the key and the reason (exit 78).
public struct AllocatorConfiguration: Codable, Sendable, Equatable {
    /// `kis41`, `seed` or `static`.
    public var policy: AllocationPolicy = .kis41
    /// WebSocket registrations per session (KIS: 41); the gateway's ledger capacity wins when lower.
    /// 0 = REST only: no registration at all (the windows' tiers are then not used; emergencies are
    /// refused), the same REST plan (`bench capture`'s `rest-only` policy).
    public var capacity: Int = 41
    /// Master files; empty = `<run dir>/kospi_code.mst` and `kosdaq_code.mst` when present.
    public var masterFiles: [String] = []
    /// Keep only group `ST` (stocks) from the master files.
    public var stocksOnly: Bool = true
    /// Watch list, one code a line (`#` comments); empty = `<run dir>/watchlist.txt` when present.
    public var watchListFile: String = ""
    /// Heat-score points a watch-listed stock gets on top of its own.
    public var watchListBonus: Double = 10
    /// Index codes for index slots, in order (KOSPI, KOSDAQ, KOSPI200).
    public var indexCodes: [String] = ["0001", "1001", "2001"]
    /// The time-of-day strategy table (each row lasts until the next row's start).
    public var windows: [WindowStrategy] = WindowStrategy.defaultTable
    /// Market seconds between rebalances.
    public var rebalanceSeconds: Double = 300
    /// Market seconds a new holder keeps its slot whatever the scores.
    public var minimumDwellSeconds: Double = 120
    /// Heat-score points a challenger must beat an incumbent by.
    public var hysteresisMargin: Double = 8
    /// At most this share (percent) of the WebSocket stocks in one sector.
    public var sectorCapPercent: Double = 30
    /// Market seconds an emergency holder keeps its slot before competing normally.
    public var emergencyHoldSeconds: Double = 300
    /// A signal of these kinds at least this strong is an emergency promotion.
    public var signalPromotionKinds: [String] = ["gap", "volume_surge", "volume_breakout"]
    public var signalPromotionStrength: Double = 5
    /// The emergency priority (0–100) of a signal promotion.
    public var signalPromotionPriority: Double = 90
    /// A `vi` signal `triggered` pins the stock to a slot for this many market seconds, outranking every
    /// other stock holder: the longest VI auction, 2 minutes plus a random extension of up to 30 s
    /// (krx-rules.md). 0 = VI signals are promoted like any other.
    public var viAuctionSeconds: Double = 150
    /// … and this many more after the auction (from the `released` signal when it comes): the move after
    /// the release.
    public var viAfterReleaseSeconds: Double = 60
    /// Non-holders with the best scores polled at `high` priority.
    public var challengerCount: Int = 50
    /// Heat score from which a stock is polled at `medium` priority.
    public var mediumScoreThreshold: Double = 15
    /// Market seconds a feed refused by the gateway (`slots_full`, `rejected`) is not asked again.
    public var rejectionCooldownSeconds: Double = 600
    /// Wall milliseconds between decisions.
    public var decisionIntervalMilliseconds: Double = 250
    /// Wall milliseconds between two subscribe/unsubscribe commands (pacing).
    public var commandSpacingMilliseconds: Double = 20
    /// Wall seconds between writes of `allocator-state.json`.
    public var persistIntervalSeconds: Double = 5
    /// Take promotion hints from `signals.sock`.
    public var useSignals: Bool = true
    /// The `seed` policy's layout.
    public var seed = SeedPolicyConfiguration()
    /// The hazard model and expected-value slot scoring (issue 22).
    public var hazard = HazardConfiguration()

    public init() {}

    /// Checks what the decoder cannot: counts against the capacity, times, ranges.
    /// - Throws: `ExitError(.configuration, …)` naming the key (`allocator.windows[2].tier1`).
    public func validate() throws {
        func fail(_ key: String, _ reason: String) -> ExitError {
            ExitError(.configuration, "configuration: allocator.\(key): \(reason)")
        }
        guard (0...41).contains(capacity) else { throw fail("capacity", "must be 0–41 (KIS: 41 registrations a session), got \(capacity)") }
        guard !windows.isEmpty else { throw fail("windows", "at least one strategy window is needed") }
        var previousStart = -1.0
        var names = Set<String>()
        for (i, window) in windows.enumerated() {
            let key = "windows[\(i)]"
            guard let start = window.startSecond else { throw fail("\(key).start", "expected HH:MM, got \"\(window.start)\"") }
            guard start > previousStart else { throw fail("\(key).start", "windows must be in increasing start order") }
            previousStart = start
            guard !window.name.isEmpty, names.insert(window.name).inserted else { throw fail("\(key).name", "empty or duplicate name \"\(window.name)\"") }
            for (field, value) in [("tier1", window.tier1), ("tier2", window.tier2), ("indexSlots", window.indexSlots), ("reserveSlots", window.reserveSlots)] where value < 0 {
                throw fail("\(key).\(field)", "must not be negative, got \(value)")
            }
            // Capacity 0 (REST only) leaves every tier empty, whatever the table asks.
            guard capacity == 0 || window.tableSlots <= capacity else {
                throw fail("\(key)", "tier1 \(window.tier1) × 2 + tier2 \(window.tier2) + indexSlots \(window.indexSlots) + reserveSlots \(window.reserveSlots) = \(window.tableSlots) slots, more than the capacity \(capacity)")
            }
            guard window.indexSlots <= indexCodes.count else {
                throw fail("\(key).indexSlots", "\(window.indexSlots) index slots but only \(indexCodes.count) indexCodes")
            }
            guard window.weights.all.allSatisfy({ $0 >= 0 && $0.isFinite }), window.weights.all.contains(where: { $0 > 0 }) else {
                throw fail("\(key).weights", "weights must be finite, non-negative and not all zero")
            }
            for priority in PollPriority.allCases where !(window.intervals.seconds(priority) > 0) {
                throw fail("\(key).intervals.\(priority.rawValue)", "must be a positive number of seconds")
            }
        }
        guard sectorCapPercent > 0, sectorCapPercent <= 100 else { throw fail("sectorCapPercent", "must be in (0, 100], got \(sectorCapPercent)") }
        for (key, value) in [("rebalanceSeconds", rebalanceSeconds), ("decisionIntervalMilliseconds", decisionIntervalMilliseconds),
                             ("persistIntervalSeconds", persistIntervalSeconds)] where !(value > 0) {
            throw fail(key, "must be positive, got \(value)")
        }
        for (key, value) in [("minimumDwellSeconds", minimumDwellSeconds), ("hysteresisMargin", hysteresisMargin),
                             ("emergencyHoldSeconds", emergencyHoldSeconds), ("commandSpacingMilliseconds", commandSpacingMilliseconds),
                             ("viAuctionSeconds", viAuctionSeconds), ("viAfterReleaseSeconds", viAfterReleaseSeconds),
                             ("rejectionCooldownSeconds", rejectionCooldownSeconds), ("challengerCount", Double(challengerCount))] where value < 0 {
            throw fail(key, "must not be negative, got \(value)")
        }
        guard seed.tier1 >= 0, seed.tier2 >= 0, capacity == 0 || seed.tier1 * 2 + seed.tier2 <= capacity else {
            throw fail("seed", "tier1 \(seed.tier1) × 2 + tier2 \(seed.tier2) must fit the capacity \(capacity)")
        }
        guard seed.restFastSeconds > 0, seed.restSlowSeconds > 0, seed.restFastCount >= 0, seed.restSlowCount >= 0 else {
            throw fail("seed", "REST counts must not be negative and intervals must be positive")
        }
        try hazard.validate(fail)
    }

    /// Decodes the `allocator` section over the defaults and validates it.
    public static func load(from file: ConfigurationFile) throws -> AllocatorConfiguration {
        let configuration = try file.section("allocator", defaults: AllocatorConfiguration())
        try configuration.validate()
        return configuration
    }
}
