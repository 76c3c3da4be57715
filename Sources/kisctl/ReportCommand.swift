import Foundation
import IPC
import KIS
import Reports
import System

/// `kisctl report [--out FILE] [--seed N]`: the session report (`RunReport`) from the run directory's
/// `timeline.jsonl`, `signals.jsonl` and `events.jsonl`, written as one HTML file; on kis-sim also
/// against the reference (`ReportReference`; `--seed` names the day when `simulation.json` is missing).
enum ReportCommand {
    static func run(runDirectory: RunDirectory, arguments: [String]) throws {
        var output = runDirectory.path("report.html")
        var seed: UInt64?
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            guard let value = rest.popFirst() else { throw ExitError(.usage, "\(flag) needs a value\n\(KisCtl.usage)") }
            switch flag {
            case "--out": output = value
            case "--seed":
                guard let number = UInt64(value) else { throw ExitError(.usage, "--seed: not a number: \(value)") }
                seed = number
            default: throw ExitError(.usage, KisCtl.usage)
            }
        }
        guard FileManager.default.fileExists(atPath: runDirectory.url.path) else {
            throw ExitError(.configuration, "no run directory at \(runDirectory.url.path): run a session first")
        }
        var report = RunReport.load(from: runDirectory)
        report.names.merge(MasterFileLoader.names(in: runDirectory.url)) { _, master in master }
        try ReportReference.attach(to: &report, runDirectory: runDirectory, seed: seed)
        if report.timeline.isEmpty && report.signals.isEmpty {
            FileHandle.standardError.write(Data("kisctl: no timeline.jsonl or signals.jsonl in \(runDirectory.url.path): the report will be empty\n".utf8))
        }
        do {
            try Data(report.html().utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw ExitError(.temporaryFailure, "cannot write \(output): \(error)")
        }
        print(output)
    }
}
