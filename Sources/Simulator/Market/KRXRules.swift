/// The phase of the KRX regular-session calendar at a given market time.
public enum MarketSession: String, Sendable, CaseIterable {
    /// Before 08:30, 15:30–16:00 and from 20:00 on: nothing moves.
    case closed
    /// 08:30–09:00 single-price call: expected price and volume, no trades; the open is set at 09:00.
    case openingAuction
    /// 09:00–15:20 continuous double auction: trades.
    case continuous
    /// 15:20–15:30 single-price call: expected price and volume, no trades; the close is set at 15:30.
    case closingAuction
    /// 16:00–20:00 continuous after-market (KRX, since 2026-09-14; protocol.md §6.12): trades on the
    /// regular channels with `MARKET_CLS_CODE=3`, thinner than the day.
    case afterMarket

    /// Whether trades print in this session (the continuous sessions; auctions cross once at their end).
    public var isTrading: Bool { self == .continuous || self == .afterMarket }
    /// Whether this is a single-price call with an expected price.
    public var isAuction: Bool { self == .openingAuction || self == .closingAuction }
}

/// KRX market rules: the 2023 unified tick table, ±30 % daily limits and the session calendar.
///
/// Prices are integer KRW. Times are market seconds since midnight KST (`Double`).
/// Sources: protocol.md §7.1 (sessions), §7.2 (limits), §7.3 (tick table).
public enum KRXRules {
    /// 08:30:00, start of the opening auction.
    public static let openingAuctionStart: Double = 8.5 * 3600
    /// 09:00:00, the opening cross and start of continuous trading.
    public static let continuousStart: Double = 9 * 3600
    /// 15:20:00, end of continuous trading and start of the closing auction.
    public static let closingAuctionStart: Double = 15 * 3600 + 20 * 60
    /// 15:30:00, the closing cross.
    public static let close: Double = 15.5 * 3600
    /// 16:00:00, start of the continuous after-market (protocol.md §6.12, §7.1).
    public static let afterMarketStart: Double = 16 * 3600
    /// 20:00:00, end of the after-market.
    public static let afterMarketEnd: Double = 20 * 3600
    /// Length of the continuous session in seconds (22,800).
    public static let continuousLength: Double = closingAuctionStart - continuousStart
    /// The daily limit as a fraction of the base price (±30 % since 2015-06-15).
    public static let limitFraction = 0.30

    /// The tick size (호가가격단위) for a price.
    @inline(__always)
    public static func tickSize(at price: Int) -> Int {
        if price < 2_000 { return 1 }
        if price < 5_000 { return 5 }
        if price < 20_000 { return 10 }
        if price < 50_000 { return 50 }
        if price < 200_000 { return 100 }
        if price < 500_000 { return 500 }
        return 1_000
    }

    /// Whether `price` is a valid quotable price (positive and a multiple of its tick).
    public static func isOnTick(_ price: Int) -> Bool {
        price > 0 && price % tickSize(at: price) == 0
    }

    /// The highest valid price at or below `price`.
    public static func roundDown(_ price: Double) -> Int {
        let floored = max(1, Int(price.rounded(.down)))
        let tick = tickSize(at: floored)
        return max(1, floored / tick * tick)
    }

    /// The lowest valid price at or above `price`.
    public static func roundUp(_ price: Double) -> Int {
        let ceiled = max(1, Int(price.rounded(.up)))
        let tick = tickSize(at: ceiled)
        // Band bounds are multiples of both neighbouring ticks, so rounding up never leaves the grid.
        return (ceiled + tick - 1) / tick * tick
    }

    /// The valid price nearest to `price` (ties go up).
    @inline(__always)
    public static func roundToTick(_ price: Double) -> Int {
        let down = roundDown(price)
        let up = nextTickUp(from: down)
        return price - Double(down) < Double(up) - price ? down : up
    }

    /// The next valid price above a valid price.
    @inline(__always)
    public static func nextTickUp(from price: Int) -> Int {
        price + tickSize(at: price)
    }

    /// The next valid price below a valid price (the tick of the band just below applies).
    @inline(__always)
    public static func nextTickDown(from price: Int) -> Int {
        max(1, price - tickSize(at: price - 1))
    }

    /// The upper limit price (상한가): base × 1.3 rounded down to a valid tick.
    public static func upperLimit(base: Int) -> Int {
        // Integer arithmetic: 128,500 × 13 / 10 = 167,050 → 167,000 (protocol.md §5.1 example).
        roundDown(Double(base * 13) / 10)
    }

    /// The lower limit price (하한가): base × 0.7 rounded up to a valid tick.
    public static func lowerLimit(base: Int) -> Int {
        roundUp(Double(base * 7) / 10)
    }

    /// The session at market time `t` (seconds since midnight KST).
    public static func session(at t: Double) -> MarketSession {
        if t >= afterMarketStart && t < afterMarketEnd { return .afterMarket }
        if t < openingAuctionStart || t >= close { return .closed }
        if t < continuousStart { return .openingAuction }
        if t < closingAuctionStart { return .continuous }
        return .closingAuction
    }
}
