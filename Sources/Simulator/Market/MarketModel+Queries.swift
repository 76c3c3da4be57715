/// Direction of a change-rate ranking.
public enum RankingDirection: Sendable {
    /// Largest rises first (상승율순).
    case up
    /// Largest falls first (하락율순).
    case down
}

extension MarketModel {
    /// A stock's quote at the current market time, or nil for an unknown code.
    public func quote(_ code: String) -> MarketQuote? {
        universe.index(of: code).map { quote(at: $0) }
    }

    /// The quote of the stock at universe index `i`.
    public func quote(at i: Int) -> MarketQuote {
        let l = universe.listings[i]
        let phase = mechanics.phase[i]
        let halted = phase == .halted
        let auction = !halted && (session.isAuction || phase.isAuction)
        let lock = Int(mechanics.lock[i])
        var q = MarketQuote(code: l.code, name: l.name, market: l.market, sector: l.sector, isKOSPI200: l.isKOSPI200,
                     time: now, session: session, price: price[i], previousClose: previousClose[i],
                     open: open[i], high: high[i], low: low[i], openTime: openTime[i], highTime: highTime[i],
                     lowTime: lowTime[i], cumulativeVolume: volume[i], cumulativeAmount: amount[i],
                     buyVolume: buyVolume[i], sellVolume: sellVolume[i],
                     bestAsk: halted || lock > 0 ? 0 : auction ? expectedPrice[i] : bestAsk[i],
                     bestBid: halted || lock < 0 ? 0 : auction ? KRXRules.nextTickDown(from: expectedPrice[i])
                        : lock > 0 ? upperLimit[i] : bestBid[i],
                     upperLimit: upperLimit[i], lowerLimit: lowerLimit[i], tickSize: KRXRules.tickSize(at: price[i]),
                     expectedPrice: auction ? expectedPrice[i] : 0, expectedVolume: auction ? expectedVolume[i] : 0,
                     listedShares: l.listedShares, averageDailyVolume: averageDailyVolume[i],
                     previousDayVolume: previousDayVolume[i],
                     previousDaySameTimeVolume: Int64(Double(previousDayVolume[i]) * profile.cumulativeShare(at: now)),
                     viReferencePrice: viReference[i])
        q.phase = phase
        q.viKind = phase == .viAuction ? mechanics.vi[i]?.kind : nil
        q.statusCode = halted ? 58 : Int(mechanics.status[i])
        q.limitLock = lock
        if lock < 0 { q.bestAsk = lowerLimit[i] }
        return q
    }

    /// Today's VI record of every stock that had one (what inquire-vi-status lists), in universe order.
    public func viRecords() -> [(code: String, name: String, record: VIRecord)] {
        universe.listings.indices.compactMap { i in
            mechanics.vi[i].map { (universe.listings[i].code, universe.listings[i].name, $0) }
        }
    }

    /// Today's latest VI record of one stock, if it had one.
    public func viRecords(of code: String) -> VIRecord? {
        universe.index(of: code).flatMap { mechanics.vi[$0] }
    }

    /// The market-operation notices (H0STMKO0) logged so far today, in time order.
    public var operations: [MarketOperation] { mechanics.operations }
    /// The mechanics episodes finished so far today (VIs, limit locks, halts), in the order they ended.
    public var episodes: [PhaseEpisode] { mechanics.episodes }
    /// The day's halts, warning statuses and limit runs.
    public var mechanicsSchedule: MechanicsSchedule { mechanics.schedule }

    /// The 10-level order book of a stock around its best bid and ask (or the expected price in an
    /// auction). Quantities are plausible and deterministic per stock and market second.
    public func orderBook(_ code: String) -> MarketOrderBook? {
        guard let i = universe.index(of: code) else { return nil }
        let q = quote(at: i)
        var asks: [MarketBookLevel] = []
        var bids: [MarketBookLevel] = []
        asks.reserveCapacity(10)
        bids.reserveCapacity(10)
        var ask = q.bestAsk
        var bid = q.bestBid
        for level in 0..<10 {
            let askOK = ask > 0 && ask <= upperLimit[i]
            let bidOK = bid > 0 && bid >= lowerLimit[i]
            asks.append(MarketBookLevel(price: askOK ? ask : 0, quantity: askOK ? levelQuantity(i, level, isAsk: true) : 0))
            bids.append(MarketBookLevel(price: bidOK ? bid : 0, quantity: bidOK ? levelQuantity(i, level, isAsk: false) : 0))
            ask = askOK ? KRXRules.nextTickUp(from: ask) : 0
            bid = bidOK ? KRXRules.nextTickDown(from: bid) : 0
        }
        // A locked limit shows its queue at the limit.
        if q.limitLock > 0 { bids[0].quantity = max(bids[0].quantity, mechanics.queue[i]) }
        if q.limitLock < 0 { asks[0].quantity = max(asks[0].quantity, mechanics.queue[i]) }
        return MarketOrderBook(code: code, time: now, asks: asks, bids: bids)
    }

    /// Resting quantity at one book level (`OrderBookDepth`): the same levels a large order sweeps,
    /// refilling after a sweep.
    func levelQuantity(_ i: Int, _ level: Int, isAsk: Bool) -> Int64 {
        let second = UInt64(max(0, now).rounded(.down))
        return OrderBookDepth.quantity(scale: bookScale[i], level: level,
                                       unit: OrderBookDepth.unit(seed: streamSeed[i], second: second, level: level, isAsk: isAsk),
                                       refill: refillFraction(i, isAsk: isAsk, at: now))
    }

    /// The top `count` stocks by cumulative volume, optionally filtered by market and price range.
    public func topByVolume(count: Int = 30, market: MarketFilter = .all,
                            priceRange: ClosedRange<Int>? = nil) -> [MarketQuote] {
        ranked(count: count, market: market, priceRange: priceRange) { volume[$0] > volume[$1] }
    }

    /// The top `count` stocks by change rate, up or down, optionally filtered by market and price range.
    public func topByChangeRate(count: Int = 30, direction: RankingDirection = .up, market: MarketFilter = .all,
                                priceRange: ClosedRange<Int>? = nil) -> [MarketQuote] {
        func rate(_ i: Int) -> Double { Double(price[i] - previousClose[i]) / Double(previousClose[i]) }
        return ranked(count: count, market: market, priceRange: priceRange) {
            direction == .up ? rate($0) > rate($1) : rate($0) < rate($1)
        }
    }

    /// Filters, sorts by `before` (ties by code, i.e. universe order) and takes the first `count`.
    private func ranked(count: Int, market: MarketFilter, priceRange: ClosedRange<Int>?,
                        by before: (Int, Int) -> Bool) -> [MarketQuote] {
        var candidates = universe.listings.indices.filter { i in
            market.includes(universe.listings[i]) && (priceRange?.contains(price[i]) ?? true)
        }
        candidates.sort { before($0, $1) || (!before($1, $0) && $0 < $1) }
        return candidates.prefix(max(0, count)).map { quote(at: $0) }
    }
}
