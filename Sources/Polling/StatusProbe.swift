import IPC

/// Which stocks deserve one inquire-price call (FHKST01010100) to read their trading status, which
/// the multi-price rows lack (`temp_stop_yn`, `iscd_stat_cls_code` 58, `vi_cls_code`): a stock
/// that has not traded by 09:01 (halted all day, 거래정지, or merely illiquid), and a stock whose
/// row shows a call auction (`hour_cls_code` C) that the whole-market VI list does not explain (a
/// halted stock's reopening auction). Each stock at most once per `retrySeconds`, so the probes
/// stay a small, bounded share of the REST budget. Pure: the poller feeds it and performs the calls.
public struct StatusProbe: Sendable {
    /// A stock is probed again no sooner than this (market seconds). Default 600.
    public var retrySeconds: Double
    private var lastProbe: [String: Double] = [:]
    private var activeVIs: Set<String> = []
    private var listSeen = false

    public init(retrySeconds: Double = 600) { self.retrySeconds = retrySeconds }

    /// The latest VI list: which stocks are in a VI auction now.
    public mutating func update(_ status: VIStatus) {
        activeVIs = Set(status.events.filter(\.isActive).map(\.code))
        listSeen = true
    }

    /// The codes among `quotes` to probe at market time `now`.
    public mutating func codes(toProbe quotes: [Quote], now: Double) -> [String] {
        let second = MarketClock.secondsOfDay(now)
        // Continuous trading or the after-market: no auction of the session's own to explain a C.
        guard second >= 9 * 3600 + 60, second < 20 * 3600 else { return [] }
        var out: [String] = []
        for quote in quotes {
            let unexplainedAuction = quote.phase == "C" && listSeen && !activeVIs.contains(quote.code)
            let neverTraded = quote.cumulativeVolume == 0
            guard unexplainedAuction || neverTraded else { continue }
            if let last = lastProbe[quote.code], now - last < retrySeconds { continue }
            lastProbe[quote.code] = now
            out.append(quote.code)
        }
        return out
    }
}
