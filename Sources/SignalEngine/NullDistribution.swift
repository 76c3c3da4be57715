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
