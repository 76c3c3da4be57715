import Foundation
import IPC

/// One line per WebSocket slot holder for `./run status` and the live view (the same text in both):
/// tier, code and name, slot score, the allocator's hazard for it, since when it holds the slot and
/// why (the allocation's `reason`, e.g. `opening tier 1 · heat: gap 38, volume 21`). Pure.
///
/// ```
///   T1 005930 삼성전자        score  72.3  hazard  31.4 %  since 09:01:12  opening tier 1 · heat: gap 38, volume 21
/// ```
public enum HolderLines {
    public struct Row: Sendable, Equatable {
        public var code: String
        /// 1, 2, or 0 for an index.
        public var tier: Int
        public var score: Double
        public var hazard: Double?
        /// `HH:MM:SS` market time.
        public var since: String
        public var reason: String
        public init(code: String, tier: Int, score: Double, hazard: Double?, since: String, reason: String) {
            self.code = code; self.tier = tier; self.score = score; self.hazard = hazard; self.since = since; self.reason = reason
        }
    }

    /// The rows of an `allocation` message, in its order.
    public static func rows(_ allocation: Allocation) -> [Row] {
        allocation.holders.map {
            Row(code: $0.code, tier: $0.tier, score: $0.score, hazard: $0.hazard, since: MarketClock.clockString($0.since), reason: $0.reason)
        }
    }

    /// The rows of the allocator's `status` details `slots` array; entries without a code are skipped.
    public static func rows(status slots: JSONValue?) -> [Row] {
        guard case .array(let entries)? = slots else { return [] }
        return entries.compactMap { entry in
            guard let code = entry["code"]?.stringValue else { return nil }
            return Row(code: code, tier: Int(entry["tier"]?.doubleValue ?? 2), score: entry["score"]?.doubleValue ?? 0,
                       hazard: entry["hazard"]?.doubleValue, since: entry["since"]?.stringValue ?? "--:--:--",
                       reason: entry["reason"]?.stringValue ?? "")
        }
    }

    /// Display columns the name takes at most before it is cut (a Hangul syllable takes two).
    static let nameColumns = 16

    /// The lines, each starting with two spaces.
    public static func lines(_ rows: [Row], names: [String: String]) -> [String] {
        rows.map { row in
            let tier = row.tier == 0 ? "IX" : "T\(row.tier)"
            let name = StatusScreen.padded(names[row.code] ?? "", columns: nameColumns)
            let hazard = row.hazard.map { String(format: "%5.1f %%", $0 * 100) } ?? "    -  "
            let code = row.code.padding(toLength: max(6, row.code.count), withPad: " ", startingAt: 0)
            return "  \(tier) \(code) \(name) score \(String(format: "%5.1f", row.score))  hazard \(hazard)  since \(row.since)  \(row.reason)"
        }
    }
}
