import Foundation
import IPC

/// One quote call a recorded session made and got an answer to (HTTP 200): when the answer came
/// (market time) and what was asked (path and query, as sent). The list of them, in order, is the
/// recorded REST sweep, which a replay's poller follows (`replay-sweep.jsonl`, written by
/// `kis-sim --replay`): the same calls at the same market times read the same answers.
public struct RecordedCall: Sendable, Equatable {
    /// Market time the answer arrived at (the record's `m`).
    public var marketTime: Double
    public var path: String
    public var query: String

    public init(marketTime: Double, path: String, query: String) {
        self.marketTime = marketTime; self.path = path; self.query = query
    }

    /// The answered quote calls of an archive, in market-time order. Refused and failed calls
    /// (anything but HTTP 200) gave the recorded pipeline nothing and are left out.
    public static func sweep(of records: [WireRecord]) -> [RecordedCall] {
        records.compactMap { record in
            guard case .rest(let call) = record, call.status == 200 else { return nil }
            return RecordedCall(marketTime: call.marketTime, path: call.path, query: call.query)
        }
    }

    /// One JSON line, newline included: `{"m":…,"p":"…","q":"…"}`.
    public var line: String {
        "{\"m\":\(String(format: "%.3f", marketTime)),\"p\":\(JSONText.quoted(path)),\"q\":\(JSONText.quoted(query))}\n"
    }

    /// Parses one line (without its newline); nil for anything else.
    public init?(line: Substring) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let m = (object["m"] as? NSNumber)?.doubleValue, let path = object["p"] as? String, let query = object["q"] as? String
        else { return nil }
        self.init(marketTime: m, path: path, query: query)
    }

    /// Reads a sweep file: one call a line; lines that are not calls are skipped.
    /// - Throws: the file system's error when it cannot be read.
    public static func read(path: String) throws -> [RecordedCall] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return text.split(separator: "\n").compactMap { RecordedCall(line: $0) }
    }
}
