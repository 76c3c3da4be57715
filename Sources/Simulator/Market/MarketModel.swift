import Foundation

/// The deterministic KRX market of kis-sim: prices, volumes, auctions, order books and indices for
/// the whole universe, driven by a market time the caller supplies (the model never reads a clock).
///
/// ## How it moves
/// Each stock has a latent fair log-price: a random walk (a beta to one market factor, a sector
/// factor, a theme factor for theme members, its own shock) plus the drift of any active event or
/// theme burst, clamped to the ±30 % limits. Trades arrive as a self-exciting (Hawkes) count per step
/// with baseline rate `activity × U-curve(t) × event multiplier × information flow`; the variance of
/// the stock's own shock follows the same rate (U-curve × flow × excitation), as in the
/// mixture-of-distributions view of returns and volume (`InformationFlow`, `SelfExcitation`,
/// `FactorModel`, `MarketThemes`; targets in docs/market-statistics.md). A trade prints at the fair
/// price rounded to the tick grid. Now and then one of a step's orders is larger than the published
/// book (a power-law size tail) and sweeps it level by level, possibly into a VI band
/// (`OrderSweep`, `OrderBookDepth`, `MarketModel+Sweeps`); the book it walks is the one `orderBook` shows. The opening auction (08:30–09:00) and the closing auction (15:20–15:30)
/// move only the expected price and volume; each crosses once, at 09:00 and 15:30.
///
/// ## Performance: fixed steps, aggregate unless watched
/// State is a struct of arrays indexed by stock (no per-stock objects), codes map to indices once.
/// Time advances on a fixed grid of `stepSeconds` (1 s by default). For every stock and step the
/// model draws, from that stock's own random stream, the trade count, the total volume, the new fair
/// price and the last trade's side: the *step plan*. Unwatched stocks apply the plan in aggregate at
/// the step's end: a handful of random draws per stock-second. Watched stocks expand the same plan
/// into individual trades (times, sizes summing to the planned volume, prices on a bridge between the
/// two fair prices, ending on the planned last price) using a throwaway stream derived from
/// (stock, step), and release them as the caller's time passes them. So which stocks are watched, and
/// how the caller slices time, never changes any stock's step-end price or volume: the same seed gives
/// the same market. (Watching adds intra-step detail only: extremes between step ends can enter the
/// day's high and low.) Trades go into a caller-owned array; nothing is allocated per trade.
/// Measured in release (`MarketBenchmark`): the full universe at speed 10 with 40 watched stocks
/// (~4,000 trades per real second at the open) uses about 0.6 % of a core (0.4 % before the information
/// flow, self-excitation and factors; `./run bench sim`).
public struct MarketModel: Sendable {
    public let configuration: SimulationConfiguration
    public let universe: SimulatedUniverse
    public let schedule: EventSchedule
    public let profile: IntradayProfile
    /// The market time reached by the last `advance` (seconds since midnight KST).
    public internal(set) var now: Double = 0
    /// The session of the current step.
    public internal(set) var session: MarketSession = .closed

    // Static per-stock facts.
    let count: Int
    let stepSeconds: Double
    let rootStep: Double
    /// Fraction of the gap to the overnight target the expected open closes per step (time constant 5 min).
    let auctionPull: Double
    var previousClose: [Int] = []
    var upperLimit: [Int] = []
    var lowerLimit: [Int] = []
    var logUpper: [Double] = []
    var logLower: [Double] = []
    var activity: [Double] = []
    var meanSize: [Double] = []
    var sigma: [Double] = []
    var beta: [Double] = []
    var shares: [Double] = []
    var averageDailyVolume: [Int64] = []
    var previousDayVolume: [Int64] = []
    var streamSeed: [UInt64] = []
    var logPreviousClose: [Double] = []
    var membership: [UInt8] = []
    /// The resting book's depth scale in shares (`OrderBookDepth`), the order size beyond which an
    /// order sweeps past the published 10 levels, the chance per trade of such an order, and the share
    /// of volume the ordinary trades carry (the rest is in the sweeps' tail).
    var bookScale: [Double] = []
    var sweepThreshold: [Double] = []
    var sweepChance: [Double] = []
    var ordinaryVolumeShare: [Double] = []

