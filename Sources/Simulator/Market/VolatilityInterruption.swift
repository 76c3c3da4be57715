/// KRX volatility-interruption rules (변동성완화장치), krx-rules.md "Volatility interruption" and
/// protocol.md §7.4: pure functions of prices, no state.
///
/// - Static VI: a trade that would print ±10 % or more from the static reference price (the base
///   price before the first single-price cross, then the price of the latest cross: the open, the
///   end of the last VI auction, the close before the after-market).
/// - Dynamic VI: a trade that would print beyond a band around the last trade: ±3 % for KOSPI200
///   constituents, ±6 % for the others; ±2 % / ±4 % in the closing-auction window (15:20–15:30).
/// - Either starts a 2-minute single-price call auction ended by a random extension of up to 30 s.
///
/// Thresholds are compared in integer arithmetic so "exactly 10 %" triggers: |p − ref| × 1000 ≥
/// ref × band‰ (the published lists show trigger prices at +10.00 % and −10.00 %).
public enum VolatilityInterruption {
    /// Static band, per mille of the static reference (±10 %).
    public static let staticBandPermille = 100
    /// The 2-minute call auction, market seconds.
    public static let auctionSeconds: Double = 120
    /// The random extension (임의연장) is drawn uniformly from 0…30 s, whole seconds.
    public static let maximumExtensionSeconds = 30

    /// Dynamic band, per mille of the last trade price.
    public static func dynamicBandPermille(isKOSPI200: Bool, inClosingAuction: Bool) -> Int {
        switch (isKOSPI200, inClosingAuction) {
        case (true, false): 30
        case (false, false): 60
        case (true, true): 20
        case (false, true): 40
        }
    }

    /// Whether `price` is at or beyond `band` per mille away from `reference`.
    @inline(__always)
    public static func breaches(_ price: Int, reference: Int, permille band: Int) -> Bool {
        reference > 0 && abs(price - reference) * 1000 >= reference * band
    }

    /// Which VI (if any) a would-be trade at `price` triggers.
    @inline(__always)
    public static func trigger(price: Int, staticReference: Int, lastPrice: Int, dynamicPermille: Int) -> VIKind? {
        let isStatic = breaches(price, reference: staticReference, permille: staticBandPermille)
        let isDynamic = breaches(price, reference: lastPrice, permille: dynamicPermille)
        switch (isStatic, isDynamic) {
        case (true, true): return .both
        case (true, false): return .static
        case (false, true): return .dynamic
        case (false, false): return nil
        }
    }
}

/// KIS `vi_kind_code`: 1 static, 2 dynamic, 3 both (the inquire-vi-status documentation).
public enum VIKind: Int, Sendable, Codable {
    case `static` = 1
    case dynamic = 2
    case both = 3

    /// The ground-truth event kind name.
    public var eventName: String {
        switch self {
        case .static: "viStatic"
        case .dynamic: "viDynamic"
        case .both: "viStaticDynamic"
        }
    }
}
