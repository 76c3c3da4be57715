import Foundation

extension MarketModel {
    /// Handles a session boundary at `t0`: auctions start with the reference price as the expectation
    /// and end with one cross at the expected price and volume (reported for watched stocks).
    mutating func enterSession(_ next: MarketSession, at t0: Double, into trades: inout [MarketTrade]) {
        let previous = session
        mechanicsSessionChange(to: next, at: t0)
        session = next
        switch (previous, next) {
        case (_, .openingAuction):
            for i in 0..<count {
                fair[i] = logPreviousClose[i]
                expectedPrice[i] = previousClose[i]
                expectedVolume[i] = 0
            }
        case (.openingAuction, .continuous):
            cross(at: t0, isOpening: true, into: &trades)
            updateIndexRanges()
        case (.continuous, .closingAuction):
            for i in 0..<count {
                expectedPrice[i] = price[i]
                expectedVolume[i] = 0
            }
        case (.closingAuction, .closed):
            cross(at: t0, isOpening: false, into: &trades)
            updateIndexRanges()
        default:
            break
        }
    }

    /// One single-price cross for every stock: the opening sets open, high, low and the VI reference.
    mutating func cross(at t0: Double, isOpening: Bool, into trades: inout [MarketTrade]) {
        for i in 0..<count {
            guard admitCross(i, isOpening: isOpening, at: t0) else { continue }
            printCross(i, price: expectedPrice[i] == 0 ? price[i] : expectedPrice[i], quantity: max(1, expectedVolume[i]),
                       at: t0, setsReference: isOpening, into: &trades)
            expectedVolume[i] = 0
        }
    }

    /// The print of a single-price cross of stock `i` (a session's, or the stock's own VI or reopening
    /// call): volume and value, the open, high and low when it is the day's first print, and with
    /// `setsReference` the static VI reference and the latent price; reported when watched.
    mutating func printCross(_ i: Int, price crossPrice: Int, quantity: Int64, at t0: Double, setsReference: Bool,
                             into trades: inout [MarketTrade]) {
        volume[i] += quantity
        amount[i] += quantity * Int64(crossPrice)
        if open[i] == 0 {
            open[i] = crossPrice
            openTime[i] = t0
            high[i] = crossPrice
            highTime[i] = t0
            low[i] = crossPrice
            lowTime[i] = t0
        }
        if setsReference {
            viReference[i] = crossPrice
            fair[i] = Foundation.log(Double(crossPrice))
        }
        record(i, price: crossPrice, side: .auction, at: t0)
        expectedPrice[i] = 0
        if isWatched[i] {
            trades.append(trade(i, price: crossPrice, quantity: Int(quantity), side: .auction, at: t0))
        }
    }

    /// One auction step for stock `i`: the expected price drifts (towards the overnight target before
    /// the open) and orders accumulate towards the cross volume.
    mutating func auctionStep(_ i: Int) {
        var g = rng[i]
        let dt = stepSeconds
        var addition: Double
        if session == .openingAuction {
            // The expectation settles on the overnight move within ~15 minutes (time constant 5 min).
            let target = logPreviousClose[i] + overnightShift[i]
            fair[i] += (target - fair[i]) * auctionPull + 0.0001 * rootStep * g.nextNormal()
            addition = Double(averageDailyVolume[i]) * profile.openingShare * auctionBoost[i] * dt / 1_800
        } else {
            fair[i] += 0.5 * sigma[i] * rootStep * g.nextNormal()
            addition = Double(averageDailyVolume[i]) * profile.closingShare * dt / 600
        }
        addition *= Foundation.exp(0.4 * g.nextNormal() - 0.08)
        fair[i] = min(max(fair[i], logLower[i]), logUpper[i])
        let expected = Self.clamped(Foundation.exp(fair[i]), lower: lowerLimit[i], upper: upperLimit[i])
        expectedPrice[i] = expected
        expectedVolume[i] += Int64(addition.rounded())
        rng[i] = g
    }
}
