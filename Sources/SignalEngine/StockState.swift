import Foundation
import IPC

/// Everything the evaluators know about one stock today, built from trades, REST quotes and order
/// books alike: previous close, open, day high/low, cumulative volume, the previous day's volume at
/// the same time, a rolling tape (the last 15 minutes or more: `SignalsConfiguration.tapeSeconds`),
/// and when and from where it last changed.
public struct StockState: Sendable, Codable {
    /// 09:00 KST, seconds of the day: the regular session's open.
    public static let openSecond: Double = 9 * 3600
    /// How far back the tape reaches at least: 15 minutes (the configuration's longest window and
    /// its baseline may ask for more: `SignalsConfiguration.tapeSeconds`).
    public static let tapeSpan: Double = 15 * 60

    public let code: String
    /// KST day number the state belongs to; a new day starts afresh.
    public let day: Int
    public private(set) var previousClose: Int?
    public private(set) var open: Int?
    public private(set) var expectedPrice: Int?
    public private(set) var price: Int?
    public private(set) var high: Int?
    public private(set) var low: Int?
    /// The day's high and low before the latest observation (for new-extreme detection).
    public private(set) var priorHigh: Int?
    public private(set) var priorLow: Int?
    public private(set) var cumulativeVolume = 0
    public private(set) var previousDayVolume: Int?
    public private(set) var relativeVolume: Double?
    /// The previous day's whole volume, from REST quotes or the master files (a WebSocket trade's
    /// previous-day figure is the volume at the same time of day); nil until either brought it.
    public private(set) var previousDayTotalVolume: Int?
    public private(set) var tape: RollingWindow
    /// The stock's own 1-minute return variance since the open.
    public private(set) var variance = ReturnVariance()
    public private(set) var bidTotal: Int?
    public private(set) var askTotal: Int?
    /// Market time and source of the latest update.
    public private(set) var lastUpdate: Double = 0
    public private(set) var lastSource: DataSource = .websocket
    /// Market time of the last trade from the WebSocket feed (nil: none today, or a snapshot from
    /// before this was kept).
    public private(set) var lastTradeAt: Double?
    public private(set) var lastReceivedAt: Double = 0
    /// KRX trading status: limits, VI, limit lock, halt (optional storage: snapshots saved before it
    /// existed still restore).
    private var tradingStatus: TradingStatus?
    public var status: TradingStatus { tradingStatus ?? TradingStatus() }

    /// - Parameters:
    ///   - tapeSpan: how far back the tape reaches, seconds (`SignalsConfiguration.tapeSeconds`).
    ///   - varianceMinutes: how many minutes of return sums the volatility keeps
    ///     (`SignalsConfiguration.varianceMinutes`).
    public init(code: String, day: Int, sampleSeconds: Double = 1, tapeSpan: Double = Self.tapeSpan, varianceMinutes: Int = 20) {
        self.code = code; self.day = day
        tape = RollingWindow(span: max(Self.tapeSpan, tapeSpan), resolution: sampleSeconds)
        variance = ReturnVariance(keep: varianceMinutes)
    }

    /// The previous day's whole volume from elsewhere (the KIS master files), until a quote brings it.
    mutating func setPreviousDayTotalVolume(_ volume: Int) {
        if volume > 0 { previousDayTotalVolume = volume }
    }

    /// The tape at `resolution` seconds reaching `span` back (a restored state saved under another
    /// configuration: a longer span fills as the day goes on).
    mutating func retape(resolution: Double, span: Double = Self.tapeSpan) {
        tape = tape.resampled(span: max(Self.tapeSpan, span), resolution: resolution)
    }

    /// Seconds since 09:00 KST at `time` (negative before the open).
    public static func secondsSinceOpen(_ time: Double) -> Double { MarketClock.secondsOfDay(time) - openSecond }

    /// Folds in a trade or quote observed at market time `time`.
    public mutating func apply(_ observation: MarketObservation, at time: Double) {
        if let close = observation.previousClose { previousClose = close }
        if let expected = observation.expectedPrice { expectedPrice = expected }
        if let previous = observation.previousDayVolume {
            previousDayVolume = previous
            if observation.source == .rest { previousDayTotalVolume = previous }
        }
        if let relative = observation.relativeVolume { relativeVolume = relative }
        lastUpdate = time; lastSource = observation.source; lastReceivedAt = observation.receivedAt
        if observation.source == .websocket, observation.price > 0 { lastTradeAt = time }
        if let reading = observation.status {
            // Before the open the limits and a halt count; prices (VI, locks) only from 09:00.
            var status = self.status
            status.apply(reading, price: Self.secondsSinceOpen(time) >= 0 ? observation.price : 0, previousPrice: price,
                         open: open ?? (observation.open > 0 ? observation.open : nil), at: time)
            tradingStatus = status
        }
        // Before the open only the auction's expected price means anything.
        guard observation.price > 0, Self.secondsSinceOpen(time) >= 0 else { return }
        if observation.open > 0 { open = observation.open } else if open == nil { open = observation.price }
        priorHigh = high; priorLow = low
        high = max(high ?? observation.price, observation.high > 0 ? observation.high : observation.price, observation.price)
        low = min(low ?? observation.price, observation.low > 0 ? observation.low : observation.price, observation.price)
        price = observation.price
        cumulativeVolume = max(cumulativeVolume, observation.cumulativeVolume)
        tape.append(TapeSample(time: time, price: observation.price, cumulativeVolume: cumulativeVolume))
        variance.observe(price: observation.price, at: time)
    }

    /// Whether the trade feed carries this stock at `now`: a trade came within the last `seconds`.
    /// Which message arrived last does not decide it, so the answer does not depend on how the two
    /// feeds interleave.
    public func hasTradeFeed(at now: Double, within seconds: Double) -> Bool {
        lastTradeAt.map { now - $0 <= seconds } ?? false
    }

