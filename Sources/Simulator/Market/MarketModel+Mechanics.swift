import Foundation

/// The KRX mechanics layer over the price process: VI call auctions, limit locks, halts and the
/// after-market's thinner flow. The price process draws each step's plan as before; `admit` then
/// decides what of it may print, from the stock's own state only (so watching a stock still changes
/// nothing at step ends). Rules in `VolatilityInterruption` and krx-rules.md; rates in `MechanicsRates`.
extension MarketModel {
    /// Trade-rate multiplier of the after-market relative to the day's mean continuous rate. No KRX
    /// figure exists for this session (opened 2026-09-14); an assumption, see docs/krx-mechanics.md.
    static let afterMarketIntensity = 0.05
    /// The reopening call after a halt lasts 10 minutes.
    static let resumeAuctionSeconds: Double = 600

    /// The trade-rate multiplier at `t`: the day's U-curve, or the after-market's flat level.
    @inline(__always)
    static func sessionIntensity(_ profile: IntradayProfile, at t: Double) -> Double {
        t >= KRXRules.afterMarketStart ? (t < KRXRules.afterMarketEnd ? afterMarketIntensity : 0) : profile.intensity(at: t)
    }

    /// Builds the layer: the day's schedule, listing statuses, the all-day halts and the limit runs
    /// (as drift effects of the price process: a push to the limit, and a sell-off for runs that break).
    mutating func setUpMechanics(_ given: MechanicsSchedule?) {
        var m = KRXMechanics()
        m.schedule = given ?? MechanicsSchedule(universe: universe, configuration: configuration,
                                                excluding: Set(schedule.events.map(\.code)))
        m.phase = Array(repeating: .normal, count: count)
        m.auctionEnd = Array(repeating: 0, count: count)
        m.auctionVolume = Array(repeating: 0, count: count)
        m.lock = Array(repeating: 0, count: count)
        m.queue = m.auctionVolume
        m.lockStart = m.auctionEnd
        m.haltStart = m.auctionEnd
        m.low = lowerLimit
        m.high = upperLimit
        m.status = Array(repeating: 55, count: count)
        m.dynamicBand = universe.listings.map { VolatilityInterruption.dynamicBandPermille(isKOSPI200: $0.isKOSPI200, inClosingAuction: false) }
        m.vi = Array(repeating: nil, count: count)
        for (code, status) in m.schedule.statuses {
            if let i = universe.index(of: code) { m.status[i] = UInt8(status) }
        }
        mechanics = m
        for halt in m.schedule.halts where halt.isAllDay {
            guard let i = universe.index(of: halt.code) else { continue }
            mechanics.phase[i] = .halted
            mechanics.special.append(i)
            logOperation(.halt, i, at: 0)
            mechanics.episodes.append(PhaseEpisode(kind: .halt, code: halt.code, start: halt.start, end: halt.end, price: 0, reference: 0))
        }
        for run in m.schedule.limitRuns {
            guard let i = universe.index(of: run.code) else { continue }
            let sign: Double = run.isUp ? 1 : -1
            // Aim 15 % past the limit so the noise cannot stop the run short; the clamp pins it there.
            let move = Foundation.log(run.isUp ? 1.3 : 0.7) * 1.15
            let end = run.holds ? KRXRules.closingAuctionStart : min(KRXRules.closingAuctionStart, run.start + run.reachSeconds + run.holdSeconds)
            var push = EventEffect(stock: i, start: run.start, end: end)
            push.rate = Foundation.pow(3, 0.6)
            push.size = Foundation.pow(3, 0.4)
            push.drift = move / run.reachSeconds
            effects.append(push)
            if !run.holds && end < KRXRules.closingAuctionStart {
                // The sell-off that eats the queue: 8 % against the run over 10 minutes, volume ×2.
                var selloff = EventEffect(stock: i, start: end, end: min(KRXRules.closingAuctionStart, end + 600))
                selloff.rate = Foundation.pow(2, 0.6)
                selloff.size = Foundation.pow(2, 0.4)
                selloff.drift = -sign * Foundation.log(1.08) / 600
                effects.append(selloff)
            }
        }
        effects.sort { ($0.start, $0.stock, $0.end, $0.drift) < ($1.start, $1.stock, $1.end, $1.drift) }
    }

