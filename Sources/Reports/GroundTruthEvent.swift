import Foundation

/// One planted event of kis-sim's ground-truth log, `events.jsonl`
/// (`{"id":"E0001","kind":"openingGap","code":"123450","name":…,"start":30600,"end":33000,…,"noise":false}`).
///
/// Times are market seconds since midnight KST. Decoded here rather than from the Simulator module so a
/// report or benchmark can read the log without linking the simulator.
public struct GroundTruthEvent: Codable, Sendable, Equatable {
    public var id: String
    /// `openingGap`, `volumeSurge`, `breakout`, `momentumRun`, `closingRun`, or noise
    /// (`volumeBlip`, `priceWiggle`).
    public var kind: String
    public var code: String
    public var name: String
    public var market: String?
    public var start: Double
    public var end: Double
    public var magnitude: Double
    /// Decoy noise: never counted in the denominator of the capture rate.
    public var noise: Bool
    /// A KRX-mechanics episode kis-sim logged as it happened (a VI, a limit lock, a halt): ground
    /// truth of the market, not a planted event, so never scored as one. Absent on planted lines.
    public var mechanics: Bool?

    /// Whether this line is a planted event (or its decoy), the set capture is scored on.
    public var isPlanted: Bool { mechanics != true }

    public init(id: String, kind: String, code: String, name: String = "", market: String? = nil,
                start: Double, end: Double, magnitude: Double = 0, noise: Bool = false) {
        self.id = id; self.kind = kind; self.code = code; self.name = name; self.market = market
        self.start = start; self.end = end; self.magnitude = magnitude; self.noise = noise
    }
}

/// Reading JSON-lines files (`events.jsonl`, `signals.jsonl`, `timeline.jsonl`): a line that does not
/// decode (a half-written last line, a newer field layout) is skipped, not fatal.
public enum JSONLines {
    /// Every decodable line of `text`.
    public static func decode<T: Decodable>(_ type: T.Type, from text: String) -> [T] {
        let decoder = JSONDecoder()
        return text.split(whereSeparator: \.isNewline).compactMap { line in
            try? decoder.decode(T.self, from: Data(line.utf8))
        }
    }

    /// Every decodable line of the file at `path`; empty when the file is missing.
    public static func read<T: Decodable>(_ type: T.Type, path: String) -> [T] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return decode(type, from: String(decoding: data, as: UTF8.self))
    }
}
