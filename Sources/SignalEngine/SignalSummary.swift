import IPC

/// One line for humans: `gap 035420 NAVER +4.2 % (142,500) — reason`.
public enum SignalSummary {
    public static func line(_ signal: TradeSignal) -> String {
        let name = signal.name == signal.code ? "" : " \(signal.name)"
        return "\(signal.kind.rawValue) \(signal.direction.rawValue) \(signal.code)\(name) \(Format.percent(signal.changeRate)) % (\(Format.grouped(signal.price))) tier \(signal.tier) \(signal.source.rawValue): \(signal.reason)"
    }
}
