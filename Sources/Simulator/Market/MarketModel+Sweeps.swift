import Foundation

/// Large marketable orders on the model's own book (`OrderSweep`, `OrderBookDepth`): the same levels
/// the published 10-level book shows, walked by an occasional order from the size distribution's
/// power-law tail. A sweep is drawn from the stock's own stream inside `plan`, so it is identical
/// whether the stock is watched or not.
extension MarketModel {
    /// Draws whether one of the step's orders is larger than the published book (chance per order
    /// `sweepChance`), and if so walks it through the opposite side from the last trade. Records the
    /// outcome in the plan and returns the log move from the last trade to where the sweep stopped.
    @inline(__always)
    mutating func drawSweep(_ i: Int, _ p: inout StepPlan, _ g: inout SeededGenerator, at t0: Double) -> Double {
        let chance = Double(p.count) * sweepChance[i]
        let u = g.nextUnit()
        guard u < chance else { return 0 }
        return sweep(i, &p, unit: u / chance, isBuy: g.nextUnit() < 0.5, at: t0)
    }

    /// Walks an order of the tail (its size from `unit`) through the book at market second `t0`.
    mutating func sweep(_ i: Int, _ p: inout StepPlan, unit: Double, isBuy: Bool, at t0: Double) -> Double {
        let best = isBuy ? bestAsk[i] : bestBid[i]
        guard best > 0, price[i] > 0 else { return 0 }
        let size = OrderSweep.size(above: sweepThreshold[i], unit: unit)
        let quantity = Int64(min(size, 1e12).rounded())
        let seed = streamSeed[i], scale = bookScale[i], second = UInt64(max(0, t0))
        let refill = refillFraction(i, isAsk: isBuy, at: t0)
        let outcome = OrderSweep.walk(quantity: quantity, isBuy: isBuy, best: best, limit: isBuy ? upperLimit[i] : lowerLimit[i],
                                      lastPrice: price[i], staticReference: viReference[i],
                                      dynamicPermille: mechanics.dynamicBand[i]) { level in
            OrderBookDepth.quantity(scale: scale, level: level,
                                    unit: OrderBookDepth.unit(seed: seed, second: second, level: level, isAsk: isBuy),
                                    refill: refill)
        }
        guard outcome.trigger != nil || outcome.filled > 0 else { return 0 }
        p.sweepTrigger = outcome.trigger
        p.sweepQuantity = outcome.trigger == nil ? outcome.filled : 0
        p.sweepPrice = outcome.price
        p.sweepIsBuy = isBuy
        sweptAt[i] = t0
        sweptSide[i] = isBuy ? 1 : -1
        return Foundation.log(Double(outcome.price) / Double(price[i]))
    }

    /// The fraction of its usual depth one side of stock `i`'s book holds at `t` (refilling after a sweep).
    @inline(__always)
    func refillFraction(_ i: Int, isAsk: Bool, at t: Double) -> Double {
        sweptSide[i] == (isAsk ? 1 : -1) ? OrderBookDepth.refill(elapsed: t - sweptAt[i]) : 1
    }

    /// Applies an unwatched stock's sweep print (before the step's last price).
    mutating func applySweep(_ i: Int, plan p: StepPlan, at time: Double) {
        let q = p.sweepQuantity
        volume[i] += q
        amount[i] += q * Int64(p.sweepPrice)
        if p.sweepIsBuy {
            buyVolume[i] += q
            buyCount[i] += 1
        } else {
            sellVolume[i] += q
            sellCount[i] += 1
        }
        record(i, price: p.sweepPrice, side: p.sweepIsBuy ? .buy : .sell, at: time)
    }
}
