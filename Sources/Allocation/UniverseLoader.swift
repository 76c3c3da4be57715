import Foundation
import IPC
import KIS
import System

/// Reads the universe and the watch list from files.
public enum UniverseLoader {
    /// The master files to read: configured ones, else `kospi_code.mst` / `kosdaq_code.mst` in the run directory.
    public static func masterPaths(configuration: AllocatorConfiguration, runDirectory: RunDirectory) -> [String] {
        if !configuration.masterFiles.isEmpty { return configuration.masterFiles }
        return MasterFileLoader.standardPaths(in: runDirectory.url)
    }

    /// Parses master files (the layout follows the file name: `kosdaq` → KOSDAQ, else KOSPI).
    /// - Throws: `ExitError(.configuration, …)` for a configured file that cannot be read.
    public static func loadMasterFiles(_ paths: [String]) throws -> (records: [MasterRecord], failures: Int) {
        var records: [MasterRecord] = []
        var failures = 0
        for file in MasterFileLoader.load(paths: paths) {
            guard let parsed = file.records else {
                throw ExitError(.configuration, "configuration: allocator.masterFiles: cannot read \(file.path)")
            }
            records += parsed
            failures += file.failures
        }
        return (records, failures)
    }

    /// The watch list path: configured, else `watchlist.txt` in the run directory when present.
    public static func watchListPath(configuration: AllocatorConfiguration, runDirectory: RunDirectory) -> String? {
        if !configuration.watchListFile.isEmpty { return configuration.watchListFile }
        let path = runDirectory.path("watchlist.txt")
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// Codes of a watch list text: one a line (or separated by spaces/commas), `#` starts a comment.
    public static func parseWatchList(_ text: String) -> [String] { StockCodeList.parse(text) }
}
