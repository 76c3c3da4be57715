import Foundation
import IPC
import Reports
import System
#if canImport(Glibc)
import Glibc
#endif

/// `bench chaos [--seed N] [--speed K] [--from HH:MM] [--to HH:MM] [--kill-every MIN] [--drop clean|dirty|both] [--json]`:
/// the kis41 day of `bench capture` again, with faults, through the real supervisor (`./run start`):
///
/// - kis-sim faults through `KIS41_SIM_FLAGS`: the WebSocket dropped every 7 market minutes
///   (`--drop-ws-every 420`), 2 % of REST quote calls answered EGW00001 (`--rest-error-rate 0.02`),
///   20 ms added to every REST answer (`--rest-latency 0.02`). A clean drop (close frame) and a dirty
///   one (`--dirty-drop`: TCP closed, the session lingers 30 market s as a zombie) need different
///   kis-sim flags, so `--drop both` (default) runs the chaos day twice, once each way.
/// - every `--kill-every` market minutes (default 4) one of ws-gateway, rest-poller, allocator,
///   signals (seeded choice) gets SIGKILL; the bench waits for the supervisor's restart (a new pid that
///   answers `status`) and checks that the other four processes (kis-sim included) kept their pids.
///
/// Baseline: the same seed and window without faults (a fresh `bench capture` kis41 run).
/// Figures: capture (pooled over the chaos runs), baseline capture, restarts (the supervisor's
/// counters), ledger recovery times (every `recovered: outage X s` the gateway logs, which is what
/// its status shows as `last_outage_s`; wall seconds), EGW00201 violations, and "lost": events the
/// baseline caught that a chaos run missed (summed over the chaos runs).
enum ChaosBench {
    static let victims = ["ws-gateway", "rest-poller", "allocator", "signals"]
    static let sockets = ["ws-gateway": SocketName.gateway, "rest-poller": SocketName.poller,
                          "allocator": SocketName.allocator, "signals": SocketName.signals]

    struct Kill: Sendable {
        var victim: String
        var marketTime: Double
        var backAfter: Double?          // wall seconds until a new pid answered status; nil: never
        var othersUnchanged: Bool
    }

    static func run(_ arguments: [String]) async throws -> BenchReport {
        guard CaptureBench.explicitlyNamed("chaos") else { return CaptureBench.skipped("chaos") }
        let options = try CaptureBench.Options(arguments)
        let killEvery = Double(BenchOptions.value("--kill-every", in: arguments) ?? "4") ?? 4
        let dropMode = BenchOptions.value("--drop", in: arguments) ?? "both"
        let modes: [String] = switch dropMode {
        case "clean": ["clean"]
        case "dirty": ["dirty"]
        case "both": ["clean", "dirty"]
        default: throw ExitError(.usage, "--drop: clean, dirty or both (got \(dropMode))")
        }

        let baseline = try await CaptureBench.measure(run: PipelineRun(tag: "b", policy: "kis41"), options: options)
        var lines = ["seed \(options.seed), \(options.from)–\(options.to) at speed \(Clock.format(options.speed)), "
                     + "a kill every \(Clock.format(killEvery)) market min, WS drop every 420 market s, REST 2 % EGW00001 + 20 ms",
                     CaptureBench.PolicyResult.header, baseline.line(policy: "base")]
        var caught = 0, events = 0, restarts = 0, violations = 0, lost = 0
        var recoveries: [Double] = []
        var killsBack = 0, kills = 0, othersDisturbed = 0
        var failed: [String] = []
        for mode in modes {
            let run = PipelineRun(tag: "x", policy: "kis41")
            let recorder = KillRecorder()
            let flags = "--drop-ws-every 420 --rest-error-rate 0.02 --rest-latency 0.02"
                + (mode == "dirty" ? " --dirty-drop --zombie-seconds 30" : "")
            let killSeed = options.seed
            let result = try await CaptureBench.measure(run: run, options: options, simFlags: flags) { run in
                await killLoop(run: run, options: options, everyMinutes: killEvery, seed: killSeed, recorder: recorder)
            }
            // After stop: the supervisor's counters and the gateway's log are still in the run directory.
            let runRestarts = victims.map(run.restarts(of:)).reduce(0, +) + run.restarts(of: "kis-sim")
            let runRecoveries = recoveryTimes(log: run.log(of: "ws-gateway"))
            failed += (victims + ["kis-sim"]).filter { name in
                (try? String(contentsOfFile: "\(run.runDirectory)/\(name)/reason", encoding: .utf8)) != nil
            }.map { "\(mode):\($0)" }
            let missed = baseline.score.caughtIDs.subtracting(result.score.caughtIDs)
            let records = recorder.snapshot()
            lines.append(result.line(policy: mode))
            let lostText = missed.isEmpty ? "" : ": " + missed.sorted().joined(separator: " ")
            lines.append("  \(mode): \(records.count) kills (\(describe(records))), \(runRestarts) restarts, "
                         + "ledger recoveries \(runRecoveries.count) (p50 \(fmt(EventMatcher.Result.percentile(runRecoveries.sorted(), 50))) s, "
                         + "max \(fmt(runRecoveries.max() ?? 0)) s wall), lost \(missed.count)\(lostText)")
            caught += result.score.caught; events += result.score.events
            restarts += runRestarts; violations += result.samples.violations; lost += missed.count
            recoveries += runRecoveries
            kills += records.count; killsBack += records.filter { $0.backAfter != nil }.count
            othersDisturbed += records.filter { !$0.othersUnchanged }.count
        }
        let capture = events == 0 ? 0 : Double(caught) / Double(events)
        recoveries.sort()
        lines.append(String(format: "chaos capture %.1f%% vs baseline %.1f%%; %d/%d killed components back, %d kills disturbed others; "
                            + "%d restarts; %d violations; %d lost%@", capture * 100, baseline.capture * 100, killsBack, kills,
                            othersDisturbed, restarts, violations, lost, failed.isEmpty ? "" : "; FAILED: \(failed.joined(separator: ", "))" as NSString))
        return BenchReport(name: "chaos", lines: lines, figures: [
            ("capture", .number(Clock.round(capture, 3))), ("baseline_capture", .number(Clock.round(baseline.capture, 3))),
            ("restarts", .number(Double(restarts))), ("violations", .number(Double(violations))), ("lost", .number(Double(lost))),
            ("kills", .number(Double(kills))), ("kills_back", .number(Double(killsBack))),
            ("others_disturbed", .number(Double(othersDisturbed))),
            ("recovery_p50_s", .number(Clock.round(EventMatcher.Result.percentile(recoveries, 50), 3))),
            ("recovery_max_s", .number(Clock.round(recoveries.last ?? 0, 3))),
            ("drops", .array(modes.map(JSONValue.string))),
        ])
    }

