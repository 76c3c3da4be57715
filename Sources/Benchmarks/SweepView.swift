import IPC
import Simulator

/// What the REST sweep shows the pipeline of a simulated stock, for `bench hazard`: the poller's
/// multi-price quote (`Polling.QuoteMapping.quote(_:isAuction:receivedAt:)` of kis-sim's row,
/// `QuoteBodies`): price, change, volume, open/high/low, best ask and bid, the limits and their
/// sign, the hour class (`C` in a VI or reopening call) and the best-level queues; the expected
/// price only in the opening auction. The multi-price row carries no previous-day volume, so
/// neither does the quote.
public enum SweepView {
    /// The sweep's quote of `q` received at market time `now` (epoch seconds on the market clock).
    public static func quote(_ q: MarketQuote, book: MarketOrderBook?, now: Double) -> Quote {
        let isOpening = q.session == .openingAuction
        var quote = Quote(code: q.code, price: q.price, previousClose: q.previousClose, change: q.change, changeRate: q.changeRate,
                          cumulativeVolume: Int(q.cumulativeVolume), open: q.open, high: q.high, low: q.low,
                          ask: q.bestAsk > 0 ? q.bestAsk : nil, bid: q.bestBid > 0 ? q.bestBid : nil,
                          expectedPrice: isOpening && q.expectedPrice > 0 ? q.expectedPrice : nil,
                          expectedVolume: isOpening ? Int(q.expectedVolume) : nil, receivedAt: now)
        quote.sign = q.signCode
        quote.phase = q.phase.isAuction ? "C" : (isOpening ? "B" : q.session == .closingAuction ? "A" : "0")
        quote.upperLimit = q.upperLimit > 0 ? q.upperLimit : nil
        quote.lowerLimit = q.lowerLimit > 0 ? q.lowerLimit : nil
        if let book, let ask = book.asks.first, let bid = book.bids.first {
            quote.askQuantity = Int(ask.quantity)
            quote.bidQuantity = Int(bid.quantity)
        }
        return quote
    }

    /// Whether stock `index` is quoted at market second `second` by a sweep that refreshes every
    /// stock every `period` seconds, the universe spread evenly over the period.
    public static func isDue(index: Int, second: Int, period: Int) -> Bool {
        let p = max(1, period)
        return (second + index) % p == 0
    }
}

/// Each stock's signal times (seconds of the day), for labelling: did the stock fire in (t, t + horizon]?
public struct FiringTimes: Sendable {
    private var times: [[Double]]

    public init(stocks: Int) { times = Array(repeating: [], count: stocks) }

    /// Records a signal of stock `index` at `second` (appended in time order).
    public mutating func record(index: Int, second: Double) {
        guard times.indices.contains(index) else { return }
        times[index].append(second)
    }

    /// Whether stock `index` fired in (`after`, `after + horizon`].
    public func fired(index: Int, after: Double, horizon: Double) -> Bool {
        guard times.indices.contains(index) else { return false }
        for t in times[index].reversed() {
            if t <= after { return false }
            if t <= after + horizon { return true }
        }
        return false
    }

    /// Seconds since stock `index` last fired at or before `now`; nil if it has not.
    public func secondsSinceLast(index: Int, now: Double) -> Double? {
        guard times.indices.contains(index) else { return nil }
        return times[index].last { $0 <= now }.map { now - $0 }
    }
}