    // Moving per-stock state.
    var rng: [SeededGenerator] = []
    var fair: [Double] = []
    var price: [Int] = []
    var open: [Int] = []
    var high: [Int] = []
    var low: [Int] = []
    var openTime: [Double] = []
    var highTime: [Double] = []
    var lowTime: [Double] = []
    var bestAsk: [Int] = []
    var bestBid: [Int] = []
    var volume: [Int64] = []
    var amount: [Int64] = []
    var buyVolume: [Int64] = []
    var sellVolume: [Int64] = []
    var buyCount: [Int32] = []
    var sellCount: [Int32] = []
    var expectedPrice: [Int] = []
    var expectedVolume: [Int64] = []
    var viReference: [Int] = []
    var overnightShift: [Double] = []
    var auctionBoost: [Double] = []
    var rateMultiplier: [Double] = []
    var sizeMultiplier: [Double] = []
    var drift: [Double] = []
    var isWatched: [Bool] = []
    var isDetailedStep: [Bool] = []
    var watchedIndices: [Int] = []
    /// When each stock's book was last swept, and which side (+1 the asks, −1 the bids, 0 never).
    var sweptAt: [Double] = []
    var sweptSide: [Int8] = []

    // Step machinery.
    var step = 0
    var marketRNG: SeededGenerator
    var marketShock = 0.0
    var marketSigma = 0.0
    var effects: [EventEffect] = []
    var nextEffect = 0
    var activeEffects: [ActiveEffect] = []
    var pending: [PendingTrade] = []
    var pendingCursor = 0
    var scratchTimes: [Double] = []
    var scratchWeights: [Double] = []
    var indexTrackers: [IndexTracker] = []
    /// VI auctions, limit locks, halts, statuses (`MarketModel+Mechanics`).
    var mechanics = KRXMechanics()

    // The statistics of a real market (docs/market-statistics.md).
    /// The day's themes: public membership, bursts when in play.
    public let themes: MarketThemes
    var flow: InformationFlow
    var excitation: SelfExcitation
    var factors: FactorModel
    /// The U-curve at the middle of the current continuous step (trade rate and variance follow it).
    var stepIntensity = 0.0
    /// Probability of a news jump per stock and step, and each stock's daily σ (the jump's scale).
    let jumpChance: Double
    var dailySigma: [Double] = []

    /// Generates the universe and the event schedule from the configuration, then opens the day at 00:00.
    public init(configuration: SimulationConfiguration = SimulationConfiguration()) {
        let universe = SimulatedUniverse(seed: configuration.seed, scale: configuration.universeScale)
        self.init(universe: universe, schedule: EventSchedule(universe: universe, configuration: configuration),
                  configuration: configuration)
    }

    /// A model over a given universe and schedule (tests plant hand-made events this way); `mechanics`
    /// replaces the halts, statuses and limit runs drawn from the configuration.
    public init(universe: SimulatedUniverse, schedule: EventSchedule, configuration: SimulationConfiguration,
                mechanics: MechanicsSchedule? = nil) {
        precondition(configuration.stepSeconds > 0 && (600 / configuration.stepSeconds).rounded() == 600 / configuration.stepSeconds,
                     "stepSeconds must divide 600")
        self.configuration = configuration
        self.universe = universe
        self.schedule = schedule
        self.profile = IntradayProfile()
        count = universe.count
        stepSeconds = configuration.stepSeconds
        rootStep = configuration.stepSeconds.squareRoot()
        auctionPull = 1 - Foundation.exp(-configuration.stepSeconds / 300)
        marketRNG = SeededGenerator(seed: configuration.seed, stream: 0x4D41_524B_4554)  // "MARKET"
        marketSigma = configuration.marketVolatility / KRXRules.continuousLength.squareRoot()
        themes = MarketThemes(universe: universe, seed: configuration.seed)
        flow = InformationFlow(count: universe.count, stepSeconds: configuration.stepSeconds)
        excitation = SelfExcitation(count: universe.count, stepSeconds: configuration.stepSeconds)
        factors = FactorModel(universe: universe, themes: themes, seed: configuration.seed)
        jumpChance = InformationFlow.jumpsPerDay * configuration.stepSeconds / KRXRules.continuousLength
        dailySigma = universe.listings.map(\.dailyVolatility)
        setUpStocks()
        setUpOvernight()
        flow.startStationary(rng: &rng, marketRNG: &marketRNG)
        effects = (Self.effects(for: schedule, universe: universe, seed: configuration.seed)
                   + themes.burstEffects(seed: configuration.seed)).sorted { ($0.start, $0.stock, $0.end, $0.drift) < ($1.start, $1.stock, $1.end, $1.drift) }
        setUpMechanics(mechanics)
        setUpIndices()
    }

    /// The trading date of the simulated day.
    public var tradingDate: TradingDate { configuration.tradingDate }

    /// The codes whose trades `advance` reports, in universe order.
    public var watchedCodes: [String] { watchedIndices.map { universe.listings[$0].code } }

