import Foundation
import IPC
import System

/// A seedable, reproducible pseudo-random generator: xoshiro256** seeded through SplitMix64.
///
/// The market model never touches `SystemRandomNumberGenerator`: the same seed yields the same
/// universe, events, prices and trades, byte for byte. Each stock owns one generator (its own
/// stream), so the path of a stock does not depend on how the caller chunks time or which other
/// stocks are watched.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// Creates a generator whose four state words come from SplitMix64 applied to `seed`.
    public init(seed: UInt64) {
        var x = seed
        s0 = SplitMix64.step(&x)
        s1 = SplitMix64.step(&x)
        s2 = SplitMix64.step(&x)
        s3 = SplitMix64.step(&x)
        if s0 | s1 | s2 | s3 == 0 { s0 = 0x9E37_79B9_7F4A_7C15 }
    }

    /// Creates an independent stream for a sub-purpose (`stream`) of a master seed.
    public init(seed: UInt64, stream: UInt64) {
        self.init(seed: Self.mix(seed, stream))
    }

    /// Hashes two words into one well-mixed word (used to derive stream and detail seeds).
    @inline(__always)
    public static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var x = a ^ (b &* 0xD1B5_4A32_D192_ED03)
        return SplitMix64.step(&x)
    }

    /// The next 64 random bits (xoshiro256**, Blackman & Vigna).
    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// A uniform Double in [0, 1) with 53 random bits.
    @inline(__always)
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform Double in `range`.
    @inline(__always)
    public mutating func nextDouble(in range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * nextUnit()
    }

    /// A uniform integer in `0..<bound` (Lemire's multiply-shift; the bias is below 2⁻³² here).
    @inline(__always)
    public mutating func nextInt(below bound: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// A standard normal variate (Box–Muller, one value per call for a simple, stateless stream).
    @inline(__always)
    public mutating func nextNormal() -> Double {
        let u1 = max(nextUnit(), 0x1.0p-60)
        let u2 = nextUnit()
        return (-2 * Foundation.log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// Two independent standard normal variates from one Box–Muller draw (both of its outputs):
    /// the volatility processes need two per stock and step, at the cost of one.
    @inline(__always)
    public mutating func nextNormalPair() -> (Double, Double) {
        let u1 = max(nextUnit(), 0x1.0p-60)
        let radius = (-2 * Foundation.log(u1)).squareRoot()
        let angle = 2 * Double.pi * nextUnit()
        return (radius * cos(angle), radius * sin(angle))
    }

    /// An exponential variate with the given mean.
    @inline(__always)
    public mutating func nextExponential(mean: Double) -> Double {
        -mean * Foundation.log(1 - nextUnit())
    }

    /// A Poisson count: inversion below a mean of 30, a rounded normal approximation above.
    @inline(__always)
    public mutating func nextPoisson(mean: Double) -> Int {
        if mean <= 0 { return 0 }
        if mean < 30 {
            let limit = Foundation.exp(-mean)
            var product = nextUnit()
            var count = 0
            while product > limit {
                count += 1
                product *= nextUnit()
            }
            return count
        }
        return max(0, Int((mean + mean.squareRoot() * nextNormal()).rounded()))
    }
}
