import Foundation
import IPC

/// What a restarted `signals` needs so it is not blind (`signals-state.json` in the run directory):
/// every stock's state of the day — prices, the 15-minute tape, its 1-minute return variance —
/// which condition each rule last saw and when each cooldown started, the tiers, the emergency
/// times, and the day's counters and signal outcomes (so the report still covers the whole day).
/// Without it the rules that judge a stock against its own history could not fire for the minutes
/// it takes to rebuild that history, and conditions that held before the restart would fire again.
public struct SignalsSnapshot: Codable, Sendable {
    public static let fileName = "signals-state.json"
    public static let currentVersion = 1

    public var version = SignalsSnapshot.currentVersion
    /// Market time of the snapshot.
    public var savedAt: Double
    /// The KST day number the state belongs to.
    public var day: Int
    var stocks: [String: SignalEvaluator.Tracking]
    var tiers: [String: Int]
    var names: [String: String]
    var statistics: SignalStatistics
    var outcomes: SignalOutcomeTracker
    var lastEmergency: [String: Double]

    public var stockCount: Int { stocks.count }

    /// Whether the snapshot can resume an evaluator at market time `now`: same format, its data of
    /// today, saved today and not in the future (`MarketClock.isResumable`: kis-sim replays its day
    /// from the start on every new session, so an earlier session's state is not this one's).
    public func isResumable(at now: Double) -> Bool {
        version == Self.currentVersion && day == MarketClock.dayNumber(now) && MarketClock.isResumable(savedAt: savedAt, at: now)
    }

    /// Compact JSON (`FastJSONEncoder`: a full market's tape is a few MB).
    public func encoded() throws -> [UInt8] { try FastJSONEncoder().encode(self) }

    /// Writes atomically (temporary file + rename), so a reader never sees half a snapshot.
    public func write(to path: String) throws {
        try Data(try encoded()).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// Reads a snapshot, or `nil` when there is none; a damaged file is reported as an error.
    public static func read(from path: String) throws -> SignalsSnapshot? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try FastJSONDecoder().decode(SignalsSnapshot.self, from: [UInt8](data))
    }
}
