import IPC

/// What the hazard needs beyond `StockActivity`, per stock, plus the online model, the examples
/// waiting for their label and the calibration. Lives in `AllocatorState`; pure values throughout.
///
/// Learning: every `sampleSeconds` each stock with data stores its features; `horizonSeconds`
/// later the example is labelled by whether a signal for that stock was heard in between, the
/// model takes one SGD step, and the calibration records the prediction against the outcome.
public struct HazardTracker: Sendable {
    struct VolumeSample: Sendable { var time: Double; var volume: Int }

    struct Track: Sendable {
        var volumes: [VolumeSample] = []
        var high = 0, low = 0, open = 0, previousClose = 0
        var viReference: Int?
        var rankingStrength = 0.0, rankingAt = -Double.infinity
        var rankingClimb = 0.0
        var tradeWindowStart = -Double.infinity, tradesInWindow = 0, tradesPerSecond: Double?
        var bookImbalance: Double?, spreadBasisPoints: Double?, wsAt = -Double.infinity
        var signalTimes: [Double] = []
        var signalCount = 0
    }

    /// The examples stored at one sampling instant (one time, one window), waiting for their label:
    /// the stocks' positions, their feature vectors one after another (`HazardFeatures.count`
    /// each) and the predictions made then.
    struct Batch: Sendable {
        var time: Double
        var window: String
        var indices: [Int] = []
        var features: [Double] = []
        /// The base model's log-odds then (the recalibration learns from them) and the chance shown.
        var logits: [Double] = []
        var predicted: [Double] = []
    }

    var tracks: [Track] = []
    public internal(set) var model: HazardModel
    public internal(set) var calibration = HazardCalibration()
    var pending: [Batch] = []
    /// Examples waiting for their label.
    public var pendingCount: Int { pending.reduce(0) { $0 + $1.indices.count } }
    var lastSampleAt = -Double.infinity

    static let volumeHistorySeconds = 300.0
    static let recentPaceSeconds = 120.0
    /// WebSocket figures older than this are not trusted (the stock probably lost its slot).
    static let websocketFreshSeconds = 30.0

    public init(model: HazardModel) { self.model = model }

    mutating func track(_ index: Int) -> Int {
        if index >= tracks.count { tracks.append(contentsOf: repeatElement(Track(), count: index + 1 - tracks.count)) }
        return index
    }

    // MARK: Observations

    mutating func observe(_ quote: Quote, index: Int, now: Double) {
        let i = track(index)
        tracks[i].high = quote.high; tracks[i].low = quote.low; tracks[i].open = quote.open
        if quote.previousClose > 0 { tracks[i].previousClose = quote.previousClose }
        recordVolume(quote.cumulativeVolume, index: i, now: now)
    }

    mutating func observe(_ trade: Trade, index: Int, now: Double) {
        let i = track(index)
        tracks[i].high = trade.high; tracks[i].low = trade.low; tracks[i].open = trade.open
        if let reference = trade.viReferencePrice, reference > 0 { tracks[i].viReference = reference }
        recordVolume(trade.cumulativeVolume, index: i, now: now)
        // Trades per second over windows of at least 10 market seconds.
        if now - tracks[i].tradeWindowStart >= 10 {
            if tracks[i].tradeWindowStart.isFinite {
                tracks[i].tradesPerSecond = Double(tracks[i].tradesInWindow) / (now - tracks[i].tradeWindowStart)
            }
            tracks[i].tradeWindowStart = now
            tracks[i].tradesInWindow = 0
        }
        tracks[i].tradesInWindow += 1
        if trade.ask > 0, trade.bid > 0 {
            tracks[i].spreadBasisPoints = Double(trade.ask - trade.bid) / Double(trade.bid) * 10_000
        }
        tracks[i].wsAt = now
    }

