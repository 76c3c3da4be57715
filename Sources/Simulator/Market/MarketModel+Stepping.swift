import Foundation

/// A watched stock's trade, expanded from its step plan and waiting for the caller's time to reach it.
struct PendingTrade: Sendable {
    var stock: Int32
    var time: Double
    var price: Int
    var quantity: Int
    var side: TradeSide
}

/// What one stock does during one step, drawn from its own stream (identical watched or not).
struct StepPlan {
    var count = 0
    var volume: Int64 = 0
    var oldFair = 0.0
    var newFair = 0.0
    var lastPrice = 0
    var lastSide = TradeSide.buy
    var buyShare = 0.5
    /// Standard deviation of the stock's own log-price shock over this step.
    var shock = 0.0
    /// A large order that swept the book at the step's start (`OrderSweep`): the shares it printed
    /// (0 for none or when it triggered), its last print or would-be VI price, its side, its VI.
    var sweepQuantity: Int64 = 0
    var sweepPrice = 0
    var sweepIsBuy = true
    var sweepTrigger: VIKind?
}

extension MarketModel {
    /// Starts step `step`: session transitions (and the auction crosses), event activation, the
    /// market factor, and the expansion of watched stocks into pending trades.
    mutating func beginStep(into trades: inout [MarketTrade]) {
        let t0 = Double(step) * stepSeconds
        let next = KRXRules.session(at: t0)
        if next != session {
            enterSession(next, at: t0, into: &trades)
        }
        updateEffects(at: t0)
        advanceMechanics(at: t0, into: &trades)
        guard session.isTrading else { return }
        // Market and factor volatility follow the U-curve (thin in the after-market) and the
        // market's information flow.
        flow.advanceMarket(marketRNG.nextNormal())
        stepIntensity = Self.sessionIntensity(profile, at: t0 + 0.5 * stepSeconds)
        let common = rootStep * stepIntensity.squareRoot() * flow.marketVolatility
        marketShock = marketSigma * common * marketRNG.nextNormal()
        factors.draw(scale: common)
        for i in watchedIndices {
            isDetailedStep[i] = true
            var p = plan(i, at: t0)
            admit(i, &p, at: t0)
            expand(i, plan: p, at: t0)
        }
        if watchedIndices.count > 1 {
            pending.sort { $0.time < $1.time || ($0.time == $1.time && $0.stock < $1.stock) }
        }
    }

    /// Ends the current step: unwatched stocks apply their plans in aggregate; auctions move expectations.
    mutating func finishStep() {
        let t0 = Double(step) * stepSeconds
        switch session {
        case .continuous, .afterMarket:
            pending.removeAll(keepingCapacity: true)
            pendingCursor = 0
            for i in 0..<count {
                if isDetailedStep[i] {
                    isDetailedStep[i] = false
                } else {
                    var p = plan(i, at: t0)
                    admit(i, &p, at: t0)
                    applyAggregate(i, plan: p, at: t0 + stepSeconds)
                }
            }
            updateIndexRanges()
        case .openingAuction, .closingAuction:
            for i in 0..<count where mechanics.phase[i] == .normal { auctionStep(i) }
        case .closed:
            break
        }
    }

