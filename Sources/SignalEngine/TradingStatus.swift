import IPC

/// What one trade or quote says about a stock's KRX trading status (krx-rules.md): the daily
/// limits, the sign code, the KIS phase, a halt, a VI, the queues at the best prices. Every field is
/// optional: each feed carries a different subset (intstock-multprice rows have the limits, sign and
/// `hour_cls_code`; inquire-price has `temp_stop_yn` and `vi_cls_code`; H0STCNT0 has the sign,
/// `HOUR_CLS_CODE`, `TRHT_YN`, `VI_STND_PRC` and `MARKET_CLS_CODE`).
public struct StatusObservation: Sendable, Equatable {
    public var sign: Int?
    public var phase: String?
    public var upperLimit: Int?
    public var lowerLimit: Int?
    public var isHalted: Bool?
    public var isVIActive: Bool?
    public var staticReference: Int?
    public var marketClass: String?
    public var ask: Int?
    public var bid: Int?
    public var askQuantity: Int?
    public var bidQuantity: Int?

    public init(sign: Int? = nil, phase: String? = nil, upperLimit: Int? = nil, lowerLimit: Int? = nil, isHalted: Bool? = nil,
                isVIActive: Bool? = nil, staticReference: Int? = nil, marketClass: String? = nil, ask: Int? = nil,
                bid: Int? = nil, askQuantity: Int? = nil, bidQuantity: Int? = nil) {
        self.sign = sign; self.phase = phase; self.upperLimit = upperLimit; self.lowerLimit = lowerLimit
        self.isHalted = isHalted; self.isVIActive = isVIActive; self.staticReference = staticReference
        self.marketClass = marketClass; self.ask = ask; self.bid = bid
        self.askQuantity = askQuantity; self.bidQuantity = bidQuantity
    }

    public init(trade: Trade) {
        self.init(sign: trade.sign, phase: trade.phase, isHalted: trade.isHalted, staticReference: trade.viReferencePrice,
                  marketClass: trade.marketClass, ask: trade.ask > 0 ? trade.ask : nil, bid: trade.bid > 0 ? trade.bid : nil,
                  askQuantity: trade.askQuantity, bidQuantity: trade.bidQuantity)
    }

    public init(quote: Quote) {
        self.init(sign: quote.sign, phase: quote.phase, upperLimit: quote.upperLimit, lowerLimit: quote.lowerLimit,
                  isHalted: quote.isHalted, isVIActive: quote.isVIActive, ask: quote.ask, bid: quote.bid,
                  askQuantity: quote.askQuantity, bidQuantity: quote.bidQuantity)
    }
}

/// A stock's KRX trading status today, folded from observations and the poller's VI list: the
/// limits, the latest VI, the latest limit lock, a halt. The rules (`VIRule`, `LimitRule`,
/// `HaltRule`) read it; it decides nothing itself.
public struct TradingStatus: Sendable, Codable, Equatable {
    /// krx-rules.md: a VI is a 2-minute single-price auction (plus up to 30 s), so no release is
    /// believed earlier than this after the trigger.
    public static let minimumAuctionSeconds: Double = 120
    /// krx-rules.md: static VI at ±10 % from the static reference; anything less is a dynamic one.
    public static let staticVIPercent = 10.0
    /// How long after a resumption a call auction is the reopening one (10 minutes, with slack).
    public static let reopeningAuctionSeconds: Double = 15 * 60

    public enum VIKind: String, Codable, Sendable { case `static`, dynamic }

    /// One VI: triggered, and perhaps released with a resolved price.
    public struct VI: Sendable, Codable, Equatable {
        /// Counts the stock's VIs today (1, 2, …): tells one VI's findings from the next one's.
        public var serial: Int
        public var kind: VIKind
        public var direction: SignalDirection
        public var referencePrice: Int
        public var triggerPrice: Int
        public var triggeredAt: Double
        public var releasedAt: Double?
        /// The first price after the release: the auction's cross.
        public var resolvedPrice: Int?
        public var isActive: Bool { releasedAt == nil }
    }

    /// A price pinned at a daily limit, then perhaps broken.
    public struct Lock: Sendable, Codable, Equatable {
        public var serial: Int
        /// `up` at the upper limit (상한가), `down` at the lower (하한가).
        public var side: SignalDirection
        public var limit: Int
        public var since: Double
        /// Shares queued at the limit when last seen.
        public var queue: Int?
        public var unlockedAt: Double?
        public var unlockPrice: Int?
    }

    public private(set) var upperLimit: Int?
    public private(set) var lowerLimit: Int?
    public private(set) var staticReference: Int?
    public private(set) var marketClass: String?
    public private(set) var vi: VI?
    public private(set) var lock: Lock?
    public private(set) var isHalted = false
    public private(set) var haltSerial = 0
    public private(set) var haltedAt: Double?
    public private(set) var resumedAt: Double?
    public private(set) var priceBeforeHalt: Int?
    /// The VI list said released; the next price is the resolved one.
    private var releasePendingAt: Double?

    public init() {}

