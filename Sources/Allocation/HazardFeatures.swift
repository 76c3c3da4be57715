import Foundation

/// Groups of hazard features; each can be switched off (`allocator.hazard.features`) for ablation.
public enum HazardFeatureGroup: String, Codable, Sendable, CaseIterable {
    /// From the REST sweep: change rate and acceleration, volume pace, range position, distance to
    /// the static-VI and price-limit prices, rankings and their climb.
    case sweep
    /// From the WebSocket feed of held stocks: trade rate, book imbalance, spread.
    case websocket
    /// Sector co-movement: the share of sector mates that fired recently.
    case sector
    /// The stock's own recent signals: time since the last, count today.
    case history
}

/// The raw observations behind one stock's hazard, in their natural units; `nil` = not known.
/// Pure values, so the features and the model can be tested without a market.
public struct HazardInputs: Sendable, Equatable {
    /// Change against the previous close, percent.
    public var changeRate = 0.0
    /// Price change over the last 1 and 5 market minutes, percent.
    public var momentum1m = 0.0
    public var momentum5m = 0.0
    /// Cumulative volume over the previous day's at the same time of day (1 = same pace).
    public var relativeVolume: Double?
    /// Volume per second over the last 2 minutes against the minutes before (1 = same pace).
    public var recentVolumePace: Double?
    /// Price position within the day's range, 0 = low, 1 = high.
    public var rangePosition: Double?
    /// Distance (percent of price) to the nearest static-VI trigger (±10 % of the reference).
    public var distanceToVIPercent: Double?
    /// Distance (percent of price) to the nearest daily limit (±30 % of the previous close).
    public var distanceToLimitPercent: Double?
    /// Best ranking strength (1 = top row) while fresh, and its climb per minute.
    public var rankingStrength = 0.0
    public var rankingClimbPerMinute = 0.0
    /// WebSocket: trades per second, (bid − ask) / (bid + ask) quantity, spread in basis points.
    public var tradesPerSecond: Double?
    public var bookImbalance: Double?
    public var spreadBasisPoints: Double?
    /// Share (0…1) of the sector's other stocks with a signal in the recent window.
    public var sectorFiredShare = 0.0
    /// Market seconds since the stock's last signal (`nil` = none today) and today's count.
    public var secondsSinceSignal: Double?
    public var signalCount = 0

    public init() {}
}

/// Turns `HazardInputs` into the model's feature vector, each feature bounded to about 0…1 so one
/// learning rate suits all. A switched-off group's features are 0, so its weights never learn.
public enum HazardFeatures {
    /// Feature names, in vector order, with their group.
    public static let layout: [(name: String, group: HazardFeatureGroup)] = [
        ("change", .sweep), ("acceleration", .sweep), ("momentum_1m", .sweep),
        ("volume_vs_same_time", .sweep), ("volume_pace_recent", .sweep), ("range_extreme", .sweep),
        ("near_vi", .sweep), ("near_limit", .sweep), ("ranking", .sweep), ("ranking_climb", .sweep),
        ("trade_rate", .websocket), ("book_imbalance", .websocket), ("spread", .websocket),
        ("sector_fired", .sector),
        ("signal_recency", .history), ("signal_count", .history),
    ]
    public static var count: Int { layout.count }

    /// The feature groups switched on, as four flags: read once per stock without hashing a set.
    public struct Switches: Sendable, Equatable {
        public var sweep, websocket, sector, history: Bool
        public init(_ groups: Set<HazardFeatureGroup>) {
            sweep = groups.contains(.sweep); websocket = groups.contains(.websocket)
            sector = groups.contains(.sector); history = groups.contains(.history)
        }
    }

    /// The feature vector of `inputs` with only `groups` switched on.
    public static func vector(_ inputs: HazardInputs, groups: Set<HazardFeatureGroup>) -> [Double] {
        var v = [Double](repeating: 0, count: count)
        v.withUnsafeMutableBufferPointer { fill($0, inputs, switches: Switches(groups)) }
        return v
    }

    /// Writes the feature vector of `inputs` into `v` (`count` places, all of them written), so a
    /// decision over the universe reuses one buffer instead of allocating a vector per stock.
    public static func fill(_ v: UnsafeMutableBufferPointer<Double>, _ inputs: HazardInputs, switches: Switches) {
        precondition(v.count >= count, "a feature buffer of \(count) places")
        for i in 0..<count { v[i] = 0 }
        func clamp(_ x: Double) -> Double { x.isFinite ? min(max(x, 0), 1) : 0 }
        // A ratio as log2, 0 at "as usual", 1 at 4× usual: paces are multiplicative.
        func pace(_ ratio: Double?) -> Double { ratio.map { $0 > 0 ? clamp(log2($0) / 2) : 0 } ?? 0 }
        if switches.sweep {
            v[0] = clamp(abs(inputs.changeRate) / 10)
            // Acceleration: the last minute moving faster than the 5-minute average minute.
            v[1] = clamp((abs(inputs.momentum1m) - abs(inputs.momentum5m) / 5) / 1)
            v[2] = clamp(abs(inputs.momentum1m) / 1)
            v[3] = pace(inputs.relativeVolume)
            v[4] = pace(inputs.recentVolumePace)
            v[5] = inputs.rangePosition.map { clamp(abs($0 * 2 - 1)) } ?? 0
            // Nearness ramps from 0 at 3 % (VI) or 5 % (limit) away to 1 at the trigger.
            v[6] = inputs.distanceToVIPercent.map { clamp(1 - $0 / 3) } ?? 0
            v[7] = inputs.distanceToLimitPercent.map { clamp(1 - $0 / 5) } ?? 0
            v[8] = clamp(inputs.rankingStrength)
            v[9] = clamp(inputs.rankingClimbPerMinute)
        }
        if switches.websocket {
            v[10] = inputs.tradesPerSecond.map { clamp(log2(1 + $0) / 4) } ?? 0
            v[11] = inputs.bookImbalance.map { clamp(abs($0)) } ?? 0
            // A tight spread means a liquid, active book: 1 at 0 bp down to 0 at 50 bp.
            v[12] = inputs.spreadBasisPoints.map { clamp(1 - $0 / 50) } ?? 0
        }
        if switches.sector { v[13] = clamp(inputs.sectorFiredShare) }
        if switches.history {
            v[14] = inputs.secondsSinceSignal.map { $0 >= 0 ? exp(-$0 / 300) : 0 } ?? 0
            v[15] = clamp(log2(1 + Double(inputs.signalCount)) / 4)
        }
    }
}