    /// Draws stock `i`'s plan for the continuous step starting at `t0`.
    @inline(__always)
    mutating func plan(_ i: Int, at t0: Double) -> StepPlan {
        var g = rng[i]
        var p = StepPlan()
        let (z1, z2) = g.nextNormalPair()
        let flowNow = flow.advance(i, z1, z2)
        let expected = activity[i] * stepIntensity * rateMultiplier[i] * flowNow.rate * stepSeconds
        let excited = excitation.intensity(i)
        p.count = g.nextPoisson(mean: expected * excited)
        excitation.record(i, count: p.count, expected: expected)
        // The own shock's variance follows the trading rate (U-curve × flow × excitation, mean 1).
        let shock = sigma[i] * rootStep * (stepIntensity * flowNow.variance * excited).squareRoot()
        p.shock = shock
        p.oldFair = fair[i]
        var x = p.oldFair + drift[i] * stepSeconds + beta[i] * marketShock + sigma[i] * factors.common(i)
            + factors.idiosyncratic[i] * shock * g.nextNormal()
        if g.nextUnit() < jumpChance {
            // News: a jump of the fair price (Cont 2001: heavy tails), then a flare of volatility and trading.
            let size = InformationFlow.jumpSize * dailySigma[i] * g.nextExponential(mean: 1)
            x += g.nextUnit() < 0.5 ? -size : size
            flow.kick(i)
        }
        if p.count > 0, mechanics.phase[i] == .normal, mechanics.lock[i] == 0 {
            x += OrderSweep.permanentShare * drawSweep(i, &p, &g, at: t0)
        }
        p.newFair = min(max(x, logLower[i]), logUpper[i])
        fair[i] = p.newFair
        if p.count > 0 {
            let n = Double(p.count)
            let v = meanSize[i] * ordinaryVolumeShare[i] * sizeMultiplier[i] * n * Foundation.exp(0.5 * g.nextNormal() / n.squareRoot() - 0.125 / n)
            p.volume = max(Int64(p.count), Int64(v.rounded()))
            // Moves up are mostly buyer-initiated, moves down seller-initiated.
            p.buyShare = 0.5 + min(0.3, max(-0.3, 0.15 * (p.newFair - p.oldFair) / max(shock, 1e-9)))
            p.lastSide = g.nextUnit() < p.buyShare ? .buy : .sell
            p.lastPrice = Self.clamped(Foundation.exp(p.newFair), lower: lowerLimit[i], upper: upperLimit[i])
        }
        rng[i] = g
        return p
    }

    /// The valid price nearest to `raw`, inside `lower...upper`.
    // Static on purpose: calling a non-mutating method on `self` from the mutating step loop made
    // Swift copy the whole model per call (seen in perf: retain/release of every array).
    @inline(__always)
    static func clamped(_ raw: Double, lower: Int, upper: Int) -> Int {
        min(upper, max(lower, KRXRules.roundToTick(raw)))
    }

    /// Applies an unwatched stock's step in one go: volume, value, sides, last price.
    @inline(__always)
    mutating func applyAggregate(_ i: Int, plan p: StepPlan, at time: Double) {
        guard p.count > 0 else { return }
        if p.sweepQuantity > 0 { applySweep(i, plan: p, at: time) }
        let buys = Int64((Double(p.volume) * p.buyShare).rounded())
        let buyTrades = Int32((Double(p.count) * p.buyShare).rounded())
        volume[i] += p.volume
        amount[i] += p.volume * Int64(price[i] + p.lastPrice) / 2
        buyVolume[i] += buys
        sellVolume[i] += p.volume - buys
        buyCount[i] += buyTrades
        sellCount[i] += Int32(p.count) - buyTrades
        record(i, price: p.lastPrice, side: p.lastSide, at: time)
    }

