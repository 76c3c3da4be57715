import Foundation
import System

/// A stock's volume against the previous day's at the same time of day, for every stock the REST
/// sweep quotes, not only those holding a slot.
///
/// KIS gives the previous day's cumulative volume at the same time only on the WebSocket trade feed
/// (`H0STCNT0` fields 41–42, `PRDY_SMNS_HOUR_ACML_VOL(_RATE)`, protocol.md), so only the stocks
/// holding a slot. The multi-price row of the sweep has today's cumulative volume and nothing of the
/// previous day; the master file has the previous day's whole volume (`전일거래량`). The share of a
/// day's volume traded by a given time follows the market's intraday profile, which the stocks share
/// (the U shape of intraday volume: Jain & Joh 1988, Admati & Pfleiderer 1988; on the KRX, Choe &
/// Shin 1993; see docs/market-statistics.md), so the median over the universe of today's volume over
/// the previous day's whole volume estimates that share at each instant, without assuming its shape:
///
///     relative volume ≈ (today's cumulative / previous day's whole) / median over stocks of the same
///
/// 1 = the usual pace for the time of day, as with the WebSocket figure. It is a pace against the
/// market: on a day when everything trades twice yesterday's volume the typical stock reads 1.
public enum SameTimeVolume {
    /// Stocks with both figures needed before the median is trusted.
    public static let minimumStocks = 5

    /// Today's cumulative volume over the previous day's whole volume; 0 when either is unknown.
    public static func ratio(cumulative: Int, previousDay: Int?) -> Double {
        guard cumulative > 0, let previousDay, previousDay > 0 else { return 0 }
        return Double(cumulative) / Double(previousDay)
    }

    /// The market's share of its previous day's volume traded by now: the median of the positive
    /// `ratios`; nil with fewer than `minimumStocks` of them.
    public static func marketShare(_ ratios: [Double]) -> Double? {
        let known = ratios.filter { $0 > 0 && $0.isFinite }
        return known.count >= minimumStocks ? Median.of(known) : nil
    }

    /// The stock's estimated volume against the previous day's at the same time (1 = usual pace),
    /// from its `ratio` and the market's share; nil when either is unknown.
    public static func relative(ratio: Double, marketShare: Double?) -> Double? {
        guard ratio > 0, let marketShare, marketShare > 0 else { return nil }
        return ratio / marketShare
    }
}
