import Foundation

/// The latent information flow of each stock: the one hidden variable that drives both its trade
/// rate and its return variance (the mixture-of-distributions hypothesis: Clark 1973, Tauchen & Pitts
/// 1983, Andersen 1996). Sources and target ranges: docs/market-statistics.md.
///
/// The flow is log-normal with a multi-scale log: two Ornstein–Uhlenbeck components of the stock
/// (5 and 30 minutes) plus one of the whole market (1 hour), and rare news jumps that kick it up. A sum of OU processes over
/// several time scales is the usual cheap stand-in for the slowly decaying volatility autocorrelation
/// of Cont (2001, facts 6 and 8) and the multifractal models (Calvet & Fisher 2001; Bacry, Delour & Muzy 2001).
/// Mixing the Gaussian step over a log-normal variance is what makes 1-minute returns heavy-tailed
/// (fact 2), and a flow that lingers is what makes |returns| and activity cluster (facts 6, 8 and 10).
///
/// Normalised so that both multipliers have mean 1: a stock's average trade rate and daily variance
/// stay those of its listing. Each component starts the day from its stationary law (each stock has its own level today).
struct InformationFlow: Sendable {
    /// One OU component of log σ: its time constant and stationary standard deviation.
    struct Scale: Sendable {
        var timescale: Double
        var deviation: Double
    }

    static let fast = Scale(timescale: 300, deviation: 0.45)
    static let slow = Scale(timescale: 1_800, deviation: 0.50)
    static let market = Scale(timescale: 3_600, deviation: 0.30)
    /// The trade rate follows σ^rateExponent: volume varies less than variance.
    static let rateExponent = 0.75
    /// News jumps: per stock and continuous session on average, and their mean size as a fraction
    /// of the stock's daily σ (exponential sizes, either sign). After a jump the fast component
    /// is kicked up by `jumpKick` (log σ): volatility and trading flare after news.
    static let jumpsPerDay = 1.5
    static let jumpSize = 0.25
    static let jumpKick = 0.6

    private let fastDecay: Double, fastNoise: Double
    private let slowDecay: Double, slowNoise: Double
    private let marketDecay: Double, marketNoise: Double
    /// Variance of log σ over all three components: flow = exp(2 log σ − 2 × variance) has mean 1.
    private let logVariance: Double
    /// a²v / 2 for the rate exponent a.
    private let rateOffset: Double
    private(set) var fastLevel: [Double]
    private(set) var slowLevel: [Double]
    private(set) var marketLevel: Double

    /// A flow for `count` stocks, every component at 0 until `startStationary`.
    init(count: Int, stepSeconds: Double) {
        func decay(_ s: Scale) -> Double { Foundation.exp(-stepSeconds / s.timescale) }
        func noise(_ s: Scale) -> Double { s.deviation * (1 - decay(s) * decay(s)).squareRoot() }
        fastDecay = decay(Self.fast)
        fastNoise = noise(Self.fast)
        slowDecay = decay(Self.slow)
        slowNoise = noise(Self.slow)
        marketDecay = decay(Self.market)
        marketNoise = noise(Self.market)
        logVariance = [Self.fast, Self.slow, Self.market].map { $0.deviation * $0.deviation }.reduce(0, +)
        rateOffset = Self.rateExponent * Self.rateExponent * logVariance / 2
        fastLevel = Array(repeating: 0, count: count)
        slowLevel = fastLevel
        marketLevel = 0
    }

    /// Starts every component from its stationary law, drawing from each stock's own stream.
    mutating func startStationary(rng: inout [SeededGenerator], marketRNG: inout SeededGenerator) {
        for i in rng.indices {
            let (a, b) = rng[i].nextNormalPair()
            fastLevel[i] = Self.fast.deviation * a
            slowLevel[i] = Self.slow.deviation * b
        }
        marketLevel = Self.market.deviation * marketRNG.nextNormal()
    }

    /// Moves the market component one step (one draw of the market stream).
    @inline(__always)
    mutating func advanceMarket(_ z: Double) {
        marketLevel = marketDecay * marketLevel + marketNoise * z
    }

    /// The market component as a volatility multiplier for the common factors (mean square 1).
    var marketVolatility: Double {
        let v = Self.market.deviation * Self.market.deviation
        return Foundation.exp(marketLevel - v)
    }

    /// Moves stock `i` one step with two standard normals and returns its multipliers of the trade
    /// rate (σ^0.75, normalised) and of the variance (σ², normalised), both with mean 1. The rate varies
    /// less than the variance: Gillemot, Farmer & Lillo (2006) find volume explains only part of
    /// volatility.
    @inline(__always)
    mutating func advance(_ i: Int, _ z1: Double, _ z2: Double) -> (rate: Double, variance: Double) {
        let f = fastDecay * fastLevel[i] + fastNoise * z1
        let s = slowDecay * slowLevel[i] + slowNoise * z2
        fastLevel[i] = f
        slowLevel[i] = s
        let level = f + s + marketLevel
        // E[exp(aL)] = exp(a²v / 2) for L ~ N(0, v).
        return (Foundation.exp(Self.rateExponent * level - rateOffset), Foundation.exp(2 * level - 2 * logVariance))
    }

    /// A news jump on stock `i`: its fast component flares (the mean-1 normalisation ignores these
    /// rare kicks; they add a few percent to the day's variance and trades).
    @inline(__always)
    mutating func kick(_ i: Int) {
        fastLevel[i] += Self.jumpKick
    }
}
