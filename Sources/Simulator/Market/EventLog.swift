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
        let listing = universe.listing(event.code)
        var s = "{\"id\":\(JSONText.quoted(event.id)),\"kind\":\(JSONText.quoted(event.kind.rawValue))"
        s += ",\"code\":\(JSONText.quoted(event.code)),\"name\":\(JSONText.quoted(listing?.name ?? ""))"
        s += ",\"market\":\(JSONText.quoted(listing?.market.rawValue ?? ""))"
        s += ",\"start\":\(Self.number(event.start)),\"end\":\(Self.number(event.end))"
        s += ",\"startTime\":\(JSONText.quoted(tradingDate.iso8601(event.start)))"
        s += ",\"endTime\":\(JSONText.quoted(tradingDate.iso8601(event.end)))"
        s += ",\"magnitude\":\(Self.number(event.magnitude)),\"noise\":\(event.kind.isNoise)}"
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