    /// Expands a watched stock's plan into individual pending trades (a stream derived from stock and step).
    mutating func expand(_ i: Int, plan p: StepPlan, at t0: Double) {
        guard p.count > 0 else { return }
        var d = SeededGenerator(seed: SeededGenerator.mix(streamSeed[i], UInt64(step)))
        let n = p.count
        // Sorted arrival times from exponential spacings; sizes from log-normal weights.
        scratchTimes.removeAll(keepingCapacity: true)
        scratchWeights.removeAll(keepingCapacity: true)
        var clock = 0.0
        for _ in 0...n {
            clock += d.nextExponential(mean: 1)
            scratchTimes.append(clock)
        }
        var totalWeight = 0.0
        var heaviest = 0
        for j in 0..<n {
            let w = Foundation.exp(0.8 * d.nextNormal())
            scratchWeights.append(w)
            totalWeight += w
            if w > scratchWeights[heaviest] { heaviest = j }
        }
        if p.sweepQuantity > 0 {
            // The sweep comes first, before the step's first ordinary trade.
            pending.append(PendingTrade(stock: Int32(i), time: t0 + stepSeconds * 0.5 * scratchTimes[0] / clock,
                                        price: p.sweepPrice, quantity: Int(p.sweepQuantity), side: p.sweepIsBuy ? .buy : .sell))
        }
        let base = pending.count
        var assigned: Int64 = 0
        let shock = p.shock
        for j in 0..<n {
            let u = scratchTimes[j] / clock
            let quantity = max(1, Int(Double(p.volume) * scratchWeights[j] / totalWeight))
            assigned += Int64(quantity)
            var tradePrice = p.lastPrice
            var side = p.lastSide
            if j < n - 1 {
                let x = p.oldFair + (p.newFair - p.oldFair) * u + shock * (u * (1 - u)).squareRoot() * d.nextNormal()
                tradePrice = Self.clamped(Foundation.exp(x), lower: mechanics.low[i], upper: mechanics.high[i])
                side = d.nextUnit() < p.buyShare ? .buy : .sell
            }
            pending.append(PendingTrade(stock: Int32(i), time: t0 + stepSeconds * u, price: tradePrice,
                                        quantity: quantity, side: side))
        }
        // Make the sizes sum exactly to the planned volume.
        var rest = p.volume - assigned
        if rest > 0 { pending[base + heaviest].quantity += Int(rest) }
        var j = base
        while rest < 0 {
            let spare = min(Int64(pending[j].quantity - 1), -rest)
            pending[j].quantity -= Int(spare)
            rest += spare
            j += 1
        }
    }

    /// Applies pending trades up to time `t` and reports them.
    mutating func releasePending(upTo t: Double, into trades: inout [MarketTrade]) {
        while pendingCursor < pending.count, pending[pendingCursor].time <= t {
            let p = pending[pendingCursor]
            pendingCursor += 1
            let i = Int(p.stock)
            let q = Int64(p.quantity)
            volume[i] += q
            amount[i] += q * Int64(p.price)
            if p.side == .buy {
                buyVolume[i] += q
                buyCount[i] += 1
            } else {
                sellVolume[i] += q
                sellCount[i] += 1
            }
            record(i, price: p.price, side: p.side, at: p.time)
            trades.append(trade(i, price: p.price, quantity: p.quantity, side: p.side, at: p.time))
        }
    }

    /// Moves the last price, the day's range, the best bid/ask and the index capitalisations.
    @inline(__always)
    mutating func record(_ i: Int, price newPrice: Int, side: TradeSide, at time: Double) {
        let old = price[i]
        if newPrice != old {
            price[i] = newPrice
            moveCapitalization(i, by: Double(newPrice - old))
        }
        if newPrice > high[i] { high[i] = newPrice; highTime[i] = time }
        if low[i] == 0 || newPrice < low[i] { low[i] = newPrice; lowTime[i] = time }
        if side == .sell {
            bestBid[i] = newPrice
            let up = KRXRules.nextTickUp(from: newPrice)
            bestAsk[i] = up > upperLimit[i] ? 0 : up
        } else {
            bestAsk[i] = newPrice
            let down = KRXRules.nextTickDown(from: newPrice)
            bestBid[i] = down < lowerLimit[i] ? 0 : down
        }
    }

    /// A trade record with the stock's running state (already including this trade).
    func trade(_ i: Int, price: Int, quantity: Int, side: TradeSide, at time: Double) -> MarketTrade {
        MarketTrade(stockIndex: Int32(i), code: universe.listings[i].code, time: time, price: price, quantity: quantity,
              side: side, previousClose: previousClose[i], open: open[i], high: high[i], low: low[i],
              bestAsk: bestAsk[i], bestBid: bestBid[i], cumulativeVolume: volume[i], cumulativeAmount: amount[i],
              buyVolume: buyVolume[i], sellVolume: sellVolume[i], buyCount: buyCount[i], sellCount: sellCount[i])
    }
}