    /// Folds in a status reading that comes with no price (a market-operation notice).
    public mutating func applyStatus(_ reading: StatusObservation, at time: Double) {
        var status = self.status
        status.apply(reading, price: 0, previousPrice: price, open: open, at: time)
        tradingStatus = status
    }

    /// Folds in a row of the poller's whole-market VI list (times already market times).
    public mutating func apply(_ event: VIEvent, triggeredAt: Double, releasedAt: Double?) {
        var status = self.status
        status.apply(event, triggeredAt: triggeredAt, releasedAt: releasedAt)
        tradingStatus = status
    }

    /// Folds in an order book snapshot observed at market time `time`.
    public mutating func apply(_ book: OrderBook, at time: Double) {
        bidTotal = book.totalBidQuantity; askTotal = book.totalAskQuantity
        if let expected = book.expectedPrice, expected > 0, Self.secondsSinceOpen(time) < 0 { expectedPrice = expected }
        lastUpdate = time; lastSource = book.source; lastReceivedAt = book.receivedAt
    }

    /// Change from the previous close, percent.
    public var changePercent: Double? {
        guard let price, let previousClose, previousClose > 0 else { return nil }
        return Double(price - previousClose) / Double(previousClose) * 100
    }

    /// Return over the last `seconds`, percent; `nil` while the tape does not reach back that far.
    public func returnPercent(overSeconds seconds: Double, now: Double) -> Double? {
        guard let last = tape.last, let base = tape.sample(atOrBefore: now - seconds), base.price > 0 else { return nil }
        return Double(last.price - base.price) / Double(base.price) * 100
    }

    /// Shares traded over the last `seconds`; `nil` while the tape does not reach back that far.
    public func volume(overSeconds seconds: Double, now: Double) -> Int? {
        guard let last = tape.last, let base = tape.sample(atOrBefore: now - seconds) else { return nil }
        return last.cumulativeVolume - base.cumulativeVolume
    }

    /// How far into the session a restarted component trusts day-wide figures in place of the
    /// history it lost (earlier, the day so far is mostly the opening auction and the heavy open).
    public static let dayFallbackSeconds: Double = 15 * 60
    /// … and only for a stock that has traded at least this many shares by then (a stock first
    /// seen mid-session with a few hundred shares has no day pace worth the name).
    public static let dayFallbackMinimumVolume = 10_000

    /// The stock's usual pace just before a window: shares per minute over the `span` seconds that
    /// end `before` seconds before `now` (or from the tape's oldest sample, when it reaches back
    /// less far). When that leaves less than `minimumSpan` seconds — a component restarted
    /// mid-session has lost its tape — the day's average pace up to the window instead, from
    /// `dayFallbackSeconds` after the open and `dayFallbackMinimumVolume` shares (cautious: the
    /// open is heavy); nil otherwise. A local
    /// yardstick first: the day's average is inflated by the heavy open for most of the morning.
    public func volumeRate(perMinuteBefore before: Double, span: Double, now: Double, minimumSpan: Double) -> Double? {
        guard let end = tape.sample(atOrBefore: now - before) else { return nil }
        let start = tape.sample(atOrBefore: now - before - span) ?? tape[0]
        let seconds = end.time - start.time
        if seconds > 0, seconds >= minimumSpan {
            return Double(end.cumulativeVolume - start.cumulativeVolume) / seconds * 60
        }
        return dayVolumeRate(perMinuteBefore: before, now: now)
    }

    /// The day's average pace, shares per minute, up to `before` seconds before `now`: the stand-in
    /// for a local yardstick a restarted component lost, from `dayFallbackSeconds` after the open
    /// and `dayFallbackMinimumVolume` shares; nil otherwise.
    public func dayVolumeRate(perMinuteBefore before: Double, now: Double) -> Double? {
        guard let end = tape.sample(atOrBefore: now - before) else { return nil }
        let elapsed = Self.secondsSinceOpen(end.time)
        guard elapsed >= Self.dayFallbackSeconds, end.cumulativeVolume >= Self.dayFallbackMinimumVolume else { return nil }
        return Double(end.cumulativeVolume) / elapsed * 60
    }

    /// The standard deviation of `seconds`-long log returns as of market time `time`: from the
    /// stock's own 1-minute returns (`variance`) once `minimumMinutes` of them closed by then; without
    /// them (a component restarted mid-session), from the day's range — Parkinson's
    /// (ln high/low)² / 4 ln 2 spread over the minutes since the open, an overestimate while a
    /// move is part of the range, so a cautious one — from `dayFallbackSeconds` after the open.
    public func returnDeviation(overSeconds seconds: Double, asOf time: Double, minimumMinutes: Double) -> Double? {
        if let deviation = variance.standardDeviation(overSeconds: seconds, asOf: time, minimumMinutes: minimumMinutes) {
            return deviation
        }
        let elapsed = Self.secondsSinceOpen(time)
        guard elapsed >= Self.dayFallbackSeconds, let high, let low, low > 0, high > low else { return nil }
        let range = log(Double(high) / Double(low))
        let perMinute = range * range / (4 * log(2.0)) / (elapsed / 60)
        return (perMinute * seconds / 60).squareRoot()
    }

    /// The day's average volume per `seconds` since the open, excluding the last `seconds`;
    /// `nil` before `seconds` of history exist.
    public func averageVolume(perSeconds seconds: Double, now: Double) -> Double? {
        let elapsed = Self.secondsSinceOpen(now)
        guard elapsed >= 2 * seconds, let recent = volume(overSeconds: seconds, now: now) else { return nil }
        return Double(cumulativeVolume - recent) / (elapsed - seconds) * seconds
    }
}