    /// Replaces the watched set (the stocks with WebSocket subscriptions); unknown codes are ignored.
    /// Takes effect from the next step; a step already expanded keeps reporting its trades.
    public mutating func watch<S: Sequence>(_ codes: S) where S.Element == String {
        for i in watchedIndices { isWatched[i] = false }
        for code in codes { if let i = universe.index(of: code) { isWatched[i] = true } }
        watchedIndices = isWatched.indices.filter { isWatched[$0] }
    }

    /// Moves the market to time `t` and returns the trades of watched stocks in between, in time order.
    public mutating func advance(to t: Double) -> [MarketTrade] {
        var trades: [MarketTrade] = []
        advance(to: t, into: &trades)
        return trades
    }

    /// Moves the market to time `t`, appending the watched stocks' trades to `trades` (reuse the array
    /// across calls to avoid allocation). Times at or before `now` do nothing.
    public mutating func advance(to t: Double, into trades: inout [MarketTrade]) {
        guard t > now else { return }
        while true {
            releasePending(upTo: t, into: &trades)
            if Double(step + 1) * stepSeconds > t { break }
            finishStep()
            step += 1
            beginStep(into: &trades)
        }
        now = t
    }

    /// Index of a code in the universe.
    public func index(of code: String) -> Int? { universe.index(of: code) }

    private mutating func setUpStocks() {
        let listings = universe.listings
        let continuousShare = profile.continuousShare
        for (i, l) in listings.enumerated() {
            previousClose.append(l.previousClose)
            upperLimit.append(l.upperLimit)
            lowerLimit.append(l.lowerLimit)
            logUpper.append(Foundation.log(Double(l.upperLimit)))
            logLower.append(Foundation.log(Double(l.lowerLimit)))
            activity.append(l.activity)
            meanSize.append(max(1, Double(l.averageDailyVolume) * continuousShare / (l.activity * KRXRules.continuousLength)))
            let scale = OrderBookDepth.scale(meanTradeSize: meanSize[i], capitalization: l.marketCapitalization)
            let threshold = OrderBookDepth.expectedDepth(scale: scale, levels: 10)
            bookScale.append(scale)
            sweepThreshold.append(threshold)
            sweepChance.append(OrderSweep.exceedance(threshold / meanSize[i]))
            ordinaryVolumeShare.append(1 - OrderSweep.volumeShare(above: threshold / meanSize[i]))
            sigma.append(l.dailyVolatility / KRXRules.continuousLength.squareRoot())
            beta.append(l.beta)
            shares.append(Double(l.listedShares))
            averageDailyVolume.append(l.averageDailyVolume)
            previousDayVolume.append(l.previousDayVolume)
            // Keyed by code, so a stock's stream does not depend on its position in the universe.
            let seed = SeededGenerator.mix(configuration.seed, 0x5354_4F43_4B00 ^ (UInt64(l.code) ?? UInt64(i)))
            streamSeed.append(seed)
            rng.append(SeededGenerator(seed: seed))
            logPreviousClose.append(Foundation.log(Double(l.previousClose)))
            fair.append(logPreviousClose[i])
            price.append(l.previousClose)
            bestAsk.append(KRXRules.nextTickUp(from: l.previousClose))
            bestBid.append(l.previousClose)
            viReference.append(l.previousClose)
        }
        open = Array(repeating: 0, count: count)
        high = open
        low = open
        expectedPrice = open
        openTime = Array(repeating: 0, count: count)
        highTime = openTime
        lowTime = openTime
        volume = Array(repeating: 0, count: count)
        amount = volume
        buyVolume = volume
        sellVolume = volume
        expectedVolume = volume
        buyCount = Array(repeating: 0, count: count)
        sellCount = buyCount
        rateMultiplier = Array(repeating: 1, count: count)
        sizeMultiplier = rateMultiplier
        auctionBoost = rateMultiplier
        drift = Array(repeating: 0, count: count)
        isWatched = Array(repeating: false, count: count)
        isDetailedStep = isWatched
        sweptAt = Array(repeating: -.infinity, count: count)
        sweptSide = Array(repeating: 0, count: count)
    }

    /// Overnight moves: small for everyone (kept under ±2.8 % so only planted gaps look like gaps),
    /// the planted gap exactly for gap stocks.
    private mutating func setUpOvernight() {
        let marketMove = min(0.01, max(-0.01, 0.004 * marketRNG.nextNormal()))
        overnightShift = Array(repeating: 0, count: count)
        for i in 0..<count {
            let own = 0.008 * rng[i].nextNormal()
            overnightShift[i] = min(0.028, max(-0.028, own + beta[i] * marketMove))
        }
        for event in schedule.events where event.kind == .openingGap {
            guard let i = universe.index(of: event.code) else { continue }
            overnightShift[i] = Foundation.log(1 + event.magnitude / 100)
            auctionBoost[i] = 1 + 0.25 * abs(event.magnitude)
        }
    }
}
