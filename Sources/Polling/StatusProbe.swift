import IPC

/// Which stocks deserve one inquire-price call (FHKST01010100) to read their trading status, which
/// the multi-price rows lack (`temp_stop_yn`, `iscd_stat_cls_code` 58, `vi_cls_code`; protocol.md
/// §5.1 and §5.3). The rows only hint; the probe's answer is the fact:
/// - **an empty book** (`inter2_askp` and `inter2_bidp` both 0) from the opening call (08:30) to the
///   closing call (15:20): nothing can cross, as for a halted stock (거래정지), which takes no orders.
///   This is what finds the day's halted listings in the pre-open sweep, before the open, and an
///   intraday halt at its stock's next sweep;
/// - a stock that has not traded by 09:01 (halted all day, or merely illiquid);
/// - a row in a call auction (`hour_cls_code` C) that the whole-market VI list does not explain (a
///   halted stock's reopening call), from 09:01.
///
/// Each stock at most once per `retrySeconds`, so the probes stay a small, bounded share of the REST
/// budget. A stock a probe found halted (`record`) is asked again within a minute when its row shows
/// life (a book, a call auction, a trade: its resumption is news), else after 1, 2, 4, 8 minutes, then
/// every `retrySeconds`.
/// Pure: the poller feeds it and performs the calls.
public struct StatusProbe: Sendable {
    /// A stock is probed again no sooner than this (market seconds). Default 600.
    public var retrySeconds: Double
    private var lastProbe: [String: Double] = [:]
    /// Stocks the last probe found halted: their cumulative volume then, and how many probes in a row said so.
    private var halted: [String: (volume: Int, answers: Int)] = [:]
    private var activeVIs: Set<String> = []
    private var listSeen = false

    /// The opening call starts (08:30), continuous trading's first minute ends (09:01), the closing
    /// call starts (15:20), the after-market ends (20:00): seconds of the KST day.
    static let openingCall: Double = 8 * 3600 + 30 * 60
    static let firstMinuteOver: Double = 9 * 3600 + 60
    static let closingCall: Double = 15 * 3600 + 20 * 60
    static let afterMarketEnd: Double = 20 * 3600
    /// A stock found halted that shows life is probed again no sooner than this (market seconds).
    static let haltedRetrySeconds: Double = 60

    public init(retrySeconds: Double = 600) { self.retrySeconds = retrySeconds }

    /// The latest VI list: which stocks are in a VI auction now.
    public mutating func update(_ status: VIStatus) {
        activeVIs = Set(status.events.filter(\.isActive).map(\.code))
        listSeen = true
    }

    /// What a probe found (its inquire-price quote): a halted stock waits for signs of life.
    public mutating func record(_ quote: Quote) {
        guard let isHalted = quote.isHalted else { return }
        if isHalted {
            halted[quote.code] = (quote.cumulativeVolume, (halted[quote.code]?.answers ?? 0) + 1)
        } else {
            halted[quote.code] = nil
        }
    }

    /// The codes among `quotes` to probe at market time `now`.
    public mutating func codes(toProbe quotes: [Quote], now: Double) -> [String] {
        let second = MarketClock.secondsOfDay(now)
        guard second >= Self.openingCall, second < Self.afterMarketEnd else { return [] }
        let booksCount = second < Self.closingCall
        // Continuous trading or the after-market: no auction of the session's own to explain a C.
        let continuous = second >= Self.firstMinuteOver
        var out: [String] = []
        for quote in quotes {
            let emptyBook = booksCount && quote.ask == 0 && quote.bid == 0
            let auction = quote.phase == "C"
            let unexplainedAuction = continuous && auction && listSeen && !activeVIs.contains(quote.code)
            var retry = retrySeconds
            if let known = halted[quote.code] {
                // Known halted: a sign of life (a book, a call, a trade) is worth a call within a minute;
                // a dead row is confirmed after 1, 2, 4, 8 minutes, then every `retrySeconds` (whoever
                // was not listening yet, a component starting, hears it again).
                let alive = (quote.ask ?? 0) > 0 || (quote.bid ?? 0) > 0 || auction || quote.cumulativeVolume > known.volume
                retry = min(retrySeconds, alive ? Self.haltedRetrySeconds
                            : Self.haltedRetrySeconds * Double(1 << min(known.answers - 1, 8)))
            } else {
                let neverTraded = continuous && quote.cumulativeVolume == 0
                guard emptyBook || unexplainedAuction || neverTraded else { continue }
            }
            if let last = lastProbe[quote.code], now - last < retry { continue }
            lastProbe[quote.code] = now
            out.append(quote.code)
        }
        return out
    }
}
