/// Everything that determines a simulated day.
///
/// Defaults: seed 41, trading date 2026-11-25, full universe (scale 1, ~2,600 stocks), default events,
/// unwatched stocks simulated in 1-second steps.
public struct SimulationConfiguration: Sendable, Equatable {
    /// Master seed; the same seed gives the same day, byte for byte.
    public var seed: UInt64 = 41
    /// The trading date stamped on events and frames.
    public var tradingDate = TradingDate(year: 2026, month: 11, day: 25)
    /// Multiplies the synthetic listing counts and the event counts (0.1 for small test days).
    public var universeScale = 1.0
    public var events = EventConfiguration()
    /// How often halts, warnings and limit runs happen (KRX figures; `MechanicsRates.none`: never).
    public var mechanics = MechanicsRates()
    /// The aggregate step in market seconds (must divide 600; 1 by default).
    public var stepSeconds = 1.0
    /// Previous close of the indices 0001, 1001, 2001.
    public var indexPreviousCloses: [String: Double] = ["0001": 2_650.00, "1001": 850.00, "2001": 355.00]
    /// Market-wide factor volatility over a day (log return standard deviation).
    public var marketVolatility = 0.009

    public init(seed: UInt64 = 41, universeScale: Double = 1.0) {
        self.seed = seed
        self.universeScale = universeScale
    }
}
