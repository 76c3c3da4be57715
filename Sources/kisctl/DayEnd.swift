import Foundation
import IPC
import System

/// `--until HH:MM`: the market time (KST) at which `kisctl view` and `kisctl signals` end, so a
/// foreground `./run` on kis-sim finishes with the simulated day (default 15:30 there).
struct DayEnd: Sendable, Equatable {
    /// Seconds since midnight KST.
    let secondOfDay: Double

    /// The `--until` value of `arguments`, if any.
    /// - Throws: `ExitError(.usage, …)` when the value is not `HH:MM`.
    static func parse(_ arguments: [String]) throws -> DayEnd? {
        guard let index = arguments.firstIndex(of: "--until") else { return nil }
        guard index + 1 < arguments.count else { throw ExitError(.usage, "--until needs a value (HH:MM)") }
        let text = arguments[index + 1]
        guard let second = MarketClock.secondsOfDay(parsing: text, allowsSeconds: false) else {
            throw ExitError(.usage, "--until: expected HH:MM, got \"\(text)\"")
        }
        return DayEnd(secondOfDay: second)
    }

    /// The arguments without `--until` and its value.
    static func removing(from arguments: [String]) -> [String] {
        guard let index = arguments.firstIndex(of: "--until") else { return arguments }
        var rest = arguments
        rest.removeSubrange(index..<min(index + 2, rest.count))
        return rest
    }

    /// Whether market time `time` is at or past the end.
    func hasPassed(_ time: Double) -> Bool { MarketClock.secondsOfDay(time) >= secondOfDay }

    /// Returns once the run directory's market clock has reached the end (clock.json is read again
    /// each time: a restarted kis-sim may have written a new origin), or when cancelled.
    func wait(runDirectory: RunDirectory) async {
        while !Task.isCancelled {
            if let clock = try? MarketClock.fromRunDirectory(runDirectory), hasPassed(clock.now()) { return }
            try? await Task.sleep(nanoseconds: 250_000_000)
        }
    }
}
