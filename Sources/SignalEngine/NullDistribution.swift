import Foundation

/// Which side of a statistic is news: both (a return: up or down) or only the upper one (a volume
/// ratio: a quiet stock is no signal).
public enum NullTail: String, Sendable, Codable {
    case both, upper
}

/// The null distribution of one statistic of one stock (or of a pool of similar stocks): its
/// running mean and standard deviation over the day's samples (Welford), each sample winsorized at
/// `clip` standard deviations of the estimate so far once `robustAfter` samples are in — a planted or
/// real event must not inflate the yardstick it is judged by.
public struct NullDistribution: Sendable, Codable, Equatable {
    public private(set) var count = 0
    public private(set) var mean = 0.0
    private var m2 = 0.0
    /// Winsorizing bound, standard deviations. 4.
    public static let clip = 4.0
    public static let robustAfter = 20

    public init() {}

    public var standardDeviation: Double { count > 1 ? (m2 / Double(count - 1)).squareRoot() : 0 }

    /// Folds in one sample (non-finite samples are ignored).
    public mutating func observe(_ value: Double) {
        guard value.isFinite else { return }
        var x = value
        if count >= Self.robustAfter {
            let bound = Self.clip * standardDeviation
            x = min(max(x, mean - bound), mean + bound)
        }
        count += 1
        let delta = x - mean
        mean += delta / Double(count)
        m2 += delta * (x - mean)
    }
}

/// The standard normal's tails and their inverse (`erfc` from the C library; the inverse by
/// bisection, which needs no table and is exact to 1e-9 over the range a budget can ask for).
public enum NormalTail {
    /// P(U ≥ u) (`upper`) or P(|U| ≥ u) (`both`) for a standard normal U; u ≤ 0 gives the whole side.
    public static func probability(_ u: Double, tail: NullTail) -> Double {
        switch tail {
        case .both: return u <= 0 ? 1 : erfc(u / 2.0.squareRoot())
        case .upper: return erfc(u / 2.0.squareRoot()) / 2
        }
    }

    /// The u whose tail probability is `p` (0 < p < 1), clamped to [0, 38].
    public static func quantile(_ p: Double, tail: NullTail) -> Double {
        guard p > 0 else { return 38 }
        guard p < probability(0, tail: tail) else { return 0 }
        var low = 0.0, high = 38.0
        for _ in 0..<80 {
            let mid = (low + high) / 2
            if probability(mid, tail: tail) > p { low = mid } else { high = mid }
        }
        return high
    }
}

/// Student's t tails, for a null estimated from `n` samples: a new value's distance from their
/// mean, in their standard deviation × √(1 + 1/n), follows t with n − 1 degrees of freedom. With 30
/// samples a Gaussian threshold at the budget's 1e-5 tail would be crossed ten times too often
/// (the estimated deviation is 13 % off either way, and the tail punishes the low side).
public enum StudentTail {
    /// Beyond this many degrees of freedom t is the standard normal (to 1e-3 at the budget's tails).
    public static let normalAbove = 5_000.0

    /// P(T ≥ t) (`upper`) or P(|T| ≥ t) (`both`) with `degrees` degrees of freedom.
    public static func probability(_ t: Double, degrees: Double, tail: NullTail) -> Double {
        guard degrees < normalAbove else { return NormalTail.probability(t, tail: tail) }
        let ν = max(degrees, 1)
        let both = t == 0 ? 1 : incompleteBeta(ν / (ν + t * t), a: ν / 2, b: 0.5)
        switch tail {
        case .both: return t <= 0 ? 1 : both
        case .upper: return t >= 0 ? both / 2 : 1 - both / 2
        }
    }

    /// The t whose tail probability is `p`: Hill's (1970) expansion of the normal quantile, within
    /// 1 % of the exact value from 10 degrees of freedom at the tails a budget asks for.
    public static func quantile(_ p: Double, degrees: Double, tail: NullTail) -> Double {
        quantile(normal: NormalTail.quantile(p, tail: tail), degrees: degrees)
    }

    /// The t quantile matching the normal quantile `z` (cheap: the hot path calls it per tick).
    public static func quantile(normal z: Double, degrees: Double) -> Double {
        guard degrees < normalAbove else { return z }
        let ν = max(degrees, 1)
        let z2 = z * z
        let z3 = z2 * z
        let z5 = z3 * z2
        let z7 = z5 * z2
        let z9 = z7 * z2
        let first: Double = (z3 + z) / (4 * ν)
        let second: Double = (5 * z5 + 16 * z3 + 3 * z) / (96 * ν * ν)
        let third: Double = (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * ν * ν * ν)
        let fourthTop: Double = 79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z
        let fourth: Double = fourthTop / (92160 * ν * ν * ν * ν)
        return z + first + second + third + fourth
    }

    /// The regularized incomplete beta function I_x(a, b) (continued fraction, Numerical Recipes §6.4).
    static func incompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        guard x > 0 else { return 0 }
        guard x < 1 else { return 1 }
        let logBeta: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let logPowers: Double = a * log(x) + b * log(1 - x)
        let front = exp(logBeta + logPowers)
        if x < (a + 1) / (a + b + 2) { return front * fraction(x, a: a, b: b) / a }
        return 1 - front * fraction(1 - x, a: b, b: a) / b
    }

    private static func fraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0, d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...300 {
            let m = Double(m), m2 = 2 * m
            var aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d; h *= d * c
            aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-12 { break }
        }
        return h
    }
}
