import Foundation

/// A stock's own volatility: the variance of its 1-minute log returns since the open, from minute
/// closes (the last price seen in each market minute), so a move can be judged against how much the
/// stock usually moves rather than against one threshold for every stock — a 1 % five-minute move
/// is news for a quiet large cap and noise for a volatile small cap.
///
/// A minute without data extends the next return over the minutes it spans (its square counts for
/// that many minutes). The running sums are kept as they stood after each of the last `keep`
/// minutes, so `perMinute(asOf:)` can leave out a recent window: the move being judged must not
/// inflate the yardstick it is judged by. Fixed memory per stock.
public struct ReturnVariance: Sendable, Codable {
    /// Sums after one completed minute: the minute (market epoch minute), Σ r², minutes spanned.
    struct Snapshot: Sendable, Equatable, Codable {
        var minute: Int
        var sumSquares: Double
        var minutes: Double
    }

    /// How many minute snapshots are kept (how far back `perMinute(asOf:)` can look). Default 20.
    public let keep: Int
    private var minute: Int?
    private var lastPrice = 0
    /// The last completed minute and its close.
    private var previousClose: MinuteClose?
    struct MinuteClose: Sendable, Codable { var minute: Int; var price: Int }
    private var sumSquares = 0.0
    private var minutes = 0.0
    private var snapshots: [Snapshot] = []

    public init(keep: Int = 20) { self.keep = max(1, keep) }

    /// Folds in a price seen at market time `time` (epoch seconds); times go forward.
    public mutating func observe(price: Int, at time: Double) {
        guard price > 0 else { return }
        let current = Int((time / 60).rounded(.down))
        guard let open = minute else { minute = current; lastPrice = price; return }
        if current > open {
            // The minute `open` is complete: its close is the last price seen in it.
            if let previous = previousClose, previous.price > 0 {
                let r = log(Double(lastPrice) / Double(previous.price))
                sumSquares += r * r
                minutes += Double(open - previous.minute)
                snapshots.append(Snapshot(minute: open, sumSquares: sumSquares, minutes: minutes))
                if snapshots.count > keep { snapshots.removeFirst(snapshots.count - keep) }
            }
            previousClose = MinuteClose(minute: open, price: lastPrice)
            minute = current
        }
        lastPrice = price
    }

    /// Variance per minute of the log returns of the minutes that closed by market time `time`,
    /// and how many minutes it rests on; nil before any closed (or when `time` is older than the
    /// snapshots kept).
    public func perMinute(asOf time: Double) -> (variance: Double, minutes: Double)? {
        let last = Int((time / 60).rounded(.down)) - 1   // minutes up to here have closed by `time`
        guard let snapshot = snapshots.last(where: { $0.minute <= last }), snapshot.minutes > 0 else { return nil }
        return (snapshot.sumSquares / snapshot.minutes, snapshot.minutes)
    }

    /// Standard deviation of `seconds`-long log returns, from the minutes closed by `time`
    /// (random-walk scaling: σ₁ × √(seconds / 60)); nil with fewer than `minimumMinutes`.
    public func standardDeviation(overSeconds seconds: Double, asOf time: Double, minimumMinutes: Double) -> Double? {
        guard let estimate = perMinute(asOf: time), estimate.minutes >= minimumMinutes else { return nil }
        return (estimate.variance * seconds / 60).squareRoot()
    }
}
