/// SplitMix64 (Steele, Lea & Flood 2014): a tiny, seedable, reproducible generator.
///
/// The one copy in kis41: synthetic markets and property tests use it directly, and the
/// simulator's `SeededGenerator` seeds its xoshiro256** state words with ``step(_:)``.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// The next 64 bits.
    public mutating func next() -> UInt64 { Self.step(&state) }

    /// One SplitMix64 step: advances `state` and returns a mixed word.
    @inline(__always)
    public static func step(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