    mutating func observe(_ book: OrderBook, index: Int, now: Double) {
        let i = track(index)
        let total = book.totalBidQuantity + book.totalAskQuantity
        if total > 0 { tracks[i].bookImbalance = Double(book.totalBidQuantity - book.totalAskQuantity) / Double(total) }
        if let ask = book.asks.first?.price, let bid = book.bids.first?.price, ask > 0, bid > 0 {
            tracks[i].spreadBasisPoints = Double(ask - bid) / Double(bid) * 10_000
        }
        tracks[i].wsAt = now
    }

    /// A ranking sighting of `strength` (1 = top row): the climb is the strength gained per minute.
    mutating func observeRanking(strength: Double, index: Int, now: Double) {
        let i = track(index)
        let elapsed = now - tracks[i].rankingAt
        if elapsed >= 30 {
            tracks[i].rankingClimb = elapsed <= 600 ? max(0, strength - tracks[i].rankingStrength) / (elapsed / 60) : strength
            tracks[i].rankingStrength = strength
            tracks[i].rankingAt = now
        } else if strength > tracks[i].rankingStrength {
            tracks[i].rankingStrength = strength
        }
    }

    /// A signal of any kind was heard for the stock: the label for its stored examples.
    mutating func signalFired(index: Int, now: Double) {
        let i = track(index)
        tracks[i].signalTimes.append(now)
        if tracks[i].signalTimes.count > 32 { tracks[i].signalTimes.removeFirst() }
        tracks[i].signalCount += 1
    }

    private mutating func recordVolume(_ volume: Int, index i: Int, now: Double) {
        guard volume > 0 else { return }
        if let last = tracks[i].volumes.last, now - last.time < 10 {
            tracks[i].volumes[tracks[i].volumes.count - 1].volume = max(last.volume, volume)
        } else {
            tracks[i].volumes.append(VolumeSample(time: now, volume: volume))
        }
        while let first = tracks[i].volumes.first, now - first.time > Self.volumeHistorySeconds { tracks[i].volumes.removeFirst() }
    }

    // MARK: Features

    /// The figures one decision computes once over the universe: per sector (by
    /// `StockUniverse.sectorIDs`) the stocks and those with a signal within `window` seconds before
    /// `now`, for the co-movement feature; per stock today's volume over the previous day's whole,
    /// and the market's median of it, for the volume against the same time of day (`SameTimeVolume`).
    struct SectorContext {
        var size: [Int] = []
        var fired: [Int] = []
        var firedRecently: [Bool] = []
        /// By universe position: `SameTimeVolume.ratio`, 0 when unknown.
        var volumeRatio: [Double] = []
        var marketVolumeShare: Double?
    }

    func sectorContext(_ universe: StockUniverse, now: Double, window: Double) -> SectorContext {
        var context = SectorContext()
        context.size = [Int](repeating: 0, count: universe.sectorCount)
        context.fired = context.size
        context.firedRecently = [Bool](repeating: false, count: universe.count)
        context.volumeRatio = [Double](repeating: 0, count: universe.count)
        let sectors = universe.sectorIDs
        for i in 0..<universe.count {
            context.size[sectors[i]] += 1
            guard i < tracks.count else { continue }
            if let last = tracks[i].signalTimes.last, now - last <= window, last <= now {
                context.firedRecently[i] = true
                context.fired[sectors[i]] += 1
            }
            if let volume = tracks[i].volumes.last?.volume {
                context.volumeRatio[i] = SameTimeVolume.ratio(cumulative: volume, previousDay: universe.stocks[i].previousDayVolume)
            }
        }
        context.marketVolumeShare = SameTimeVolume.marketShare(context.volumeRatio)
        return context
    }