    static func describe(_ kills: [Kill]) -> String {
        kills.map { kill in
            var text = "\(kill.victim)@\(Clock.hhmm(kill.marketTime))"
            if let back = kill.backAfter { text += String(format: " back %.1fs", back) } else { text += " NOT BACK" }
            if !kill.othersUnchanged { text += " OTHERS RESTARTED" }
            return text
        }.joined(separator: ", ")
    }

    static func fmt(_ value: Double) -> String { String(format: "%.2f", value) }

    /// `recovered: outage 0.123 s` lines of the gateway's log (all its processes: the log is appended).
    static func recoveryTimes(log: String) -> [Double] {
        log.split(separator: "\n").compactMap { line in
            guard let range = line.range(of: "recovered: outage ") else { return nil }
            return Double(line[range.upperBound...].prefix { $0 != " " })
        }
    }

    /// Kills one component every `everyMinutes` market minutes (the first after one period) until cancelled.
    static func killLoop(run: PipelineRun, options: CaptureBench.Options, everyMinutes: Double, seed: UInt64,
                         recorder: KillRecorder) async {
        // Seeded: the same seed kills the same components in the same order.
        var generator = SplitMix64(seed: seed ^ 0xC4A05)
        var next = options.fromSeconds + everyMinutes * 60
        while !Task.isCancelled {
            guard let now = run.marketSecondsOfDay() else { try? await Task.sleep(nanoseconds: 200_000_000); continue }
            if now < next { try? await Task.sleep(nanoseconds: 200_000_000); continue }
            if now >= options.toSeconds - 60 { return }     // leave the run's last minute undisturbed
            next += everyMinutes * 60
            let victim = victims[Int(generator.next() % UInt64(victims.count))]
            let everyone = victims + ["kis-sim"]
            let before = Dictionary(uniqueKeysWithValues: everyone.compactMap { name in run.pid(of: name).map { (name, $0) } })
            guard let pid = before[victim] else { continue }
            kill(pid, SIGKILL)
            let killedAt = Date()
            var backAfter: Double?
            while Date().timeIntervalSince(killedAt) < 60 {
                if let newPid = run.pid(of: victim), newPid != pid, kill(newPid, 0) == 0,
                   await run.status(sockets[victim]!) != nil {
                    backAfter = Date().timeIntervalSince(killedAt)
                    break
                }
                try? await Task.sleep(nanoseconds: 100_000_000)
            }
            let othersUnchanged = everyone.filter { $0 != victim }.allSatisfy { name in
                guard let old = before[name] else { return true }
                return run.pid(of: name) == old && kill(old, 0) == 0
            }
            recorder.add(Kill(victim: victim, marketTime: now, backAfter: backAfter, othersUnchanged: othersUnchanged))
        }
    }
}

final class KillRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var kills: [ChaosBench.Kill] = []
    func add(_ kill: ChaosBench.Kill) { lock.withLock { kills.append(kill) } }
    func snapshot() -> [ChaosBench.Kill] { lock.withLock { kills } }
}

extension Clock {
    static func hhmm(_ seconds: Double) -> String { String(format: "%02d:%02d", Int(seconds) / 3600, Int(seconds) / 60 % 60) }
}
