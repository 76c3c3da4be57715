import Foundation

/// The intraday volume curve: a U shape, heavy at the open and the close, quiet at lunch.
///
/// `intensity(at:)` is the trade-rate multiplier in the continuous session, normalised to a mean of 1
/// over 09:00–15:20, so a stock with activity λ trades λ × intensity per second on average.
/// `cumulativeShare(at:)` is the share of a normal day's volume done by time t, counting the opening
/// cross (at 09:00) and the closing cross (at 15:30); it gives the previous day's same-time volume.
public struct IntradayProfile: Sendable {
    /// Share of daily volume crossed in the opening auction.
    public let openingShare: Double
    /// Share of daily volume crossed in the closing auction.
    public let closingShare: Double
    /// Continuous-session share (the rest).
    public var continuousShare: Double { 1 - openingShare - closingShare }

    private let table: [Double]          // intensity at each 10-second grid point
    private let cumulative: [Double]     // integral of intensity (seconds) at each grid point
    private static let grid = 10.0

    /// Builds the curve; the defaults give about 3.5× the mean rate at 09:00, 2× near 15:20, 0.45× at 12:30.
    public init(openingShare: Double = 0.02, closingShare: Double = 0.06) {
        self.openingShare = openingShare
        self.closingShare = closingShare
        let points = Int(KRXRules.continuousLength / Self.grid) + 1
        var raw = [Double](repeating: 0, count: points)
        for i in 0..<points {
            let tau = Double(i) / Double(points - 1)
            let morning = 3.2 * Foundation.exp(-tau / 0.045)
            let afternoon = 1.3 * Foundation.exp(-(1 - tau) / 0.07)
            let lunch = 0.35 * Foundation.exp(-Foundation.pow((tau - 0.55) / 0.09, 2))
            raw[i] = 0.85 + morning + afternoon - lunch
        }
        var integral = [Double](repeating: 0, count: points)
        for i in 1..<points { integral[i] = integral[i - 1] + 0.5 * (raw[i] + raw[i - 1]) * Self.grid }
        let mean = integral[points - 1] / KRXRules.continuousLength
        table = raw.map { $0 / mean }
        cumulative = integral.map { $0 / mean }
    }

    /// MarketTrade-rate multiplier at market time t (0 outside the continuous session).
    @inline(__always)
    public func intensity(at t: Double) -> Double {
        let x = (t - KRXRules.continuousStart) / Self.grid
        guard x >= 0, t < KRXRules.closingAuctionStart else { return 0 }
        let i = min(Int(x), table.count - 2)
        let f = x - Double(i)
        return table[i] + (table[i + 1] - table[i]) * f
    }

    /// Share of a normal day's total volume done by market time t.
    public func cumulativeShare(at t: Double) -> Double {
        if t < KRXRules.continuousStart { return 0 }
        if t >= KRXRules.close { return 1 }
        let x = min((t - KRXRules.continuousStart) / Self.grid, Double(cumulative.count - 1))
        let i = min(Int(x), cumulative.count - 2)
        let seconds = cumulative[i] + (cumulative[i + 1] - cumulative[i]) * (x - Double(i))
        return openingShare + continuousShare * seconds / KRXRules.continuousLength
    }
}
