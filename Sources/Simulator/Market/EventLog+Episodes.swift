import IPC

extension EventLog {
    /// A mechanics episode as an `events.jsonl` line: the planted events' keys (id, kind, code, name,
    /// market, start, end, times, magnitude = the move in percent of the reference, noise false) plus
    /// `price`, `reference` and `"mechanics":true` (scorers skip those lines). The id is
    /// `<V|L|H><code>-<HHMMSS of start>`, the same whenever the day is replayed (a restarted kis-sim
    /// writes the same lines).
    public func line(for episode: PhaseEpisode) -> String {
        let prefix = switch episode.kind {
        case .viStatic, .viDynamic, .viStaticDynamic: "V"
        case .upperLimitLock, .lowerLimitLock: "L"
        case .halt: "H"
        }
        let clock = tradingDate.iso8601(episode.start).dropFirst(11).prefix(8).replacingOccurrences(of: ":", with: "")
        let magnitude = episode.reference == 0 ? 0 : (Double(episode.price - episode.reference) * 100 / Double(episode.reference) * 100).rounded() / 100
        return commonFields(id: "\(prefix)\(episode.code)-\(clock)", kind: episode.kind.rawValue, code: episode.code,
                            start: episode.start, end: episode.end, endTime: min(episode.end, 86_399), magnitude: magnitude, noise: false)
            + ",\"price\":\(episode.price),\"reference\":\(episode.reference),\"mechanics\":true}"
    }
}