    /// Folds in an observation at market time `time`: `price` is its price (0: none), `previousPrice`
    /// the stock's last price before it.
    /// `open` is the day's open, the static reference after the opening cross when the feed does not
    /// give one (krx-rules.md: the latest single-price cross — the open, or a VI auction's end).
    public mutating func apply(_ observation: StatusObservation, price: Int, previousPrice: Int?, open: Int? = nil, at time: Double) {
        if let upper = observation.upperLimit, upper > 0 { upperLimit = upper }
        if let lower = observation.lowerLimit, lower > 0 { lowerLimit = lower }
        if let reference = observation.staticReference, reference > 0 { staticReference = reference }
        if let market = observation.marketClass, !market.isEmpty { marketClass = market }
        applyHalt(observation.isHalted, previousPrice: previousPrice, at: time)
        applyVI(observation, price: price, previousPrice: previousPrice, open: open, at: time)
        if price > 0, !isHalted, vi?.isActive != true { applyLimit(observation, price: price, at: time) }
    }

    /// Folds in one row of the whole-market VI list, its KIS times already turned into market time.
    public mutating func apply(_ event: VIEvent, triggeredAt: Double, releasedAt: Double?) {
        let kind: VIKind = event.kind == "dynamic" ? .dynamic : .static
        let direction: SignalDirection = event.triggerPrice >= event.referencePrice ? .up : .down
        // Rows of one VI agree on the trigger time to the second; a few seconds of slack covers a
        // trigger first seen on the tape.
        let isSame = vi.map { abs($0.triggeredAt - triggeredAt) <= 5 } ?? false
        if event.isActive {
            if isSame, var current = vi {
                // The list is the exchange's word on kind and prices: adopt it, keep the serial.
                current.kind = kind; current.direction = direction
                current.referencePrice = event.referencePrice; current.triggerPrice = event.triggerPrice
                vi = current
            } else if vi.map({ triggeredAt > $0.triggeredAt }) ?? true {
                vi = VI(serial: (vi?.serial ?? 0) + 1, kind: kind, direction: direction, referencePrice: event.referencePrice,
                        triggerPrice: event.triggerPrice, triggeredAt: triggeredAt)
                releasePendingAt = nil
            }
        } else if isSame, vi?.isActive == true, let releasedAt {
            // The resolved price is the next one seen; the one at hand predates the release.
            releasePendingAt = releasedAt
        }
    }

    private mutating func applyHalt(_ halted: Bool?, previousPrice: Int?, at time: Double) {
        guard let halted, halted != isHalted else { return }
        isHalted = halted
        if halted {
            haltSerial += 1; haltedAt = time; resumedAt = nil; priceBeforeHalt = previousPrice
        } else {
            resumedAt = time
        }
    }

    private mutating func applyVI(_ observation: StatusObservation, price: Int, previousPrice: Int?, open: Int?, at time: Double) {
        guard price > 0 else { return }
        if let pending = releasePendingAt, var current = vi, current.isActive {
            current.releasedAt = pending; current.resolvedPrice = price
            vi = current; releasePendingAt = nil
            return
        }
        let inAuction = observation.phase == "C" || observation.isVIActive == true
        let continuous = observation.phase == "0" || observation.isVIActive == false
        if inAuction {
            if let current = vi, current.isActive || time - (current.releasedAt ?? time) < 5 { return }
            // A halted stock reopens by a call auction of its own (up to 10 minutes), not a VI.
            if isHalted || resumedAt.map({ time - $0 < Self.reopeningAuctionSeconds }) == true { return }
            start(price: price, previousPrice: previousPrice, staticReference: staticReference ?? vi?.resolvedPrice ?? open, at: time)
        } else if continuous, var current = vi, current.isActive, time - current.triggeredAt >= Self.minimumAuctionSeconds {
            current.releasedAt = time; current.resolvedPrice = price
            vi = current
        }
    }

    /// A VI seen on the tape (phase `C`): static when the price is ±10 % from the static reference,
    /// else dynamic against the last trade before it.
    private mutating func start(price: Int, previousPrice: Int?, staticReference: Int?, at time: Double) {
        var kind = VIKind.dynamic
        var reference = previousPrice ?? price
        if let base = staticReference, base > 0, abs(Double(price - base)) / Double(base) * 100 >= Self.staticVIPercent - 0.05 {
            kind = .static; reference = base
        }
        vi = VI(serial: (vi?.serial ?? 0) + 1, kind: kind, direction: price >= reference ? .up : .down,
                referencePrice: reference, triggerPrice: price, triggeredAt: time)
    }

    /// Locked: at a limit (sign `1`/`4`, or the price equal to the limit) with the best price on the
    /// limit's side at the limit too, when known. Unlocked: off the limit after a lock.
    private mutating func applyLimit(_ observation: StatusObservation, price: Int, at time: Double) {
        let atUpper = observation.sign == 1 || (upperLimit.map { price >= $0 } ?? false)
        let atLower = observation.sign == 4 || (lowerLimit.map { price <= $0 } ?? false)
        if atUpper || atLower {
            let side: SignalDirection = atUpper ? .up : .down
            let limit = (atUpper ? upperLimit : lowerLimit) ?? price
            // The queue is on the bid side at the upper limit (sellers gone), the ask side at the lower.
            let queuePrice = atUpper ? observation.bid : observation.ask
            if let queuePrice, queuePrice != limit { return }
            let queue = atUpper ? observation.bidQuantity : observation.askQuantity
            if var current = lock, current.unlockedAt == nil, current.side == side {
                if let queue { current.queue = queue }
                lock = current
            } else {
                lock = Lock(serial: (lock?.serial ?? 0) + 1, side: side, limit: limit, since: time, queue: queue)
            }
        } else if var current = lock, current.unlockedAt == nil {
            current.unlockedAt = time; current.unlockPrice = price
            lock = current
        }
    }
}
