import Foundation

/// Self-exciting trade arrivals: a discrete-time Hawkes process per stock (Hawkes 1971; for markets,
/// Bacry, Mastromatteo & Muzy 2015). Every trade raises the stock's own trade rate for a while, so
/// trades cluster and a busy stretch tends to stay busy. Sources: docs/market-statistics.md.
///
/// The kernel is a sum of three exponentials (10 s, 2 min, 20 min), a cheap stand-in for the slowly
/// decaying (power-law) kernels those studies estimate, with a total branching ratio of 0.8: the
/// share of trades triggered by earlier trades rather than arriving from outside. Estimates on
/// futures and stocks range from about 0.7 (Filimonov & Sornette 2012) to near 1 (Hardiman, Bercot &
/// Bouchaud 2013); 0.8 stays safely subcritical over a day.
///
/// It runs in "intrinsic time": the count of a step is measured against the rate expected from the
/// stock's listing, the U-curve, any event and its information flow, so the excitation is a pure
/// multiplier with mean 1 and neither events nor the open feed back into themselves.
struct SelfExcitation: Sendable {
    /// One exponential part of the kernel: its time constant and its share of the branching ratio.
    struct Kernel: Sendable {
        var timescale: Double
        var branching: Double
    }

    static let kernels = [Kernel(timescale: 10, branching: 0.35), Kernel(timescale: 120, branching: 0.25),
                          Kernel(timescale: 1_200, branching: 0.20)]
    /// The total branching ratio (0.8).
    static var branching: Double { kernels.map(\.branching).reduce(0, +) }

    private let decay: (Double, Double, Double)
    private let gain: (Double, Double, Double)
    private let immigrant: Double
    private var fast: [Double]
    private var middle: [Double]
    private var slow: [Double]

    init(count: Int, stepSeconds: Double) {
        let k = Self.kernels
        let d = k.map { Foundation.exp(-stepSeconds / $0.timescale) }
        decay = (d[0], d[1], d[2])
        gain = (k[0].branching * (1 - d[0]), k[1].branching * (1 - d[1]), k[2].branching * (1 - d[2]))
        immigrant = 1 - Self.branching
        // Start at the stationary mean, as if the stock had been trading at its usual pace.
        fast = Array(repeating: k[0].branching, count: count)
        middle = Array(repeating: k[1].branching, count: count)
        slow = Array(repeating: k[2].branching, count: count)
    }

    /// The rate multiplier of stock `i` for the coming step (mean 1).
    @inline(__always)
    func intensity(_ i: Int) -> Double {
        immigrant + fast[i] + middle[i] + slow[i]
    }

    /// Feeds the step's trade count, measured against the count the stock's baseline expected.
    @inline(__always)
    mutating func record(_ i: Int, count: Int, expected: Double) {
        let x = expected > 0 ? Double(count) / expected : 0
        fast[i] = decay.0 * fast[i] + gain.0 * x
        middle[i] = decay.1 * middle[i] + gain.1 * x
        slow[i] = decay.2 * slow[i] + gain.2 * x
    }
}