    /// The raw inputs of stock `i` at market time `now`.
    /// `sector` is the stock's `StockUniverse.sectorIDs` entry.
    func inputs(_ i: Int, activity: StockActivity, sector: Int, context: SectorContext, now: Double) -> HazardInputs {
        var x = HazardInputs()
        x.changeRate = activity.changeRate
        x.momentum1m = activity.momentum(over: 60, now: now)
        x.momentum5m = activity.momentum(over: 300, now: now)
        x.relativeVolume = activity.relativeVolume
        if now - activity.rankingSeenAt <= 300 { x.rankingStrength = activity.rankingStrength }
        let others = (sector < context.size.count ? context.size[sector] : 1) - 1
        if others > 0 {
            let mates = context.fired[sector] - (i < context.firedRecently.count && context.firedRecently[i] ? 1 : 0)
            x.sectorFiredShare = Double(mates) / Double(others)
        }
        guard i < tracks.count else { return x }
        let t = tracks[i]
        // Volume against the same time yesterday: KIS's own figure while the stock's WebSocket feed
        // is fresh (a holder's trades carry it), else the estimate from the sweep's volume and the
        // master file's (the multi-price row has no previous-day figure), else the last figure had.
        if activity.relativeVolume == nil || now - t.wsAt > Self.websocketFreshSeconds, i < context.volumeRatio.count,
           let estimate = SameTimeVolume.relative(ratio: context.volumeRatio[i], marketShare: context.marketVolumeShare) {
            x.relativeVolume = estimate
        }
        x.recentVolumePace = Self.recentPace(t.volumes, now: now)
        let price = activity.price
        if price > 0, t.high > 0, t.low > 0 {
            x.rangePosition = t.high > t.low ? Double(price - t.low) / Double(t.high - t.low) : 0.5
        }
        // Static VI: ±10 % of the reference (the last single-price auction); the trade feed gives
        // it, else the open (the opening auction's price) stands in, else the previous close.
        let reference = t.viReference ?? (t.open > 0 ? t.open : (t.previousClose > 0 ? t.previousClose : activity.previousClose))
        if price > 0, reference > 0 {
            let distance = min(abs(Double(reference) * 1.1 - Double(price)), abs(Double(price) - Double(reference) * 0.9))
            x.distanceToVIPercent = distance / Double(price) * 100
        }
        let close = t.previousClose > 0 ? t.previousClose : activity.previousClose
        if price > 0, close > 0 {
            let distance = min(abs(Double(close) * 1.3 - Double(price)), abs(Double(price) - Double(close) * 0.7))
            x.distanceToLimitPercent = distance / Double(price) * 100
        }
        if now - t.rankingAt <= 600 { x.rankingClimbPerMinute = t.rankingClimb }
        if now - t.wsAt <= Self.websocketFreshSeconds {
            x.tradesPerSecond = t.tradesPerSecond
            x.bookImbalance = t.bookImbalance
            x.spreadBasisPoints = t.spreadBasisPoints
        }
        if let last = t.signalTimes.last, last <= now { x.secondsSinceSignal = now - last }
        x.signalCount = t.signalCount
        return x
    }

    /// Volume per second over the last `recentPaceSeconds` against the average over the held history.
    static func recentPace(_ volumes: [VolumeSample], now: Double) -> Double? {
        guard let first = volumes.first, let last = volumes.last, last.time - first.time >= 30 else { return nil }
        let reference = volumes.last { last.time - $0.time >= recentPaceSeconds } ?? first
        guard reference.time > first.time else {
            // Less history than the recent span: compare the last half with the first half.
            let middle = volumes.min { abs($0.time - (first.time + last.time) / 2) < abs($1.time - (first.time + last.time) / 2) } ?? first
            guard middle.time > first.time, last.time > middle.time else { return nil }
            let early = Double(middle.volume - first.volume) / (middle.time - first.time)
            let late = Double(last.volume - middle.volume) / (last.time - middle.time)
            return early > 0 ? late / early : nil
        }
        let older = Double(reference.volume - first.volume) / (reference.time - first.time)
        let recent = Double(last.volume - reference.volume) / (last.time - reference.time)
        return older > 0 ? recent / older : nil
    }
}
