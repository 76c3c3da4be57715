import IPC

/// A REST quote's volume against the previous day's at the same time of day, which the multi-price
/// row lacks: only the WebSocket trade carries KIS's own figure (`H0STCNT0` field 42), so without
/// this a stock off the slots had no relative volume at all and `volume_surge`'s day ratio could
/// fire only for the slot holders, while the reference, which reads every stock's trades, fires it
/// for any stock. `SameTimeVolume` estimates it from the stock's volume today over its previous
/// day's whole (the master file's) and the market's median of the same — the allocator's estimate.
struct SameTimeEstimate: Sendable {
    /// Market seconds between two medians over the stocks (a sort of at most 2,600 ratios).
    static let refreshSeconds = 10.0
    /// A stock whose trade feed spoke within this many seconds keeps KIS's own figure.
    static let tradeFeedSeconds = 60.0

    /// Per stock, today's volume over the previous day's whole (`SameTimeVolume.ratio`).
    private var ratios: [String: Double] = [:]
    private var marketShare: Double?
    private var refreshedAt = -Double.infinity

    /// The relative volume to fold in with `observation`: its own when it has one (a trade), the
    /// estimate for a quote of a stock whose trade feed is silent, else nil (unknown, or the trade
    /// feed's figure stands). Every observation with a volume updates the market's median.
    mutating func relativeVolume(_ observation: MarketObservation, state: StockState, at time: Double) -> Double? {
        let ratio = SameTimeVolume.ratio(cumulative: max(observation.cumulativeVolume, state.cumulativeVolume),
                                         previousDay: state.previousDayTotalVolume ?? observation.previousDayVolume)
        if ratio > 0 { ratios[observation.code] = ratio }
        if time - refreshedAt >= Self.refreshSeconds || time < refreshedAt {
            marketShare = SameTimeVolume.marketShare(Array(ratios.values))
            refreshedAt = time
        }
        if let own = observation.relativeVolume { return own }
        guard observation.source == .rest, !state.hasTradeFeed(at: time, within: Self.tradeFeedSeconds) else { return nil }
        return SameTimeVolume.relative(ratio: ratio, marketShare: marketShare)
    }
}
