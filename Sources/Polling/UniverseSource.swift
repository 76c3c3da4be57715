import Foundation
import KIS
import Net

/// Where the universe (every listed stock code) comes from, in order:
/// 1. `$KIS41_UNIVERSE` or `universeFile`: codes one per line (`#` comments), or a KIS master
///    file (`*.mst`; `kosdaq` in the name selects the KOSDAQ layout);
/// 2. the master files at `masterFilePaths` on the REST origin (kis-sim serves them);
/// 3. none: the poller polls only what the plan asks for.
public enum UniverseSource {
    /// Loads the universe; never throws for a missing source (returns `[]` and a note).
    public static func load(configuration: PollerConfiguration, environment: [String: String], restURL: String) async -> (codes: [String], source: String) {
        let file = environment["KIS41_UNIVERSE"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (configuration.universeFile.isEmpty ? nil : configuration.universeFile)
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else { return ([], "unreadable \(file)") }
            return (codes(fromFile: Array(data), name: file), file)
        }
        guard !configuration.masterFilePaths.isEmpty, let client = try? HTTPClient(origin: restURL) else { return ([], "none") }
        defer { Task { await client.close() } }
        var all: [String] = []
        for path in configuration.masterFilePaths {
            guard let response = try? await client.get(path), response.status == 200 else { continue }
            all += codes(fromFile: response.body, name: path)
        }
        return (deduplicated(all), all.isEmpty ? "none" : restURL + " master files")
    }

    /// Codes from a file's bytes: a master file if the name ends in `.mst`, else a code list.
    public static func codes(fromFile bytes: [UInt8], name: String) -> [String] {
        if name.hasSuffix(".mst") {
            return deduplicated(MasterFileLoader.parse(bytes, fileNamed: name).records.filter(\.isStock).map(\.code))
        }
        // Only the first token of a line is a code here (a line may carry a name after it).
        let firstTokens = String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline).map { line in
            line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
                .split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }).first.map(String.init) ?? ""
        }
        return StockCodeList.parse(firstTokens.joined(separator: "\n"))
    }

    private static func deduplicated(_ codes: [String]) -> [String] {
        var seen = Set<String>()
        return codes.filter { seen.insert($0).inserted }
    }
}
