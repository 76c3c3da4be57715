import Foundation

/// Reading KIS master files and plain code lists from disk: one place for what the poller, the
/// allocator and the signal evaluator each need (codes, names, sectors).
public enum MasterFileLoader {
    /// The layout a master file uses, from its name: `kosdaq` in the name → KOSDAQ, else KOSPI.
    public static func layout(forFileNamed name: String) -> MasterLayout {
        name.lowercased().contains("kosdaq") ? .kosdaq : .kospi
    }

    /// Parses a master file's bytes with the layout its name implies.
    public static func parse(_ bytes: [UInt8], fileNamed name: String) -> (records: [MasterRecord], failures: Int) {
        MasterFileCodec(layout: layout(forFileNamed: name)).parseFile(bytes)
    }

    /// Reads and parses master files; `nil` for a file that cannot be read.
    public static func load(paths: [String]) -> [(path: String, records: [MasterRecord]?, failures: Int)] {
        paths.map { path in
            guard let data = FileManager.default.contents(atPath: path) else { return (path, nil, 0) }
            let parsed = parse([UInt8](data), fileNamed: path)
            return (path, parsed.records, parsed.failures)
        }
    }

    /// `kospi_code.mst` and `kosdaq_code.mst` in `directory`, where present (kis-sim writes them).
    public static func standardPaths(in directory: URL) -> [String] {
        ["kospi_code.mst", "kosdaq_code.mst"].map { directory.appendingPathComponent($0).path }
            .filter { FileManager.default.fileExists(atPath: $0) }
    }

    /// Stock names by code from the master files in `directory` (empty when there are none).
    public static func names(in directory: URL) -> [String: String] {
        var names: [String: String] = [:]
        for file in load(paths: standardPaths(in: directory)) {
            for record in file.records ?? [] where names[record.code] == nil {
                let name = record.name.trimmingCharacters(in: .whitespaces)
                if !name.isEmpty { names[record.code] = name }
            }
        }
        return names
    }

    /// Each stock's market (`KOSPI`, `KOSDAQ`) and previous-day volume from the master files in
    /// `directory` (first occurrence of a code wins).
    public static func profiles(in directory: URL) -> [String: (market: String, previousDayVolume: Int?)] {
        var profiles: [String: (market: String, previousDayVolume: Int?)] = [:]
        for file in load(paths: standardPaths(in: directory)) {
            for record in file.records ?? [] where profiles[record.code] == nil {
                profiles[record.code] = (record.market, record.previousDayVolume)
            }
        }
        return profiles
    }
}

/// A plain list of stock codes: one a line or separated by spaces, commas or tabs; `#` starts a
/// comment; duplicates dropped, first occurrence kept.
public enum StockCodeList {
    public static func parse(_ text: String) -> [String] {
        var codes: [String] = []
        var seen = Set<String>()
        for line in text.split(whereSeparator: \.isNewline) {
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            for token in content.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }) {
                let code = String(token)
                if seen.insert(code).inserted { codes.append(code) }
            }
        }
        return codes
    }
}
