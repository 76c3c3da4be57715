import Foundation
import IPC

/// One line of `<run dir>/timeline.jsonl`, written by `kisctl record`: a `sample` every real second
/// (REST budget, staleness, WebSocket slots) and an `allocation` whenever the slot holders change.
///
/// ```
/// {"type":"sample","t":1795567392.5,"calls_per_s":16.9,"limit_per_s":18,"success_rate":1,"covered":2612,
///  "staleness":{"high":{"codes":150,"p50_s":2.1,"p95_s":4.8}},"slots_used":40,"capacity":41,"connected":true}
/// {"type":"allocation","t":1795567393.1,"generation":12,"window":"gap_focus","strategy":"day",
///  "slots_used":40,"capacity":41,"fallback":false,"holders":[{"code":"005930","tier":1}]}
/// ```
/// and, every `hazardEverySeconds` real seconds while the allocator learns, a `hazard` line with its calibration so far
/// (since the allocator started): per decile of the predicted chance, the labelled examples, their
/// mean prediction and the share that fired.
/// ```
/// {"type":"hazard","t":1795567420.0,"calibration":[{"decile":0,"examples":52100,"predicted":0.021,"realised":0.019}]}
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
    /// With several KIS accounts: each one's ledger, REST use and health (by name, never a key).
    public var accounts: [Account]?

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

    /// One KIS account in a sample: its gateway's ledger and session, its key's REST use and token.
    /// ```
    /// {"name":"sim2","slots_used":41,"capacity":41,"connected":true,"calls_per_s":17.1,"limit_per_s":18,
    ///  "calls":5120,"egw00201":0,"token":"valid"}
    /// ```
    public struct Account: Codable, Sendable, Equatable {
        public var name: String
        public var slotsUsed: Int?
        public var capacity: Int?
        /// Whether its gateway's session is up (nil: the gateway did not answer).
        public var connected: Bool?
        /// Sessions its gateway has had to reopen.
        public var reconnects: Int?
        public var callsPerSecond: Double?
        public var limitPerSecond: Double?
        /// REST calls made with its key so far, and the `EGW00201` refusals among them.
        public var calls: Int?
        public var refusals: Int?
        /// Its token's state (`valid`, `missing`, `failed`, …).
        public var token: String?

        public init(name: String) { self.name = name }

        enum CodingKeys: String, CodingKey {
            case name, capacity, connected, reconnects, calls, token
            case slotsUsed = "slots_used", callsPerSecond = "calls_per_s", limitPerSecond = "limit_per_s", refusals = "egw00201"
        }

        /// The accounts of one sample, from each gateway's `status` details (in account order; nil:
        /// did not answer) and the poller's (its `accounts` array). Empty with a single account.
        public static func merge(gateways: [[String: JSONValue]?], poller: [String: JSONValue]?) -> [Account] {
            var rest: [JSONValue] = []
            if case .array(let array)? = poller?["accounts"] { rest = array }
            guard gateways.count > 1 || rest.count > 1 else { return [] }
            return (0..<max(gateways.count, rest.count)).map { index in
                let gateway = index < gateways.count ? gateways[index] : nil
                let calls = index < rest.count ? rest[index] : nil
                var account = Account(name: calls?["account"]?.stringValue ?? gateway?["account"]?.stringValue ?? "\(index + 1)")
                if let gateway {
                    account.slotsUsed = gateway["slots_used"]?.doubleValue.map { Int($0) }
                    account.capacity = gateway["slots_capacity"]?.doubleValue.map { Int($0) }
                    account.connected = gateway["connected"]?.boolValue ?? false
                    account.reconnects = gateway["reconnects"]?.doubleValue.map { Int($0) }
                }
                if let calls {
                    account.callsPerSecond = calls["calls_per_s"]?.doubleValue.map { ($0 * 100).rounded() / 100 }
                    account.limitPerSecond = calls["limit_per_s"]?.doubleValue
                    account.calls = calls["calls"]?.doubleValue.map { Int($0) }
                    account.refusals = calls["egw00201"]?.doubleValue.map { Int($0) }
                    account.token = calls["token"]?.stringValue
                }
                return account
            }
        }
    }

    // hazard
    public var calibration: [Decile]?
    /// Real seconds between two asks of the recorder for the allocator's hazard calibration.
    public static let hazardEverySeconds = 30

    /// One decile of the hazard's calibration: examples whose predicted chance fell in
    /// [decile / 10, (decile + 1) / 10), their mean prediction and realised firing rate (nil: none).
    public struct Decile: Codable, Sendable, Equatable {
        public var decile: Int
        public var examples: Int
        public var predicted: Double?
        public var realised: Double?
        public init(decile: Int, examples: Int, predicted: Double?, realised: Double?) {
            self.decile = decile; self.examples = examples; self.predicted = predicted; self.realised = realised
        }
    }

    /// One WebSocket slot holder: tier 1 (trades + book), 2 (trades), 0 (index).
    public struct Holder: Codable, Sendable, Equatable, Hashable {
        public var code: String
        public var tier: Int
        public init(code: String, tier: Int) { self.code = code; self.tier = tier }
    }

    enum CodingKeys: String, CodingKey {
        case type, t, covered, staleness, capacity, connected, generation, window, strategy, fallback, holders, accounts, calibration
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

    /// The allocator's hazard calibration, from its `status` details `hazard` (nil when they carry
    /// no `calibration` deciles).
    public static func hazard(t: Double, status: JSONValue?) -> TimelineRecord? {
        guard case .array(let deciles)? = status?["calibration"] else { return nil }
        var record = TimelineRecord(type: "hazard", t: t)
        record.calibration = deciles.enumerated().map { index, entry in
            Decile(decile: entry["decile"]?.doubleValue.map { Int($0) } ?? index, examples: Int(entry["examples"]?.doubleValue ?? 0),
                   predicted: entry["predicted"]?.doubleValue, realised: entry["realised"]?.doubleValue)
        }
        return record
    }

    public var isSample: Bool { type == "sample" }
    public var isHazard: Bool { type == "hazard" }
    public var isAllocation: Bool { type == "allocation" }

    /// The record as one compact JSON line (no newline).
    public func jsonLine() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
