import Foundation
import System

/// The market clock every interval is measured on, in seconds since the Unix epoch.
///
/// - live: the wall clock (market hours read in Asia/Seoul, UTC+9, no daylight saving);
/// - simulated: `originMarket + speed × (wall − originWall)`, with the origin read from
///   `clock.json` in the run directory so every process agrees;
/// - manual: set and advanced by tests.
public final class MarketClock: @unchecked Sendable {
    /// KST is UTC+9 all year.
    public static let kstOffset: Double = 9 * 3600

    /// The simulated clock's origin, as written in `clock.json`.
    public struct Origin: Codable, Sendable, Equatable {
        public var originWall: Double
        public var originMarket: Double
        public var speed: Double
        public init(originWall: Double, originMarket: Double, speed: Double) {
            self.originWall = originWall; self.originMarket = originMarket; self.speed = speed
        }
    }

    private enum Kind { case live, simulated(Origin), manual }
    private let kind: Kind
    private let lock = NSLock()
    private var manualNow: Double

    private init(kind: Kind, manualNow: Double = 0) { self.kind = kind; self.manualNow = manualNow }

    /// The wall clock.
    public static func live() -> MarketClock { MarketClock(kind: .live) }
    /// A scaled clock from an origin.
    public static func simulated(_ origin: Origin) -> MarketClock { MarketClock(kind: .simulated(origin)) }
    /// A clock that moves only when told to.
    public static func manual(at time: Double) -> MarketClock { MarketClock(kind: .manual, manualNow: time) }

    /// The clock of a session in `mode`: in ``RunMode/sim`` the origin in `clock.json` (the live
    /// clock until kis-sim has written it); in ``RunMode/live`` always the wall clock.
    /// - Throws: `ExitError(.configuration, …)` for an unreadable origin in sim mode, and in live mode
    ///   for a run directory that still holds a simulated clock: a live session must not share its
    ///   run directory with a simulated day (`run` removes a stopped simulation's `clock.json`).
    public static func fromRunDirectory(_ directory: RunDirectory, mode: RunMode) throws -> MarketClock {
        let url = directory.url.appendingPathComponent("clock.json")
        guard let data = try? Data(contentsOf: url) else { return .live() }
        guard mode == .sim else {
            throw ExitError(.configuration, "this is a live session, but the run directory holds a simulated clock (\(url.path), "
                            + "left by kis-sim): remove it or choose another KIS41_RUN_DIR")
        }
        do {
            return .simulated(try JSONDecoder().decode(Origin.self, from: data))
        } catch {
            throw ExitError(.configuration, "\(url.path) is not a valid clock origin: \(error)")
        }
    }

    /// The clock of the session in `directory`, its mode resolved from the environment
    /// (``RunMode/resolve(environment:runDirectory:)``).
    public static func fromRunDirectory(_ directory: RunDirectory,
                                        environment: [String: String] = ProcessInfo.processInfo.environment) throws -> MarketClock {
        try fromRunDirectory(directory, mode: try RunMode.resolve(environment: environment, runDirectory: directory))
    }

    /// The simulated clock origin in `clock.json`, if the run directory has a valid one.
    public static func readOrigin(from directory: RunDirectory) -> Origin? {
        guard let data = try? Data(contentsOf: directory.url.appendingPathComponent("clock.json")) else { return nil }
        return try? JSONDecoder().decode(Origin.self, from: data)
    }

    /// Writes a simulated clock origin atomically so every process reads the same one.
    public static func writeOrigin(_ origin: Origin, to directory: RunDirectory) throws {
        let data = try JSONEncoder().encode(origin)
        try data.write(to: directory.url.appendingPathComponent("clock.json"), options: .atomic)
    }

    /// Current market time, seconds since the epoch.
    public func now() -> Double {
        switch kind {
        case .live: return Date().timeIntervalSince1970
        case .simulated(let origin): return origin.originMarket + origin.speed * (Date().timeIntervalSince1970 - origin.originWall)
        case .manual: return lock.withLock { manualNow }
        }
    }

    /// Seconds on a clock that never steps, for rate windows: in live mode `CLOCK_MONOTONIC` (the
    /// wall clock may jump under NTP, and KIS counts calls per real second); otherwise ``now()``.
    /// Only differences of two readings mean anything.
    public func elapsed() -> Double {
        guard case .live = kind else { return now() }
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// Market seconds per wall second (1 live).
    public var speed: Double {
        if case .simulated(let origin) = kind { return origin.speed }
        return 1
    }

    public var isSimulated: Bool { if case .simulated = kind { return true }; return false }

    /// Moves a manual clock forward.
    public func advance(by seconds: Double) { lock.withLock { manualNow += seconds } }
    /// Sets a manual clock.
    public func set(_ time: Double) { lock.withLock { manualNow = time } }

    /// Sleeps for `seconds` of market time (wall time divided by the speed).
    public func sleep(marketSeconds seconds: Double) async throws {
        let wall = max(0, seconds / speed)
        try await Task.sleep(nanoseconds: UInt64(wall * 1e9))
    }

    /// The KST day number (days since 1970-01-01 KST) of market time `time`.
    public static func dayNumber(_ time: Double) -> Int { Int(((time + kstOffset) / 86400).rounded(.down)) }

    /// Whether state saved at market time `savedAt` may be resumed at `now` (the allocator's and
    /// signals' snapshots): the same KST day, and not from the future — an earlier kis-sim session
    /// of the same date, which replayed the day from its start.
    public static func isResumable(savedAt: Double, at now: Double) -> Bool {
        dayNumber(savedAt) == dayNumber(now) && savedAt <= now
    }

    /// Seconds since midnight KST of market time `time`.
    public static func secondsOfDay(_ time: Double) -> Double {
        let local = time + kstOffset
        return local - (local / 86400).rounded(.down) * 86400
    }

    /// `HH:MM:SS` KST of market time `time`.
    public static func clockString(_ time: Double) -> String {
        let s = Int(secondsOfDay(time))
        return String(format: "%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
    }

    /// ISO 8601 in KST, e.g. `2026-11-25T09:03:12+09:00`.
    public static func isoString(_ time: Double) -> String {
        var seconds = time_t(time + kstOffset)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d+09:00", parts.tm_year + 1900, parts.tm_mon + 1,
                      parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec)
    }

    /// The market time of `HH:MM` KST on the same KST day as `time`.
    public static func time(hour: Int, minute: Int, sameDayAs time: Double) -> Double {
        time - secondsOfDay(time) + Double(hour * 3600 + minute * 60)
    }
}