    /// The per-step pass over stocks not in the normal phase: halts start and end, own auctions cross.
    /// Runs at every step start, in every session, before any plan is drawn.
    mutating func advanceMechanics(at t0: Double, into trades: inout [MarketTrade]) {
        let halts = mechanics.schedule.halts
        while mechanics.haltCursor < halts.count, halts[mechanics.haltCursor].start <= t0 {
            let halt = halts[mechanics.haltCursor]
            mechanics.haltCursor += 1
            guard !halt.isAllDay, halt.end > t0, let i = universe.index(of: halt.code) else { continue }
            if mechanics.phase[i] == .viAuction { releaseVI(i, at: t0) }
            if mechanics.lock[i] != 0 { endLock(i, at: t0) }
            if mechanics.phase[i] == .normal { mechanics.special.append(i) }
            mechanics.phase[i] = .halted
            mechanics.haltStart[i] = t0
            mechanics.haltEnds[i] = halt.end
            logOperation(.halt, i, at: t0)
        }
        var k = 0
        while k < mechanics.special.count {
            let i = mechanics.special[k]
            switch mechanics.phase[i] {
            case .halted:
                if let end = mechanics.haltEnds[i], end <= t0 {
                    mechanics.haltEnds[i] = nil
                    mechanics.episodes.append(PhaseEpisode(kind: .halt, code: universe.listings[i].code,
                                                           start: mechanics.haltStart[i], end: t0, price: 0, reference: 0))
                    mechanics.phase[i] = .resumeAuction
                    mechanics.auctionEnd[i] = t0 + Self.resumeAuctionSeconds
                    mechanics.auctionVolume[i] = 0
                    expectedPrice[i] = price[i]
                    logOperation(.resume, i, at: t0)
                }
            case .viAuction, .resumeAuction:
                if t0 >= mechanics.auctionEnd[i] { crossOwnAuction(i, at: t0, into: &trades) }
            case .normal:
                break
            }
            if mechanics.phase[i] == .normal {
                mechanics.special.swapAt(k, mechanics.special.count - 1)
                mechanics.special.removeLast()
            } else {
                k += 1
            }
        }
    }

    /// What of stock `i`'s continuous-step plan may print: nothing while halted or in its own auction
    /// (the flow joins the auction), nothing on a VI trigger (the call auction starts), only limit
    /// prints while locked. Sets the bounds of the step's intra-step trades for watched stocks.
    @inline(__always)
    mutating func admit(_ i: Int, _ p: inout StepPlan, at t0: Double) {
        switch mechanics.phase[i] {
        case .normal:
            break
        case .halted:
            p.count = 0
            return
        case .viAuction, .resumeAuction:
            // Orders accumulate in the call; the expected price follows the latent price.
            mechanics.auctionVolume[i] += p.volume
            expectedPrice[i] = Self.clamped(Foundation.exp(fair[i]), lower: lowerLimit[i], upper: upperLimit[i])
            p.count = 0
            return
        }
        guard p.count > 0 else { return }
        if mechanics.lock[i] != 0, holdLock(i, &p, at: t0) {
            mechanics.low[i] = p.lastPrice
            mechanics.high[i] = p.lastPrice
            return
        }
        if let kind = p.sweepTrigger {
            // A large order reached a band before it was filled (`OrderSweep`): the call starts at that level.
            startVI(i, kind, triggerPrice: p.sweepPrice, volume: p.volume, at: t0)
            p.count = 0
            return
        }
        // After a sweep, the step's other trades are judged against the sweep's print.
        let reference = p.sweepQuantity > 0 ? p.sweepPrice : price[i]
        if let kind = VolatilityInterruption.trigger(price: p.lastPrice, staticReference: viReference[i], lastPrice: reference,
                                                     dynamicPermille: mechanics.dynamicBand[i]) {
            startVI(i, kind, triggerPrice: p.lastPrice, volume: p.volume, at: t0, dynamicReference: reference)
            p.count = 0
            return
        }
        if mechanics.lock[i] == 0, p.lastPrice >= upperLimit[i] || p.lastPrice <= lowerLimit[i] {
            startLock(i, up: p.lastPrice >= upperLimit[i], plan: &p, at: t0)
        }
        if isDetailedStep[i] { setTradeBounds(i, lastPrice: p.lastPrice, sweepPrice: p.sweepQuantity > 0 ? p.sweepPrice : 0) }
    }

