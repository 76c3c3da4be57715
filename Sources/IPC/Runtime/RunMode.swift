import Foundation
import System

/// Whether a session runs against kis-sim or the real KIS. The mode decides which clock a
/// component may read: the simulated one in `clock.json` only in ``sim``; live sessions run on the
/// wall clock whatever a simulated day left in the run directory (DESIGN.md, Time).
public enum RunMode: String, Sendable, Equatable {
    case sim, live

    /// `KIS41_MODE` (set by `run` for every component), else the run directory's `mode` file
    /// (written by `run`, for tools started by hand beside a session), else ``live``.
    /// - Throws: `ExitError(.configuration, …)` for a value other than `sim` or `live`.
    public static func resolve(environment: [String: String], runDirectory: RunDirectory) throws -> RunMode {
        if let value = environment["KIS41_MODE"], !value.isEmpty {
            guard let mode = RunMode(rawValue: value) else {
                throw ExitError(.configuration, "KIS41_MODE must be \"sim\" or \"live\" (got \"\(value.prefix(40))\")")
            }
            return mode
        }
        let written = (try? String(contentsOfFile: runDirectory.path("mode"), encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return written.flatMap(RunMode.init(rawValue:)) ?? .live
    }
}
