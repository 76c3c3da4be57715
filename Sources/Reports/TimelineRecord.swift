import Foundation

/// One line of `<run dir>/timeline.jsonl`, written by `kisctl record`: a `sample` every real second
/// (REST budget, staleness, WebSocket slots) and an `allocation` whenever the slot holders change.
///
/// ```
/// {"type":"sample","t":1795567392.5,"calls_per_s":16.9,"limit_per_s":18,"success_rate":1,"covered":2612,
///  "staleness":{"high":{"codes":150,"p50_s":2.1,"p95_s":4.8}},"slots_used":40,"capacity":41,"connected":true}
/// {"type":"allocation","t":1795567393.1,"generation":12,"window":"gap_focus","strategy":"day",
///  "slots_used":40,"capacity":41,"fallback":false,"holders":[{"code":"005930","tier":1}]}
/// ```
/// `t` is market time (Unix epoch seconds on the market clock). Absent figures are omitted.
public struct TimelineRecord: Codable, Sendable, Equatable {
    /// `sample` or `allocation`.
    public var type: String
    public var t: Double

    // sample
    public var callsPerSecond: Double?
    public var limitPerSecond: Double?
    public var successRate: Double?
    /// Stocks with fresh-enough REST data (the poller's active codes).
    public var covered: Int?
    /// Per poll priority: how many codes and their data age percentiles.
    public var staleness: [String: Staleness]?
    public var slotsUsed: Int?
    public var capacity: Int?
    public var connected: Bool?
    public var recordsPerSecond: Double?

    // allocation
    public var generation: Int?
    public var window: String?
    public var strategy: String?
    public var fallback: Bool?
    public var holders: [Holder]?

    /// Data age of one poll priority, market seconds.
    public struct Staleness: Codable, Sendable, Equatable {
        public var codes: Int
        public var p50: Double
        public var p95: Double
        public init(codes: Int, p50: Double, p95: Double) { self.codes = codes; self.p50 = p50; self.p95 = p95 }
        enum CodingKeys: String, CodingKey { case codes, p50 = "p50_s", p95 = "p95_s" }
    }

    /// One WebSocket slot holder: tier 1 (trades + book), 2 (trades), 0 (index).
    public struct Holder: Codable, Sendable, Equatable, Hashable {
        public var code: String
        public var tier: Int
        public init(code: String, tier: Int) { self.code = code; self.tier = tier }
    }

    enum CodingKeys: String, CodingKey {
        case type, t, covered, staleness, capacity, connected, generation, window, strategy, fallback, holders
        case callsPerSecond = "calls_per_s", limitPerSecond = "limit_per_s", successRate = "success_rate"
        case slotsUsed = "slots_used", recordsPerSecond = "records_per_s"
    }

    public init(type: String, t: Double) { self.type = type; self.t = t }

    /// A per-second sample.
    public static func sample(t: Double) -> TimelineRecord { TimelineRecord(type: "sample", t: t) }

    /// An allocation change.
    public static func allocation(t: Double, generation: Int, window: String, strategy: String, holders: [Holder],
                                  slotsUsed: Int, capacity: Int, fallback: Bool) -> TimelineRecord {
        var record = TimelineRecord(type: "allocation", t: t)
        record.generation = generation; record.window = window; record.strategy = strategy; record.holders = holders
        record.slotsUsed = slotsUsed; record.capacity = capacity; record.fallback = fallback
        return record
    }

    public var isSample: Bool { type == "sample" }
    public var isAllocation: Bool { type == "allocation" }

    /// The record as one compact JSON line (no newline).
    public func jsonLine() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
