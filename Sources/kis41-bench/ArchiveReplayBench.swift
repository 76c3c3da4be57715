import Foundation
import IPC
import KIS
import Reports
import SignalEngine
import System

/// `bench replay --archive DIR [--speed K] [--baseline FILE] [--require P] [--json]`: the whole pipeline on a recorded session
/// (`./run start --replay DIR`, kis41's own configuration), its signals scored against the ones the
/// recorded session emitted (`DIR/signals.jsonl`, which `./run` keeps beside a recording when it
/// stops). A recorded signal is reproduced by a replayed one of the same stock and kind within 1
/// market second either side (the round trip's tolerance), and, looser, within 5 s; one to one,
/// earliest first (`ReferenceMatcher`). The replay's poller makes the recorded calls at their
/// recorded times (`RecordedSweep`), so its REST observations are the recorded ones; the
/// replay serves from the moment the recorded pipeline was whole (`pipeline-ready`). It serves
/// only what was recorded, so a replay whose allocator chose other slots sees less of the market
/// than the original did.
/// `--baseline FILE` scores another session's `signals.jsonl` (the same seeded kis-sim day run
/// again) against the recording the same way: the pipeline's own run-to-run agreement.
/// `--require P`: the round trip's check — the bench fails (exit 70) unless at least P % of the
/// recorded signals are reproduced within ±1 s.
enum ArchiveReplayBench {
    /// Tolerances, market seconds either side.
    static let tight = 1.0, loose = 5.0

    static func run(archive: String, arguments: [String]) async throws -> BenchReport {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: archive, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ExitError(.usage, "--archive: no such directory: \(archive)")
        }
        let directory = URL(fileURLWithPath: archive).standardizedFileURL
        // What the replay serves: from the moment the recorded pipeline was whole, when it says.
        // The first `carried` records are the halts in force when it was whole (served ahead, before
        // the replay's first moment): the session scored starts after them.
        let (contents, leftOut, carried) = try WireArchiveReader.readForReplay(directory: directory)
        guard let firstRecord = contents.records.dropFirst(carried).first, let lastRecord = contents.records.last else {
            throw ExitError(.configuration, "\(archive) holds no record")
        }
        let first = MarketClock.secondsOfDay(firstRecord.marketTime), last = MarketClock.secondsOfDay(lastRecord.marketTime)
        let speed = Double(BenchOptions.value("--speed", in: arguments) ?? "20") ?? 0
        guard speed > 0 else { throw ExitError(.usage, "--speed: not a positive number") }
        let required = try BenchOptions.value("--require", in: arguments).map { text in
            guard let percent = Double(text), (0...100).contains(percent) else { throw ExitError(.usage, "--require: not a percentage: \(text)") }
            return percent
        }
        let recordedPath = directory.appendingPathComponent("signals.jsonl").path
        let recorded = JSONLines.read(TradeSignal.self, path: recordedPath).compactMap(EventMatcher.Observation.init)

        let run = PipelineRun(tag: "r", policy: "kis41")
        let started = Date()
        try await run.start(arguments: ["--replay", directory.path, "--speed", Clock.format(speed)])
        let wallLimit = (last - first) / speed * 2 + 120
        while let now = run.marketSecondsOfDay(), now < last + 2, Date().timeIntervalSince(started) < wallLimit {
            try? await Task.sleep(nanoseconds: 500_000_000)
        }
        await run.stop()
        let replayed = run.signals()
        let ready = run.readyAt ?? first

