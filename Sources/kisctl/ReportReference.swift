import Foundation
import IPC
import Reports
import SignalEngine
import Simulator

/// The reference signals of a kis-sim session, for `kisctl report`: kis-sim's day rebuilt from
/// `simulation.json` (seed, scale, date; `--seed` overrides), its complete tape (`MarketTape`) over
/// the session's market window fed to `ReferenceDetector` with the session's `signals`
/// configuration. A whole day takes a few CPU minutes, so the signals are kept in
/// `<run dir>/reference.jsonl`, reused while the day, window and configuration are the same.
enum ReportReference {
    /// One cached signal.
    struct Line: Codable {
        var code: String
        var kind: String
        var second: Double
        var source: String?
    }

    /// What the cache was made from (its first line).
    struct Header: Codable, Equatable {
        var day: SimulationDay
        var from: Double
        var to: Double
        var signals: String
    }

    /// Sets `report.reference` (or `report.referenceNote`, saying why there is none).
    static func attach(to report: inout RunReport, runDirectory: RunDirectory, seed: UInt64?) throws {
        guard let events = report.events else { return }
        var day = SimulationDay.read(from: runDirectory)
            ?? SimulationDay(seed: 41, universeScale: 1, tradingDate: "2026-11-25", defaultEvents: true)
        if let seed { day.seed = seed }
        guard let configuration = day.configuration else {
            report.referenceNote = "No reference: kis-sim ran with a changed event mix, which simulation.json does not record."
            return
        }
        let range = report.timeRange
        let from = range.lowerBound.rounded(.down), to = min(86_399, range.upperBound.rounded(.up))
        var tape = MarketTape(configuration: configuration, from: from)
        let rebuilt = tape.model.schedule.events.map { "\($0.id) \($0.code) \(Int($0.start))" }
        guard rebuilt == events.map({ "\($0.id) \($0.code) \(Int($0.start))" }) else {
            report.referenceNote = "No reference: seed \(day.seed) does not rebuild this session's events.jsonl (give the session's seed with --seed N)."
            return
        }
        let signals = try ConfigurationFile.load().section("signals", defaults: SignalsConfiguration())
        let header = Header(day: day, from: from, to: to, signals: fingerprint(signals))
        let path = runDirectory.path("reference.jsonl")
        if let cached = read(path: path, header: header) {
            report.reference = cached
            return
        }
        FileHandle.standardError.write(Data("kisctl: computing the reference: the complete tape of seed \(day.seed), \(MarketClock.clockString(from - MarketClock.kstOffset))–\(MarketClock.clockString(to - MarketClock.kstOffset)) (a few minutes for a whole day)\n".utf8))
        var detector = ReferenceDetector(configuration: signals)
        tape.play(to: to) { detector.ingest($0) }
        report.reference = detector.signals
        write(detector.signals, header: header, path: path)
    }

    static func fingerprint(_ configuration: SignalsConfiguration) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(configuration)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    static func read(path: String, header: Header) -> [EventMatcher.Observation]? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
        guard let first = lines.first, (try? JSONDecoder().decode(Header.self, from: Data(first.utf8))) == header else { return nil }
        return JSONLines.decode(Line.self, from: lines.dropFirst().joined(separator: "\n")).map {
            EventMatcher.Observation(code: $0.code, kind: $0.kind, secondOfDay: $0.second, source: $0.source)
        }
    }

    static func write(_ signals: [EventMatcher.Observation], header: Header, path: String) {
        let encoder = JSONEncoder()
        var text = (try? encoder.encode(header)).map { String(decoding: $0, as: UTF8.self) + "\n" } ?? ""
        for signal in signals {
            let line = Line(code: signal.code, kind: signal.kind, second: signal.secondOfDay, source: signal.source)
            if let data = try? encoder.encode(line) { text += String(decoding: data, as: UTF8.self) + "\n" }
        }
        try? Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
