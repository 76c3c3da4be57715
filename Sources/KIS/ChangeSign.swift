/// The KIS sign code of a change (`PRDY_VRSS_SIGN`, `prdy_vrss_sign`, every `*_SIGN` field).
///
/// `1` 상한 (up to the upper limit), `2` 상승 (up), `3` 보합 (unchanged), `4` 하한 (down to the
/// lower limit), `5` 하락 (down). Kept as a raw digit so unexpected values (e.g. `0` in
/// pre-auction placeholders) survive a round trip instead of failing the record.
public struct ChangeSign: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The digit KIS sends.
    public var rawValue: Int

    /// Wraps a sign digit.
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// `1` 상한: up, at the upper price limit.
    public static let upperLimit = ChangeSign(rawValue: 1)
    /// `2` 상승: up.
    public static let rise = ChangeSign(rawValue: 2)
    /// `3` 보합: unchanged.
    public static let unchanged = ChangeSign(rawValue: 3)
    /// `4` 하한: down, at the lower price limit.
    public static let lowerLimit = ChangeSign(rawValue: 4)
    /// `5` 하락: down.
    public static let fall = ChangeSign(rawValue: 5)

    /// Whether the sign means up (1 or 2).
    public var isUp: Bool { rawValue == 1 || rawValue == 2 }
    /// Whether the sign means down (4 or 5).
    public var isDown: Bool { rawValue == 4 || rawValue == 5 }

    /// The sign for a signed change: rise/fall/unchanged (never the limit codes).
    public init(change: some BinaryInteger) {
        self = change > 0 ? .rise : (change < 0 ? .fall : .unchanged)
    }

    /// Applies the sign to an unsigned magnitude (index TRs send changes unsigned).
    public func signed(_ magnitude: Double) -> Double { isDown ? -abs(magnitude) : abs(magnitude) }

    public var description: String { String(rawValue) }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(Int.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
