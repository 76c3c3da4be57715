import Foundation
import IPC
import Reports
import SignalEngine

/// A policy's signals judged over the run, per kind: precision against the planted events (a
/// signal on a decoy counts as a false alarm: `EventMatcher.Result.precision(of:)`), and the
/// outcome from the tape alone (`ForwardOutcome`: hit rate at 5, 15 and 30 market minutes and the
/// edge over random times of the same stocks, in σ), also by hour of the day; and per event kind,
/// capture and latency from the event's start.
struct CaptureQuality {
    let score: EventMatcher.Result
    let forward: ForwardOutcome.Report
    /// Signals per kind with a confidence above 0.99 (nil: the signals carry none, as the reference's).
    let confident: [String: Int]?
    /// The run's window, hours (signals per day are scaled from it to the 08:55–15:30 day).
    let hours: Double

    init(run: PipelineRun, score: EventMatcher.Result, closes: MinuteCloses, options: CaptureBench.Options) {
        // Each signal's time parsed once, into its observation; those after the window left out.
        let signals = JSONLines.read(TradeSignal.self, path: run.runDirectory + "/signals.jsonl").compactMap { signal in
            EventMatcher.Observation(signal).map { (signal: signal, observation: $0) }
        }.filter { $0.observation.secondOfDay <= options.toSeconds }
        self.init(signals: signals.map(\.observation), score: score, closes: closes, options: options,
                  confident: Dictionary(grouping: signals.filter { ($0.signal.confidence ?? 0) > 0.99 }, by: \.observation.kind)
                    .mapValues(\.count))
    }

    /// `signals` (each with its direction) judged over the run's window.
    init(signals: [EventMatcher.Observation], score: EventMatcher.Result, closes: MinuteCloses, options: CaptureBench.Options,
         confident: [String: Int]?) {
        self.score = score
        let judged = signals.filter { $0.secondOfDay <= options.toSeconds }.map { signal in
            ForwardOutcome.Signal(code: signal.code, kind: signal.kind, sign: signal.direction == .down ? -1 : 1, secondOfDay: signal.secondOfDay)
        }
        forward = ForwardOutcome.judge(judged, closes: closes,
                                       lastMinute: MinuteCloses.minute(options.toSeconds) ?? MinuteCloses.minutes - 1)
        self.confident = confident
        hours = (options.toSeconds - options.fromSeconds) / 3600
    }

    static let dayHours = (CaptureBench.Options.dayToSeconds - CaptureBench.Options.dayFromSeconds) / 3600

    var kinds: [String] { Set(score.signalsByKind.keys).union(forward.byKind.keys).sorted() }

    func perDay(_ count: Int) -> Double { hours > 0 ? Double(count) * Self.dayHours / hours : 0 }

    /// One line per signal kind, one per kind by hour, one per event kind.
    func lines(policy: String) -> [String] {
        var lines: [String] = []
        for kind in kinds {
            let count = score.signalsByKind[kind] ?? 0
            let figures = forward.byKind[kind] ?? .init()
            let name = kind.padding(toLength: 16, withPad: " ", startingAt: 0)
            let hits = ForwardOutcome.horizons.map { h in figures.at(h).map { String(format: "%3.0f", $0.hitRate * 100) } ?? "  -" }
            let edges = ForwardOutcome.horizons.map { h in figures.at(h).map { String(format: "%+.2f", $0.edgeSigma) } ?? "-" }
            let share = confident.map { count == 0 ? "  0.0%" : String(format: "%5.1f%%", Double($0[kind] ?? 0) / Double(count) * 100) }
            lines.append(String(format: "  %@ %@ %5d signals (%5.0f/day), precision %@, conf>0.99 %@, hit 5/15/30 min %@ %%, edge %@ σ",
                                policy, name, count, perDay(count),
                                score.precision(of: kind).map { String(format: "%.2f", $0) } ?? "  - ",
                                share ?? "    -", hits.joined(separator: "/"), edges.joined(separator: "/")))
            let hours = (forward.byKindAndHour[kind] ?? [:]).sorted { $0.key < $1.key }.map { hour, f in
                "\(hour)h \(f.signals)" + (f.at(15).map { String(format: " %.0f%% %+.2fσ", $0.hitRate * 100, $0.edgeSigma) } ?? "")
            }
            if !hours.isEmpty { lines.append("    by hour (signals, 15-min hit, edge): " + hours.joined(separator: " · ")) }
        }
        return lines + Self.eventLines(score, policy: policy)
    }

