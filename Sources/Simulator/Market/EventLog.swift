import Foundation
import IPC

/// Writes the ground-truth event log, `events.jsonl`: one JSON object per line, keys in a fixed order.
///
/// ```
/// {"id":"E0001","kind":"openingGap","code":"123450","name":"가온바이오","market":"KOSDAQ","start":30600,
///  "end":33000,"startTime":"2026-11-25T08:30:00+09:00","endTime":"2026-11-25T09:10:00+09:00",
///  "magnitude":-4.27,"noise":false}
/// ```
/// (one line in the file). The bytes depend only on the schedule, the universe and the date.
public struct EventLog: Sendable {
    public let schedule: EventSchedule
    public let universe: SimulatedUniverse
    public let tradingDate: TradingDate

    public init(schedule: EventSchedule, universe: SimulatedUniverse, tradingDate: TradingDate) {
        self.schedule = schedule
        self.universe = universe
        self.tradingDate = tradingDate
    }

    /// One event as a JSON line (without the newline).
    public func line(for event: MarketEvent) -> String {
        commonFields(id: event.id, kind: event.kind.rawValue, code: event.code, start: event.start, end: event.end,
                     endTime: event.end, magnitude: event.magnitude, noise: event.kind.isNoise) + "}"
    }

    /// The keys every `events.jsonl` line has, in their fixed order, without the closing brace.
    func commonFields(id: String, kind: String, code: String, start: Double, end: Double, endTime: Double,
                      magnitude: Double, noise: Bool) -> String {
        let listing = universe.listing(code)
        var s = "{\"id\":\(JSONText.quoted(id)),\"kind\":\(JSONText.quoted(kind))"
        s += ",\"code\":\(JSONText.quoted(code)),\"name\":\(JSONText.quoted(listing?.name ?? ""))"
        s += ",\"market\":\(JSONText.quoted(listing?.market.rawValue ?? ""))"
        s += ",\"start\":\(Self.number(start)),\"end\":\(Self.number(end))"
        s += ",\"startTime\":\(JSONText.quoted(tradingDate.iso8601(start)))"
        s += ",\"endTime\":\(JSONText.quoted(tradingDate.iso8601(endTime)))"
        s += ",\"magnitude\":\(Self.number(magnitude)),\"noise\":\(noise)"
        return s
    }

    /// The whole log: every event's line followed by `\n`.
    public func jsonLines() -> String {
        schedule.events.map { line(for: $0) + "\n" }.joined()
    }

    /// Writes the log to a file (atomically), e.g. `<run dir>/events.jsonl`.
    public func write(to url: URL) throws {
        try Data(jsonLines().utf8).write(to: url, options: .atomic)
    }

    /// A number without locale effects: integers plain, others with up to 2 decimals.
    static func number(_ x: Double) -> String {
        if x == x.rounded() { return String(Int(x)) }
        var text = String(format: "%.2f", x)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }
}
