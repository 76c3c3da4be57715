import Foundation
import IPC

/// What kis-sim's market day was made from, written to `<run dir>/simulation.json` beside
/// `events.jsonl`, so a report can rebuild the same day in-process (its complete tape, for the
/// reference detector): `{"seed":41,"universeScale":1,"tradingDate":"2026-11-25","defaultEvents":true}`.
public struct SimulationDay: Codable, Sendable, Equatable {
    public static let fileName = "simulation.json"

    public var seed: UInt64
    public var universeScale: Double
    /// `YYYY-MM-DD`.
    public var tradingDate: String
    /// Whether the event mix was the default one (kis-sim's event flags change it; the file does
    /// not carry a changed mix, so such a day cannot be rebuilt from it).
    public var defaultEvents: Bool

    public init(seed: UInt64, universeScale: Double, tradingDate: String, defaultEvents: Bool) {
        self.seed = seed; self.universeScale = universeScale; self.tradingDate = tradingDate; self.defaultEvents = defaultEvents
    }

    init(options: SimulatorOptions) {
        self.init(seed: options.seed, universeScale: options.universeScale, tradingDate: options.tradingDate,
                  defaultEvents: options.events == EventConfiguration())
    }

    /// The configuration that rebuilds the day; nil for a changed event mix or an unreadable date.
    public var configuration: SimulationConfiguration? {
        guard defaultEvents, let date = try? SimulatorOptions.parseDate(tradingDate) else { return nil }
        var configuration = SimulationConfiguration(seed: seed, universeScale: universeScale)
        configuration.tradingDate = date
        return configuration
    }

    /// The day of the run directory's `simulation.json`, if there is a readable one.
    public static func read(from directory: RunDirectory) -> SimulationDay? {
        guard let data = FileManager.default.contents(atPath: directory.path(fileName)) else { return nil }
        return try? JSONDecoder().decode(SimulationDay.self, from: data)
    }

    func write(to directory: RunDirectory) throws {
        try JSONEncoder().encode(self).write(to: directory.url.appendingPathComponent(Self.fileName), options: .atomic)
    }
}
