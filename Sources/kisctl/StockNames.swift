import Foundation
import IPC
import KIS

/// Stock names by code for the view and the report: the KIS master files in the run directory
/// (`kospi_code.mst`, `kosdaq_code.mst`, which kis-sim writes there), else nothing.
enum StockNames {
    static func load(from runDirectory: RunDirectory) -> [String: String] {
        var names: [String: String] = [:]
        for (file, layout) in [("kospi_code.mst", MasterLayout.kospi), ("kosdaq_code.mst", MasterLayout.kosdaq)] {
            guard let data = FileManager.default.contents(atPath: runDirectory.path(file)) else { continue }
            for record in MasterFileCodec(layout: layout).parseFile(Array(data)).records {
                let name = record.name.trimmingCharacters(in: .whitespaces)
                if !name.isEmpty { names[record.code] = name }
            }
        }
        return names
    }
}
