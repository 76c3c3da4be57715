import Foundation
import IPC
import Reports
import SignalEngine
import Simulator
import System

/// `bench replay [--seed N] [--from HH:MM] [--to HH:MM] [--every S] [--restart-every MIN] [--signals FILE] [--dump FILE] [--json]`: the signal engine's
/// ceiling on the seeded kis-sim day of `bench capture`, without the pipeline. The market model runs
/// in-process; every stock is quoted every `--every` market seconds (default 5: what kis41's
/// whole-market REST sweep achieves, 30 codes a call at ~17 calls/s), staggered across the interval,
/// into one `SignalEvaluator`; the signals are scored by the same `EventMatcher` session as
/// `bench capture`. No WebSocket, no allocation, no rate limit, no start-up: a miss here is the
/// evaluators' (their thresholds), not the budget's. Runs in seconds, so evaluator changes can be
/// judged before a pipeline day; only when named. The `"signals"` section of `$KIS41_CONFIG` applies.
/// `--restart-every MIN` starts the evaluator afresh every MIN market minutes from `--from`, as a
/// `signals` process killed and restarted that often would without its snapshot
/// (`signals-state.json`): its tapes, volatility and cooldowns lost (the worst case; with the
/// snapshot a restarted evaluator carries on exactly, see `SignalsSnapshotTests`).
enum ReplayBench {
    static func run(_ arguments: [String]) async throws -> BenchReport {
        guard CaptureBench.explicitlyNamed("replay") else {
            return BenchReport(name: "replay", lines: ["skipped: run ./run bench replay"], figures: [("skipped", .bool(true))])
        }
        if let archive = BenchOptions.value("--archive", in: arguments) {
            return try await ArchiveReplayBench.run(archive: archive, arguments: arguments)
        }
        let options = try CaptureBench.Options(arguments)
        let every = Double(BenchOptions.value("--every", in: arguments) ?? "5") ?? 5
        guard every >= 1 else { throw ExitError(.usage, "--every: at least 1 market second") }
        let started = Date()
        let dump = BenchOptions.value("--dump", in: arguments)
        let restartEvery = BenchOptions.value("--restart-every", in: arguments).flatMap(Double.init).map { $0 * 60 }
        let signals = try ConfigurationFile.load().section("signals", defaults: SignalsConfiguration())
        let (events, observations) = try replay(seed: options.seed, from: options.fromSeconds, to: options.toSeconds, every: every,
                                            configuration: signals, restartEvery: restartEvery, dump: dump)
        if let path = BenchOptions.value("--signals", in: arguments) {
            let lines = observations.map { "\(Int($0.secondOfDay)) \($0.code) \($0.kind)\n" }.joined()
            try Data(lines.utf8).write(to: URL(fileURLWithPath: path))
        }
        let session = EventMatcher.Session(start: options.fromSeconds, end: options.toSeconds, settle: CaptureBench.settle)
        let score = CaptureBench.matcher.match(events: events, observations: observations, session: session)
        let result = CaptureBench.PolicyResult(score: score, samples: .init())
        var lines = ["seed \(options.seed), \(options.from)–\(options.to), every stock quoted every \(Clock.format(every)) market s "
                     + String(format: "(%.1f wall s)", Date().timeIntervalSince(started)),
                     "caught: \(CaptureBench.matcher.windowDescription)",
                     CaptureBench.PolicyResult.header, result.line(policy: "replay")]
        let byKind = Dictionary(grouping: score.verdicts, by: \.event.kind)
        for kind in byKind.keys.sorted() {
            let verdicts = byKind[kind]!
            let latencies = verdicts.compactMap(\.latency).sorted()
            let name = kind.padding(toLength: max(12, kind.count), withPad: " ", startingAt: 0)
            lines.append("  \(name) " + String(format: "%3d/%-3d caught, latency p50 %.0f s, max %.0f s", latencies.count, verdicts.count,
                                                 EventMatcher.Result.percentile(latencies, 50), latencies.last ?? 0))
        }
        for verdict in score.verdicts where !verdict.isCaught {
            let e = verdict.event
            lines.append("  missed \(e.id) \(e.kind) \(e.code) \(Clock.hhmmss(e.start))–\(Clock.hhmmss(e.end)) magnitude \(e.magnitude)")
        }
        let unmatched = Dictionary(grouping: observations.filter { observation in
            !events.contains { !$0.noise && CaptureBench.matcher.catches(observation, EventMatcher.observable([$0], from: session.start)[0]) }
        }, by: \.kind).mapValues(\.count)
        lines.append("unmatched signals by kind: " + unmatched.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        var figures: [(String, JSONValue)] = [("seed", .number(Double(options.seed)))] + result.json.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        // `--reference`: also against the reference (the engine on the complete tape), as `bench capture`
        // scores a pipeline: the delay a sweep of every S seconds costs with no pipeline at all.
        if arguments.contains("--reference") {
            let reference = ReferenceRun(options: options)
            let scored = ReferenceRun.matcher.match(reference: reference.signals, policy: observations, session: session)
            if let path = BenchOptions.value("--matches", in: arguments) {
                try ReferenceRun.writeMatches(scored, path: path)
            }
            lines.append("reference: \(reference.signals.count) signals (\(reference.description)); reproduced: \(ReferenceRun.matcher.windowDescription)")
            lines += scored.breakdown(policy: "replay/\(Clock.format(every))s")
            lines += scored.priceAndVolume.delayTail(policy: "replay/\(Clock.format(every))s")
            figures.append(("reference", .object(scored.json)))
        }
        return BenchReport(name: "replay", lines: lines, figures: figures)
    }

    /// Runs the day to `to`, quoting from `from` on (as a pipeline started then would), and returns
    /// its ground truth and the signals the evaluator published.
    /// With `dump`, every quote is also written to that file as a `second code price volume` line,
    /// and the ground truth to `dump.events.jsonl`, for studying the evaluators offline.
    static func replay(seed: UInt64, from: Double, to: Double, every: Double,
                       configuration signals: SignalsConfiguration = .init(), restartEvery: Double? = nil,
                       dump: String? = nil) throws -> ([GroundTruthEvent], [EventMatcher.Observation]) {
        let configuration = SimulationConfiguration(seed: seed)
        var model = MarketModel(configuration: configuration)
        let date = configuration.tradingDate
        var parts = DateComponents()
        parts.year = date.year; parts.month = date.month; parts.day = date.day
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Seoul")!
        let dayStart = calendar.date(from: parts)!.timeIntervalSince1970
        let events = model.schedule.events.map { event in
            GroundTruthEvent(id: event.id, kind: event.kind.rawValue, code: event.code, start: event.start, end: event.end,
                             magnitude: event.magnitude, noise: event.kind.isNoise)
        }
        // The master files' profiles, as the pipeline's `signals` has them (without them every stock
        // falls in one pool and has no previous-day volume).
        let profiles = ReferenceRun.profiles(of: model.universe)
        let lookup: @Sendable (String) -> StockProfile? = { profiles[$0] }
        var evaluator = SignalEvaluator(configuration: signals, profileLookup: lookup)
        var dumpText = ""
        var observations: [EventMatcher.Observation] = []
        let codes = model.universe.listings.map(\.code)
        var trades: [MarketTrade] = []
        _ = model.advance(to: from - 1)
        var second = from
        while second <= to {
            trades.removeAll(keepingCapacity: true)
            model.advance(to: second, into: &trades)
            if let restartEvery, second > from, (second - from).truncatingRemainder(dividingBy: restartEvery) == 0 {
                evaluator = SignalEvaluator(configuration: signals, profileLookup: lookup)
            }
            let isAuction = model.session == .openingAuction
            let now = dayStart + second
            // Stock i is quoted when (second + i) is a multiple of `every`: a staggered sweep.
            for (i, code) in codes.enumerated() where (Int(second) + i) % Int(every) == 0 {
                let q = model.quote(at: i)
                let quote = Quote(code: code, price: q.price, previousClose: q.previousClose, change: q.change, changeRate: q.changeRate,
                                  cumulativeVolume: Int(q.cumulativeVolume), open: q.open, high: q.high, low: q.low,
                                  expectedPrice: isAuction && q.expectedPrice > 0 ? q.expectedPrice : nil,
                                  expectedVolume: isAuction ? Int(q.expectedVolume) : nil, receivedAt: now)
                if dump != nil { dumpText += "\(Int(second)) \(code) \(q.price) \(q.cumulativeVolume)\n" }
                for signal in evaluator.ingest(quote, now: now).signals {
                    observations.append(EventMatcher.Observation(code: code, kind: signal.kind.rawValue, secondOfDay: second, source: "rest"))
                }
            }
            second += 1
        }
        if let dump {
            let encoder = JSONEncoder()
            let lines = try events.map { String(decoding: try encoder.encode($0), as: UTF8.self) + "\n" }
            for (path, text) in [(dump, dumpText), (dump + ".events.jsonl", lines.joined())] {
                do {
                    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
                } catch {
                    throw ExitError(.cannotCreate, "--dump: cannot write \(path): \(error.localizedDescription)")
                }
            }
        }
        return (events, observations)
    }
}

extension Clock {
    static func hhmmss(_ seconds: Double) -> String {
        String(format: "%02d:%02d:%02d", Int(seconds) / 3600, Int(seconds) / 60 % 60, Int(seconds) % 60)
    }
}
