import Foundation
import IPC
import Reports

/// `bench capture`'s score of the KRX kinds (`vi`, `limit_lock`, `halt`) against kis-sim's mechanics
/// lines of `events.jsonl` (`Reports.MechanicsScore`): capture, delay from the moment, and the share
/// of VI releases whose stock held a WebSocket trade slot.
extension CaptureBench {
    static let mechanicsScore = MechanicsScore()

    /// The run's mechanics figures over [`from`, `to`] (empty when kis-sim logged none).
    static func mechanics(run: PipelineRun, options: Options) -> [String: MechanicsScore.Figures] {
        let episodes = MechanicsScore.episodes(in: run.runDirectory + "/events.jsonl")
        guard !episodes.isEmpty else { return [:] }
        return mechanicsScore.score(
            episodes: episodes, signals: JSONLines.read(TradeSignal.self, path: run.runDirectory + "/signals.jsonl"),
            allocations: JSONLines.read(TimelineRecord.self, path: run.runDirectory + "/timeline.jsonl"),
            start: options.fromSeconds, end: options.toSeconds, ready: run.readyAt, settle: settle)
    }

    static let mechanicsKeys = ["vi", "vi_release", "limit_lock", "halt"]

    /// Each scored policy's figures, from its run directory (`--score DIR`'s, or this process's `/tmp/k41c-PID-POLICY`).
    static func mechanics(of policies: [String], arguments: [String], options: Options) -> [(String, [String: MechanicsScore.Figures])] {
        if let directory = BenchOptions.value("--score", in: arguments) {
            let run = PipelineRun(existing: directory)
            return [(run.policy, mechanics(run: run, options: options))]
        }
        // Read back from the finished run's directory (its readiness is in `bench-ready`).
        return policies.map { ($0, mechanics(run: PipelineRun(existing: PipelineRun(tag: "c", policy: $0).runDirectory), options: options)) }
    }

    /// `kis41 krx: vi 40/41 (97.6 %) p50 1.0 s p95 3.0 s; vi_release …, with a slot 33/41 (80.5 %); …`
    static func mechanicsLine(policy: String, _ figures: [String: MechanicsScore.Figures]) -> String? {
        guard !figures.isEmpty else { return nil }
        let parts = mechanicsKeys.compactMap { key -> String? in
            guard let f = figures[key] else { return nil }
            var text = String(format: "%@ %d/%d (%.1f %%) delay p50 %.1f s p95 %.1f s", key as NSString, f.caught, f.episodes,
                              f.capture * 100, f.delay(50) ?? 0, f.delay(95) ?? 0)
            if key == "vi_release" { text += String(format: ", with a slot %d/%d (%.1f %%)", f.withSlot, f.episodes, f.slotShare * 100) }
            return text
        }
        return "\(policy) krx: " + parts.joined(separator: "; ")
    }

    static func mechanicsJSON(_ figures: [String: MechanicsScore.Figures]) -> [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        for (key, f) in figures {
            out[key] = .object([
                "episodes": .number(Double(f.episodes)), "caught": .number(Double(f.caught)),
                "capture": .number(Clock.round(f.capture, 3)), "delay_p50_s": .number(Clock.round(f.delay(50) ?? 0, 1)),
                "delay_p95_s": .number(Clock.round(f.delay(95) ?? 0, 1)), "with_slot": .number(Double(f.withSlot)),
                "slot_share": .number(Clock.round(f.slotShare, 3)),
            ])
        }
        return out
    }
}
