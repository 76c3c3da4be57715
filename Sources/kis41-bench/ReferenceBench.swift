import Foundation
import IPC
import Reports
import SignalEngine
import Simulator
import System

/// `bench reference [--seed N] [--from HH:MM] [--to HH:MM | --day] [--no-events] [--tail-shape student|pooled] [--momentum-windows M,…] [--json]`: the
/// reference alone (no pipeline): its signals per kind, the wall time the complete tape takes, and
/// how it scores on the planted events by `bench capture`'s definition of "caught" (the ceiling of
/// capture). `--no-events`: kis-sim's market with nothing planted (`EventConfiguration.none`: no
/// events, no decoys; its own weather, theme bursts and news jumps, stays), to count the signals
/// the market alone draws — what the false-alarm budget is about. `--tail-shape`: the budget's
/// `signals.budget.tailShape` for this run (default `pooled`, the engine's default);
/// `--momentum-windows 3,5`: `signals.momentum.windowsMinutes` for this run. Per signal kind, the
/// precision against the planted events (`CaptureQuality.signalKindLines`) and the outcome from the
/// tape alone, as `bench capture` judges a policy's (`CaptureQuality.lines`: signals a day, hit rate
/// and edge after 5, 15 and 30 market minutes, by hour).
enum ReferenceBench {
    static func run(_ arguments: [String]) async throws -> BenchReport {
        guard CaptureBench.explicitlyNamed("reference") else {
            return BenchReport(name: "reference", lines: ["skipped: run ./run bench reference"], figures: [("skipped", .bool(true))])
        }
        let options = try CaptureBench.Options(arguments)
        let quiet = arguments.contains("--no-events")
        var signals = SignalsConfiguration()
        if let text = BenchOptions.value("--tail-shape", in: arguments) {
            guard let shape = SignalsConfiguration.TailShape(rawValue: text) else {
                throw ExitError(.usage, "--tail-shape: student or pooled, got \(text)")
            }
            signals.budget.tailShape = shape
        }
        if let text = BenchOptions.value("--momentum-windows", in: arguments) {
            let windows = text.split(separator: ",").compactMap { Double($0) }
            signals.momentum.windowsMinutes = windows
            guard windows.count == text.split(separator: ",").count else {
                throw ExitError(.usage, "--momentum-windows: minutes, comma-separated (e.g. 3,5), got \(text)")
            }
            try signals.momentum.validate()
        }
        let reference = ReferenceRun(options: options, events: quiet ? .none : EventConfiguration(), configuration: signals)
        var configuration = SimulationConfiguration(seed: options.seed)
        if quiet { configuration.events = .none }
        let events = MarketModel(configuration: configuration).schedule.events.map { event in
            GroundTruthEvent(id: event.id, kind: event.kind.rawValue, code: event.code, start: event.start, end: event.end,
                             magnitude: event.magnitude, noise: event.kind.isNoise)
        }
        let session = EventMatcher.Session(start: options.fromSeconds, end: options.toSeconds, settle: CaptureBench.settle)
        let score = CaptureBench.matcher.match(events: events, observations: reference.signals, session: session)
        let result = CaptureBench.PolicyResult(score: score, samples: .init(), reference: nil)
        let lines = ["seed \(options.seed)\(quiet ? " (no planted events)" : "")\(signals.budget.tailShape == SignalsConfiguration.Budget().tailShape ? "" : ", tail shape \(signals.budget.tailShape.rawValue)")\(signals.momentum.windowsMinutes == SignalsConfiguration.Momentum().windowsMinutes ? "" : ", momentum windows \(signals.momentum.windowsMinutes.map { String(format: "%g", $0) }.joined(separator: ","))"), \(options.from)–\(options.to): \(reference.signals.count) reference signals (\(reference.description))",
                     "on the planted events (caught: \(CaptureBench.matcher.windowDescription)):",
                     CaptureBench.PolicyResult.header, result.line(policy: "reference")]
            + CaptureQuality.signalKindLines(score, policy: "reference")
            + CaptureQuality(signals: reference.signals, score: score, closes: reference.closes, options: options, confident: nil)
                .lines(policy: "reference")
        let byKind = Dictionary(grouping: reference.signals, by: \.kind).mapValues { JSONValue.number(Double($0.count)) }
        return BenchReport(name: "reference", lines: lines, figures: [
            ("seed", .number(Double(options.seed))), ("signals", .number(Double(reference.signals.count))),
            ("per_kind", .object(byKind)), ("wall_s", .number(Clock.round(reference.wallSeconds, 1))),
            ("capture", .number(Clock.round(result.capture, 3))), ("precision", .number(Clock.round(score.precision, 3))),
            ("precision_by_kind", .object(score.signalsByKind.keys.reduce(into: [:]) { out, kind in
                out[kind] = score.precision(of: kind).map { .number(Clock.round($0, 3)) } ?? .null
            })),
        ])
    }
}
