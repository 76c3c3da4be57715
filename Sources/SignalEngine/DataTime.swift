import IPC

/// The market time an observation describes (DESIGN.md, Time: decisions run on the market clock).
///
/// A WebSocket trade carries KIS's trade time (`STCK_CNTG_HOUR`), an order book its acceptance
/// time (`ASPR_ACPT_HOUR`), and a REST quote the time the poller read from the answer's HTTP `Date`
/// (RFC 9110 §6.6.1); all `HHMMSS` KST, whole seconds. That time, not the moment the data reached
/// this process, is when the observation happened: evaluating on it makes the signals the same
/// whatever the scheduling — two runs of a recording, or a replay at another speed, see each frame
/// at the same market second. Arrival time is the fallback, and the guard: a stamp more than
/// ``maximumLag`` before arrival (an illiquid book's last acceptance, a slow server clock) or more
/// than ``maximumLead`` after it (a skewed clock) is not believed.
public enum DataTime {
    /// The oldest stamp believed, market seconds before arrival.
    public static let maximumLag = 30.0
    /// The latest stamp believed, market seconds after arrival (the stamp is truncated to the
    /// second, so a fresh one is never later than arrival on a synchronized clock).
    public static let maximumLead = 1.0

    /// The market time of an observation stamped `hhmmss` (KST) that arrived at market time `arrival`.
    public static func of(stamp hhmmss: String?, arrival: Double) -> Double {
        guard let hhmmss, let secondOfDay = secondsOfDay(hhmmss) else { return arrival }
        // The stamp on the arrival's KST day; around midnight, the neighbouring day that is nearer.
        var time = arrival - MarketClock.secondsOfDay(arrival) + secondOfDay
        if time - arrival > 43_200 { time -= 86_400 } else if arrival - time > 43_200 { time += 86_400 }
        guard time >= arrival - maximumLag, time <= arrival + maximumLead else { return arrival }
        return time
    }

    /// `HHMMSS` → seconds since midnight; nil for anything else (an empty field, `000000` is midnight).
    static func secondsOfDay(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        guard bytes.count == 6, bytes.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        let value = { (index: Int) in Int(bytes[index] - 48) * 10 + Int(bytes[index + 1] - 48) }
        let (hour, minute, second) = (value(0), value(2), value(4))
        guard hour < 24, minute < 60, second < 60 else { return nil }
        return Double(hour * 3600 + minute * 60 + second)
    }
}