    /// Intra-step trades of a watched stock stay strictly inside both VI bands (around the static
    /// reference and the step's opening price) and the limits, so no print reaches a VI threshold.
    @inline(__always)
    mutating func setTradeBounds(_ i: Int, lastPrice: Int, sweepPrice: Int = 0) {
        if mechanics.lock[i] != 0 {
            mechanics.low[i] = lastPrice
            mechanics.high[i] = lastPrice
            return
        }
        let staticBand = VolatilityInterruption.staticBandPermille, dynamicBand = mechanics.dynamicBand[i]
        var high = min(upperLimit[i], Self.insideBand(viReference[i], staticBand, up: true),
                       Self.insideBand(price[i], dynamicBand, up: true))
        var low = max(lowerLimit[i], Self.insideBand(viReference[i], staticBand, up: false),
                      Self.insideBand(price[i], dynamicBand, up: false))
        if sweepPrice > 0 {
            // The trades after a sweep stay inside the dynamic band of the sweep's print as well.
            high = min(high, Self.insideBand(sweepPrice, dynamicBand, up: true))
            low = max(low, Self.insideBand(sweepPrice, dynamicBand, up: false))
        }
        mechanics.low[i] = min(low, lastPrice)
        mechanics.high[i] = max(high, lastPrice)
    }

    /// The furthest valid price from `reference` that does not reach `band` per mille.
    static func insideBand(_ reference: Int, _ band: Int, up: Bool) -> Int {
        let edge = Double(reference) * Double(1000 + (up ? band : -band)) / 1000
        var p = up ? KRXRules.roundDown(edge) : KRXRules.roundUp(edge)
        while VolatilityInterruption.breaches(p, reference: reference, permille: band) {
            p = up ? KRXRules.nextTickDown(from: p) : KRXRules.nextTickUp(from: p)
        }
        return p
    }

    /// A VI: the stock leaves continuous trading for a 2-minute call plus a seeded extension ≤ 30 s.
    mutating func startVI(_ i: Int, _ kind: VIKind, triggerPrice: Int, volume: Int64, at t0: Double,
                          dynamicReference: Int? = nil) {
        let n = (mechanics.vi[i]?.count ?? 0) + 1
        mechanics.vi[i] = VIRecord(kind: kind, triggerTime: t0, releaseTime: nil, triggerPrice: triggerPrice,
                                   staticReference: viReference[i], dynamicReference: dynamicReference ?? price[i], count: n)
        // The extension comes from its own stream (stock, VI number): the same day gives the same VIs.
        var g = SeededGenerator(seed: SeededGenerator.mix(streamSeed[i], 0x5649_0000 &+ UInt64(n)))
        let extensionSeconds = Double(g.nextInt(below: VolatilityInterruption.maximumExtensionSeconds + 1))
        mechanics.phase[i] = .viAuction
        mechanics.auctionEnd[i] = t0 + VolatilityInterruption.auctionSeconds + extensionSeconds
        mechanics.auctionVolume[i] = volume
        expectedPrice[i] = triggerPrice
        mechanics.special.append(i)
        logOperation(.viTrigger, i, at: t0)
    }

    /// Ends a VI without a cross of its own (a session boundary took over).
    mutating func releaseVI(_ i: Int, at t: Double) {
        guard var record = mechanics.vi[i], record.releaseTime == nil else { return }
        record.releaseTime = t
        mechanics.vi[i] = record
        mechanics.phase[i] = .normal
        mechanics.episodes.append(PhaseEpisode(kind: Self.episodeKind(record.kind), code: universe.listings[i].code,
                                               start: record.triggerTime, end: t, price: record.triggerPrice,
                                               reference: record.staticReference))
        logOperation(.viRelease, i, at: t)
    }

    static func episodeKind(_ kind: VIKind) -> PhaseEpisode.Kind {
        switch kind {
        case .static: .viStatic
        case .dynamic: .viDynamic
        case .both: .viStaticDynamic
        }
    }

    /// The single-price cross that ends a VI or reopening auction: one print at the expected price
    /// with the accumulated volume; it becomes the static reference, and continuous trading resumes.
    mutating func crossOwnAuction(_ i: Int, at t0: Double, into trades: inout [MarketTrade]) {
        let wasVI = mechanics.phase[i] == .viAuction
        printCross(i, price: expectedPrice[i] > 0 ? expectedPrice[i] : price[i], quantity: max(1, mechanics.auctionVolume[i]),
                   at: t0, setsReference: true, into: &trades)
        mechanics.phase[i] = .normal
        mechanics.auctionVolume[i] = 0
        if wasVI { releaseVI(i, at: t0) }
    }

