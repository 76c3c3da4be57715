import Foundation
import IPC
import KIS
import Reports
import System

/// `kisctl report [--out FILE]`: the session report (`RunReport`) from the run directory's
/// `timeline.jsonl`, `signals.jsonl` and `events.jsonl`, written as one HTML file.
enum ReportCommand {
    static func run(runDirectory: RunDirectory, arguments: [String]) throws {
        var output = runDirectory.path("report.html")
        if let flag = arguments.firstIndex(of: "--out") {
            guard flag + 1 < arguments.count else { throw ExitError(.usage, "--out needs a file name") }
            output = arguments[flag + 1]
        } else if !arguments.isEmpty {
            throw ExitError(.usage, KisCtl.usage)
        }
        guard FileManager.default.fileExists(atPath: runDirectory.url.path) else {
            throw ExitError(.configuration, "no run directory at \(runDirectory.url.path): run a session first")
        }
        var report = RunReport.load(from: runDirectory)
        report.names.merge(MasterFileLoader.names(in: runDirectory.url)) { _, master in master }
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
