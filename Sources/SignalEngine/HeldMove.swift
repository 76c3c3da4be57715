import Foundation

/// A move measured on prices that held: not on one print, which may be a marketable order walking a
/// thin book and the book answering at the next print (kis-sim: half of a sweep's move reverts as the
/// book refills, `docs/market-statistics.md`; Bouchaud, Gefen, Potters & Wyart, QF 4 (2004) 176: part
/// of a single trade's impact is transient), but on the range the price kept to for a while.
///
/// The price *held* over the last `hold` seconds is the range of every price seen from the one
/// standing `hold` seconds ago (the latest sample at or before then) through the last: the price has
/// been at or above its low, and at or below its high, that whole time. A move up is then from the
/// high of that range around the window's start to the low of the range now; a move down from the
/// low to the high; when the two ranges overlap there is no held move (0). The range always holds
/// the observation before the last, so a print only counts once the next one (or a second's worth
/// of them) did not take it back — on trades a second or one trade later, on REST quotes one quote
/// later (whatever the sweep's interval: a quote carries only the last price, and only the next one
/// says whether it held). With `hold` 0 it is the plain move between two prices.
extension RollingWindow {
    /// The lowest and highest price from the one standing at `start` (the latest sample at or
    /// before it, or the oldest the window holds) through the latest sample at or before `end`;
    /// nil when the window holds none at or before `end`.
    public func priceRange(from start: Double, through end: Double) -> (low: Int, high: Int)? {
        guard let last = index(atOrBefore: end) else { return nil }
        let first = min(index(atOrBefore: start) ?? 0, last)
        var low = Int.max, high = Int.min
        for i in first...last {
            let price = self[i].price
            low = min(low, price); high = max(high, price)
        }
        return (low, high)
    }
}

extension StockState {
    /// The log move over the last `seconds` between the prices held for `hold` seconds at either end
    /// (see the type's comment above): positive up, negative down, 0 when the ranges overlap; nil
    /// while the tape does not reach back that far.
    public func heldLogReturn(overSeconds seconds: Double, hold: Double, now: Double) -> Double? {
        let hold = max(0, hold)
        guard seconds > 0, let recent = tape.priceRange(from: now - hold, through: now),
              let base = tape.priceRange(from: now - seconds - hold, through: now - seconds),
              recent.low > 0, base.low > 0 else { return nil }
        let up = log(Double(recent.low) / Double(base.high)), down = log(Double(recent.high) / Double(base.low))
        return up > 0 ? up : down < 0 ? down : 0
    }
}
