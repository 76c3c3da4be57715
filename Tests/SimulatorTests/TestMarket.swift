@testable import Simulator

/// Small, fast market days for tests: a ~190-stock universe (the real names plus a few synthetic ones).
enum TestMarket {
    static let hour = 3600.0
    static let minute = 60.0

    static func configuration(seed: UInt64 = 41, scale: Double = 0.05, step: Double = 1) -> SimulationConfiguration {
        var c = SimulationConfiguration(seed: seed, universeScale: scale)
        c.stepSeconds = step
        return c
    }

    /// A model with the generated schedule.
    static func generated(seed: UInt64 = 41, scale: Double = 0.05, step: Double = 1) -> MarketModel {
        MarketModel(configuration: configuration(seed: seed, scale: scale, step: step))
    }

    /// A model with exactly the given events (none: a quiet day).
    static func planted(_ events: [MarketEvent], seed: UInt64 = 41, scale: Double = 0.05, step: Double = 1) -> MarketModel {
        let c = configuration(seed: seed, scale: scale, step: step)
        let universe = SimulatedUniverse(seed: seed, scale: scale)
        return MarketModel(universe: universe, schedule: EventSchedule(events: events), configuration: c)
    }

    /// Market seconds for a clock time.
    static func at(_ h: Int, _ m: Int, _ s: Double = 0) -> Double { Double(h) * hour + Double(m) * minute + s }
}