    /// One line per signal kind: its signals, how many matched a planted (non-noise) event and the
    /// precision that makes (`EventMatcher.Result.precision(of:)`; a signal on a decoy is a false alarm).
    static func signalKindLines(_ score: EventMatcher.Result, policy: String) -> [String] {
        score.signalsByKind.keys.sorted().map { kind in
            let count = score.signalsByKind[kind] ?? 0, matched = score.matchedByKind[kind] ?? 0
            return String(format: "  %@ signals %@ %5d, %5d on a planted event, precision %@", policy,
                          kind.padding(toLength: 16, withPad: " ", startingAt: 0), count, matched,
                          score.precision(of: kind).map { String(format: "%.3f", $0) } ?? "-")
        }
    }

    /// One line per planted event kind: how many were caught and how soon after their start.
    static func eventLines(_ score: EventMatcher.Result, policy: String) -> [String] {
        Dictionary(grouping: score.verdicts, by: \.event.kind).sorted(by: { $0.key < $1.key }).map { kind, verdicts in
            let latencies = verdicts.compactMap(\.latency).sorted()
            return String(format: "  %@ event %@ %d/%d caught (%.1f%%), latency p50 %.0f s, p95 %.0f s", policy,
                          kind.padding(toLength: 12, withPad: " ", startingAt: 0), latencies.count, verdicts.count,
                          Double(latencies.count) / Double(max(1, verdicts.count)) * 100,
                          EventMatcher.Result.percentile(latencies, 50), EventMatcher.Result.percentile(latencies, 95))
        }
    }

    var json: [String: JSONValue] {
        var perKind: [String: JSONValue] = [:]
        for kind in kinds {
            let count = score.signalsByKind[kind] ?? 0
            var entry: [String: JSONValue] = ["signals": .number(Double(count)), "signals_per_day": .number(Clock.round(perDay(count), 0)),
                                              "confident_signals": confident.map { .number(Double($0[kind] ?? 0)) } ?? .null]
            if let precision = score.precision(of: kind) { entry["precision"] = .number(Clock.round(precision, 3)) }
            let figures = forward.byKind[kind] ?? .init()
            for h in ForwardOutcome.horizons {
                guard let horizon = figures.at(h) else { continue }
                entry["hit_rate_\(h)"] = .number(horizon.hitRate)
                entry["edge_\(h)_sigma"] = .number(horizon.edgeSigma)
            }
            var byHour: [String: JSONValue] = [:]
            for (hour, f) in forward.byKindAndHour[kind] ?? [:] {
                var h: [String: JSONValue] = ["signals": .number(Double(f.signals))]
                if let at15 = f.at(15) { h["hit_rate_15"] = .number(at15.hitRate); h["edge_15_sigma"] = .number(at15.edgeSigma) }
                byHour[hour] = .object(h)
            }
            entry["by_hour"] = .object(byHour)
            perKind[kind] = .object(entry)
        }
        var events: [String: JSONValue] = [:]
        for (kind, verdicts) in Dictionary(grouping: score.verdicts, by: \.event.kind) {
            let latencies = verdicts.compactMap(\.latency).sorted()
            events[kind] = .object(["events": .number(Double(verdicts.count)), "caught": .number(Double(latencies.count)),
                                    "latency_p50_s": .number(EventMatcher.Result.percentile(latencies, 50)),
                                    "latency_p95_s": .number(EventMatcher.Result.percentile(latencies, 95))])
        }
        return ["quality": .object(perKind), "events_by_kind": .object(events)]
    }
}
