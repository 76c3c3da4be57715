/// How many events of each kind to plant and how strong they are.
///
/// Counts are for the full universe (scale 1) and shrink with `SimulationConfiguration.universeScale`.
/// Defaults: 40 opening gaps; 150 other events over the day (45 surges, 30 breakouts, 45 momentum
/// runs, 30 closing runs); 80 decoys (40 volume blips, 40 price wiggles).
public struct EventConfiguration: Sendable, Equatable {
    /// Opening gaps (default 40), |gap| in `gapPercent` (default 3–15 %, most near the low end).
    public var openingGaps = 40
    public var gapPercent: ClosedRange<Double> = 3...15
    /// Volume surges (default 45): volume ×3–×10 for 3–10 minutes.
    public var volumeSurges = 45
    public var surgeMultiple: ClosedRange<Double> = 3...10
    public var surgeSeconds: ClosedRange<Double> = 180...600
    /// Breakouts (default 30): 1.5–4 % above the intraday high within 2–8 minutes, volume ×2.5.
    public var breakouts = 30
    public var breakoutPercent: ClosedRange<Double> = 1.5...4
    public var breakoutSeconds: ClosedRange<Double> = 120...480
    /// Momentum runs (default 45): 2–6 % over 5–15 minutes, volume ×2.
    public var momentumRuns = 45
    public var momentumPercent: ClosedRange<Double> = 2...6
    public var momentumSeconds: ClosedRange<Double> = 300...900
    /// Closing runs (default 30): start 14:00–14:40, run to 15:20, 2–5 % in the day's direction.
    public var closingRuns = 30
    public var closingPercent: ClosedRange<Double> = 2...5
    /// Decoy volume blips (default 40): ×1.8 for 30–90 s.
    public var volumeBlips = 40
    public var blipMultiple = 1.8
    /// Decoy price wiggles (default 40): 1.5 % out and back within 1–3 minutes.
    public var priceWiggles = 40
    public var wigglePercent = 1.5

    public init() {}

    /// A configuration that plants nothing (a quiet day, for baselines).
    public static var none: EventConfiguration {
        var c = EventConfiguration()
        c.openingGaps = 0
        c.volumeSurges = 0
        c.breakouts = 0
        c.momentumRuns = 0
        c.closingRuns = 0
        c.volumeBlips = 0
        c.priceWiggles = 0
        return c
    }
}