    /// Whether stock `i` takes part in a session cross now. A halted stock or one in its own call does
    /// not; an opening (static band around the base price) or closing (static band, and the closing
    /// dynamic band ±2 %/±4 % around the last trade) cross that would trigger a VI extends that stock's
    /// call instead, and it crosses when its VI auction ends.
    mutating func admitCross(_ i: Int, isOpening: Bool, at t0: Double) -> Bool {
        guard mechanics.phase[i] == .normal else { return false }
        let crossPrice = expectedPrice[i] == 0 ? price[i] : expectedPrice[i]
        // No dynamic band at the opening cross (its last trade is yesterday's close, already the static
        // reference): a band of 100.1 % can never be reached inside the ±30 % limits.
        let band = isOpening ? 1001 : VolatilityInterruption.dynamicBandPermille(
            isKOSPI200: universe.listings[i].isKOSPI200, inClosingAuction: true)
        let reference = isOpening ? previousClose[i] : viReference[i]
        guard let kind = VolatilityInterruption.trigger(price: crossPrice, staticReference: reference, lastPrice: price[i],
                                                        dynamicPermille: band) else { return true }
        startVI(i, kind, triggerPrice: crossPrice, volume: expectedVolume[i], at: t0)
        return false
    }

    /// Session boundaries (called before the session changes): a VI or reopening call still running
    /// when the closing call starts merges into it, and the end of the after-market releases VIs; locks
    /// end when trading does; the after-market's static reference is the close (the latest cross).
    mutating func mechanicsSessionChange(to next: MarketSession, at t0: Double) {
        if next == .closingAuction || session == .afterMarket {
            for i in mechanics.special where mechanics.phase[i].isAuction {
                if mechanics.phase[i] == .viAuction { releaseVI(i, at: t0) }
                mechanics.phase[i] = .normal
            }
            let phase = mechanics.phase
            mechanics.special.removeAll { phase[$0] == .normal }
        }
        if next == .closed {
            for i in 0..<count where mechanics.lock[i] != 0 { endLock(i, at: t0) }
        }
        if next == .afterMarket {
            for i in 0..<count where mechanics.phase[i] == .normal { viReference[i] = price[i] }
        }
    }

    /// The stock reached its limit: it locks, with the flow that got it there as the first queue.
    mutating func startLock(_ i: Int, up: Bool, plan p: inout StepPlan, at t0: Double) {
        mechanics.lock[i] = up ? 1 : -1
        mechanics.lockStart[i] = t0
        mechanics.queue[i] = p.volume
        p.lastPrice = up ? upperLimit[i] : lowerLimit[i]
    }

    /// How far below the limit (log price) the latent price must fall for a lock to break: by then
    /// sellers have eaten the queue and the price falls back. A modelling choice (2 %), see
    /// docs/krx-mechanics.md.
    static let lockBreakGap = Foundation.log(1.02)

    /// One step of a locked stock. While the latent price stays within `lockBreakGap` of the limit
    /// the lock holds: only a fifth of the usual flow trades, all at the limit, sellers hitting the
    /// queue (at an upper lock); buyers join the queue while the latent price sits at the limit and
    /// leave it as it sags. Once it falls further the lock breaks and the plan prints at its own
    /// price (`false`).
    mutating func holdLock(_ i: Int, _ p: inout StepPlan, at t0: Double) -> Bool {
        let up = mechanics.lock[i] > 0
        let gap = up ? logUpper[i] - p.newFair : p.newFair - logLower[i]
        guard gap < Self.lockBreakGap else {
            endLock(i, at: t0)
            return false
        }
        let planned = p.count
        p.count = planned / 5
        let traded = p.volume * Int64(p.count) / Int64(planned)
        mechanics.queue[i] = max(traded + 1, mechanics.queue[i] + (gap <= 0 ? p.volume : -p.volume) - traded)
        p.volume = traded
        p.lastPrice = up ? upperLimit[i] : lowerLimit[i]
        p.lastSide = up ? .sell : .buy
        p.buyShare = up ? 0 : 1
        return true
    }

    /// A lock ends (broken, or the session is over): its ground-truth episode.
    mutating func endLock(_ i: Int, at t: Double) {
        let up = mechanics.lock[i] > 0
        mechanics.episodes.append(PhaseEpisode(kind: up ? .upperLimitLock : .lowerLimitLock, code: universe.listings[i].code,
                                               start: mechanics.lockStart[i], end: t,
                                               price: up ? upperLimit[i] : lowerLimit[i], reference: previousClose[i]))
        mechanics.lock[i] = 0
        mechanics.queue[i] = 0
    }

    /// Appends an H0STMKO0-level notice for stock `i`.
    mutating func logOperation(_ kind: MarketOperation.Kind, _ i: Int, at t: Double) {
        let phase = mechanics.phase[i]
        mechanics.operations.append(MarketOperation(
            kind: kind, stockIndex: Int32(i), code: universe.listings[i].code, time: t, isHalted: phase == .halted,
            isVI: phase == .viAuction, viKind: kind == .viTrigger || kind == .viRelease ? mechanics.vi[i]?.kind : nil,
            statusCode: phase == .halted ? 58 : Int(mechanics.status[i]), session: session))
    }
}