        var lines = ["archive \(directory.lastPathComponent): \(contents.records.count) records, "
                     + "\(Clock.hhmmss(first))–\(Clock.hhmmss(last)), replayed at \(Clock.format(speed)) "
                     + String(format: "(%.0f wall s), pipeline ready %@", Date().timeIntervalSince(started), Clock.hhmmss(ready))]
        if leftOut > 0 {
            lines.append("\(leftOut) records came before the recorded pipeline was whole (\(WireArchiveReader.pipelineReadyFile)) "
                         + "or after it began to stop (\(WireArchiveReader.pipelineStoppingFile)): its signal engine never saw them, "
                         + "and the replay leaves them out")
        }
        if carried > 0 {
            lines.append("\(carried) halted answers from before the recorded pipeline was whole are served ahead of the replay's "
                         + "first moment: the recorded signal engine knew those halts from its start (the poller's halted-status replay)")
        }
        if ready > first + tight {
            lines.append("the pipeline came up \(Clock.format((ready - first).rounded())) market s into the recording and missed its start: "
                         + "raise KIS41_REPLAY_LEAD (real seconds before the first record, default 30) on a loaded machine")
        }
        // A replay reproduces the recorded data times only while the pipeline keeps up: data older
        // than `DataTime.maximumLag` on arrival is stamped with its arrival instead.
        let ages = JSONLines.read(TradeSignal.self, path: run.runDirectory + "/signals.jsonl").map(\.dataAgeSeconds)
        let stale = ages.filter { $0 > DataTime.maximumLag }.count
        if !ages.isEmpty, Double(stale) > 0.05 * Double(ages.count) {
            lines.append("the replayed pipeline fell behind: \(stale) of \(ages.count) signals came from data more than "
                         + "\(Clock.format(DataTime.maximumLag)) market s old on arrival (stamped at arrival, not at the data's time); "
                         + "this machine did not keep up with speed \(Clock.format(speed)): replay slower (--speed)")
        }
        var figures: [(String, JSONValue)] = [("records", .number(Double(contents.records.count))),
                                              ("replayed_signals", .number(Double(replayed.count))),
                                              ("stale_signals", .number(Double(stale)))]
        guard !recorded.isEmpty else {
            lines.append("replayed signals: \(replayed.count); nothing to score against: \(recordedPath) is missing or empty "
                         + "(./run keeps it when a recorded session stops)")
            return BenchReport(name: "replay", lines: lines, figures: figures,
                               failure: required == nil ? nil : "--require: no recorded signals to check the round trip against")
        }
        // Recorded signals count from the replay's readiness (nothing earlier could be seen) to
        // 2 s before the end (so each had its tolerance).
        let session = EventMatcher.Session(start: first, end: last, ready: ready, settle: tight + 1)
        let within1 = ReferenceMatcher(lead: tight, window: tight).match(reference: recorded, policy: replayed, session: session)
        let within5 = ReferenceMatcher(lead: loose, window: loose).match(reference: recorded, policy: replayed, session: session)
        lines.append(summary("replay", recorded: within1.referenceSignals, other: replayed.count, within1: within1, within5: within5))
        // The pipeline's own run-to-run agreement: another session of the same day (e.g. the same
        // kis-sim seed and start, recorded again) against the recording, in the same window.
        if let path = BenchOptions.value("--baseline", in: arguments) {
            let baseline = JSONLines.read(TradeSignal.self, path: path).compactMap(EventMatcher.Observation.init)
            let base1 = ReferenceMatcher(lead: tight, window: tight).match(reference: recorded, policy: baseline, session: session)
            let base5 = ReferenceMatcher(lead: loose, window: loose).match(reference: recorded, policy: baseline, session: session)
            lines.append(summary("baseline", recorded: base1.referenceSignals, other: baseline.count, within1: base1, within5: base5))
            figures += [("baseline_1s", .number(Clock.round(base1.reproduction, 4))), ("baseline_5s", .number(Clock.round(base5.reproduction, 4)))]
        }
        for kind in within1.kinds {
            let tightKind = within1.restricted(to: [kind]), looseKind = within5.restricted(to: [kind])
            lines.append("  \(kind.padding(toLength: 18, withPad: " ", startingAt: 0)) \(tightKind.reproduced)/\(tightKind.referenceSignals) "
                         + "within 1 s, \(looseKind.reproduced) within 5 s, \(looseKind.extra) extra")
        }
        figures += [("recorded_signals", .number(Double(within1.referenceSignals))),
                    ("reproduced_1s", .number(Clock.round(within1.reproduction, 4))),
                    ("reproduced_5s", .number(Clock.round(within5.reproduction, 4))),
                    ("extra_5s", .number(Double(within5.extra)))]
        var failure: String?
        if let required {
            let met = within1.reproduction * 100 >= required
            lines.append("round trip: at least \(Clock.format(required)) % of the recorded signals within ±\(Clock.format(tight)) s: "
                         + (met ? "met" : "NOT met") + String(format: " (%.1f %%)", within1.reproduction * 100))
            if !met { failure = String(format: "replay reproduced %.1f %% of the recorded signals within ±1 s, below the required %@ %%",
                                       within1.reproduction * 100, Clock.format(required)) }
        }
        return BenchReport(name: "replay", lines: lines, figures: figures, failure: failure)
    }

    static func summary(_ name: String, recorded: Int, other: Int, within1: ReferenceMatcher.Result,
                        within5: ReferenceMatcher.Result) -> String {
        "\(name): recorded signals (counted) \(recorded), \(name) signals \(other); the same stock and kind within "
            + "±\(Clock.format(tight)) s: \(within1.reproduced) " + String(format: "(%.1f %%)", within1.reproduction * 100)
            + ", within ±\(Clock.format(loose)) s: \(within5.reproduced) " + String(format: "(%.1f %%)", within5.reproduction * 100)
            + "; with no recorded twin (±\(Clock.format(loose)) s): \(within5.extra)"
    }
}
