import IPC

extension EventLog {
    /// A mechanics episode as an `events.jsonl` line: the planted events' keys (id, kind, code, name,
    /// market, start, end, times, magnitude = the move in percent of the reference, noise false) plus
    /// `price`, `reference` and `"mechanics":true` (scorers skip those lines). The id is
    /// `<V|L|H><code>-<HHMMSS of start>`, the same whenever the day is replayed (a restarted kis-sim
    /// writes the same lines).
    public func line(for episode: PhaseEpisode) -> String {
        let listing = universe.listing(episode.code)
        let prefix = switch episode.kind {
        case .viStatic, .viDynamic, .viStaticDynamic: "V"
        case .upperLimitLock, .lowerLimitLock: "L"
        case .halt: "H"
        }
        let clock = tradingDate.iso8601(episode.start).dropFirst(11).prefix(8).replacingOccurrences(of: ":", with: "")
        let magnitude = episode.reference == 0 ? 0 : (Double(episode.price - episode.reference) * 100 / Double(episode.reference) * 100).rounded() / 100
        var s = "{\"id\":\(JSONText.quoted("\(prefix)\(episode.code)-\(clock)")),\"kind\":\(JSONText.quoted(episode.kind.rawValue))"
        s += ",\"code\":\(JSONText.quoted(episode.code)),\"name\":\(JSONText.quoted(listing?.name ?? ""))"
        s += ",\"market\":\(JSONText.quoted(listing?.market.rawValue ?? ""))"
        s += ",\"start\":\(Self.number(episode.start)),\"end\":\(Self.number(episode.end))"
        s += ",\"startTime\":\(JSONText.quoted(tradingDate.iso8601(episode.start)))"
        s += ",\"endTime\":\(JSONText.quoted(tradingDate.iso8601(min(episode.end, 86_399))))"
        s += ",\"magnitude\":\(Self.number(magnitude)),\"noise\":false"
        s += ",\"price\":\(episode.price),\"reference\":\(episode.reference),\"mechanics\":true}"
        return s
    }
}
