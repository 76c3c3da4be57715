import Simulator

/// Per-stock one-minute bars of a trade tape over a window: last price, trade count and volume of
/// each minute. Built from trades alone (what any client with the full tape could rebuild).
/// Auction crosses set the price but count as neither trades nor continuous volume.
public struct MinuteBars: Sendable {
    public let start: Double
    public let minutes: Int
    public let stocks: Int
    /// Last trade price in minute m of stock i (`last[i * minutes + m]`), 0 until the stock first trades.
    public private(set) var last: [Double]
    public private(set) var count: [Double]
    public private(set) var volume: [Double]

    /// Bars for `stocks` stocks over `minutes` minutes from market time `start` (seconds since midnight).
    public init(stocks: Int, start: Double, minutes: Int) {
        self.start = start
        self.minutes = minutes
        self.stocks = stocks
        last = [Double](repeating: 0, count: stocks * minutes)
        count = last
        volume = last
    }

    /// Adds one trade; trades outside the window are ignored. A cross at the window's start (the
    /// 09:00 open) lands in the first minute; a cross at its end (15:20 has none, 15:30 is the close) is dropped.
    @inline(__always)
    public mutating func add(stock: Int, time: Double, price: Int, quantity: Int, isAuction: Bool) {
        let m = Int(((time - start) / 60).rounded(.down))
        guard stock >= 0, stock < stocks, m >= 0, m < minutes else { return }
        let k = stock * minutes + m
        last[k] = Double(price)
        guard !isAuction else { return }
        count[k] += 1
        volume[k] += Double(quantity)
    }

    /// Stock i's last price at the end of each minute, carried forward over quiet minutes and
    /// backward before its first trade; nil if it never traded.
    public func closes(_ i: Int) -> [Double]? {
        let row = Array(last[(i * minutes)..<((i + 1) * minutes)])
        guard let first = row.first(where: { $0 > 0 }) else { return nil }
        var out = [Double](repeating: 0, count: minutes)
        var p = first
        for m in 0..<minutes {
            if row[m] > 0 { p = row[m] }
            out[m] = p
        }
        return out
    }

    /// Stock i's trade counts per minute.
    public func counts(_ i: Int) -> [Double] { Array(count[(i * minutes)..<((i + 1) * minutes)]) }

    /// Number of minutes in which stock i traded.
    public func activeMinutes(_ i: Int) -> Int { counts(i).filter { $0 > 0 }.count }

    /// The whole market's continuous volume per minute.
    public var marketVolume: [Double] {
        var out = [Double](repeating: 0, count: minutes)
        for i in 0..<stocks { for m in 0..<minutes { out[m] += volume[i * minutes + m] } }
        return out
    }

    /// The whole market's trade count per minute.
    public var marketCount: [Double] {
        var out = [Double](repeating: 0, count: minutes)
        for i in 0..<stocks { for m in 0..<minutes { out[m] += count[i * minutes + m] } }
        return out
    }
}

extension MinuteBars {
    /// Runs `model` from `from` to `to` (seconds since midnight) with every stock watched, each trade
    /// into the minute bars of that window; the bars and the number of trades.
    public static func record(_ model: inout MarketModel, from: Double, to: Double) -> (bars: MinuteBars, trades: Int) {
        _ = model.advance(to: from - 1)
        model.watch(model.universe.listings.map(\.code))
        let minutes = max(1, Int(((to - from) / 60).rounded(.down)))
        var bars = MinuteBars(stocks: model.universe.count, start: from, minutes: minutes)
        var trades: [MarketTrade] = []
        trades.reserveCapacity(1 << 16)
        var total = 0
        var t = from - 1
        while t < to {
            t = min(to, t + 10)
            trades.removeAll(keepingCapacity: true)
            model.advance(to: t, into: &trades)
            total += trades.count
            for trade in trades {
                bars.add(stock: Int(trade.stockIndex), time: trade.time, price: trade.price, quantity: trade.quantity,
                         isAuction: trade.side == .auction)
            }
        }
        return (bars, total)
    }
}
