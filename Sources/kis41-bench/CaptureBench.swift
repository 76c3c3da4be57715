import Allocation
import Foundation
import IPC
import Reports
import System
#if canImport(Glibc)
import Glibc
#endif

/// `bench capture [--seed N] [--speed K] [--from HH:MM] [--to HH:MM | --day] [--json]`: the same seeded
/// kis-sim day under each allocation policy (`kis41`, `rest-only`, `seed`, `static`), each through the real
/// pipeline: `./run start` with its own `KIS41_RUN_DIR` (`/tmp/k41c-PID-POLICY`), a `KIS41_CONFIG`
/// selecting the policy and `KIS41_BUILD` = this binary's build configuration, stopped with
/// `./run stop` once the market clock passes `--to`. The runs are sequential: one pipeline at speed
/// 20 takes about one core (kis-sim ~0.5, rest-poller ~0.4), so running three at once on a 2-core
/// machine would measure CPU starvation rather than the policies.
///
/// Every non-noise ground-truth event of `events.jsonl` that is live in the window is matched to the
/// run's `signals.jsonl` by `Reports.EventMatcher`, the report's definition of "caught" (see
/// `score`); allocator and poller `status` are sampled every 2 s
/// for utilisation; violations are the `EGW00201` refusals the poller reports (`egw00201`): kis-sim
/// counts limit violations itself but does not expose them over IPC, and with no spurious refusals
/// configured every EGW00201 it sends is a violation.
///
/// Each policy is also scored against the reference (`ReferenceRun`: the same signal engine on the
/// complete tape of the same day, in-process) by `Reports.ReferenceMatcher`: reproduction, delay
/// p50/p95/p99, slot hit rate (the allocator's trade-slot holders, from the run's `timeline.jsonl`),
/// extra signals, per kind and per source of the reproducing signal.
/// Defaults: seed 41, speed 20, 08:55–10:20 (≈ 4.5 wall minutes per policy); `--day` is 08:55–15:30
/// (≈ 20 wall minutes per policy at speed 20).
/// `--score DIR` scores an earlier run's directory again (no pipeline runs), e.g. after a matcher change.
enum CaptureBench {
    static let policies = ["kis41", "rest-only", "seed", "static"]

    struct Options {
        var seed: UInt64 = 41
        var speed: Double = 20
        var from = "08:55"
        var to = "10:20"
        /// `--policies kis41,seed`: a subset, for tuning runs (default: all four).
        var policies = CaptureBench.policies
        /// The whole trading day: `--day` is 08:55–15:30 (the open is not the day: lunch and the
        /// close behave differently).
        static let day = (from: "08:55", to: "15:30")
        static var dayFromSeconds: Double { Clock.seconds(day.from)! }
        static var dayToSeconds: Double { Clock.seconds(day.to)! }

        init(_ arguments: [String]) throws {
            seed = try BenchOptions.seed(in: arguments, default: seed)
            if let text = BenchOptions.value("--speed", in: arguments) {
                guard let value = Double(text), value > 0 else { throw ExitError(.usage, "--speed: not a positive number: \(text)") }
                speed = value
            }
            if let text = BenchOptions.value("--policies", in: arguments) {
                policies = text.split(separator: ",").map(String.init)
                guard !policies.isEmpty, policies.allSatisfy({ CaptureBench.policies.contains($0) || CaptureBench.hazardFeatures(of: $0) != nil }) else {
                    throw ExitError(.usage, "--policies: a comma-separated subset of \(CaptureBench.policies.joined(separator: ",")), "
                                    + "or kis41-hazard[-without-GROUP…] (GROUP: \(HazardFeatureGroup.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
            }
            // `--accounts N`: every policy also with N simulated accounts (`POLICY@N`, `./run --accounts N`);
            // without --policies, kis41 and rest-only.
            if let text = BenchOptions.value("--accounts", in: arguments) {
                guard let accounts = Int(text), (2...16).contains(accounts) else { throw ExitError(.usage, "--accounts: expected 2…16, got \(text)") }
                if BenchOptions.value("--policies", in: arguments) == nil { policies = ["kis41", "rest-only"] }
                policies = policies.flatMap { [$0, "\($0)@\(accounts)"] }
            }
            if arguments.contains("--day") {
                guard BenchOptions.value("--from", in: arguments) == nil, BenchOptions.value("--to", in: arguments) == nil else {
                    throw ExitError(.usage, "--day is \(Self.day.from)–\(Self.day.to): give it or --from/--to, not both")
                }
                (from, to) = Self.day
            }
            from = BenchOptions.value("--from", in: arguments) ?? from
            to = BenchOptions.value("--to", in: arguments) ?? to
            guard let f = Clock.seconds(from), let t = Clock.seconds(to), t > f else {
                throw ExitError(.usage, "--from/--to: want HH:MM with from < to (got \(from)–\(to))")
            }
        }
        var fromSeconds: Double { Clock.seconds(from)! }
        var toSeconds: Double { Clock.seconds(to)! }
    }

    static func run(_ arguments: [String]) async throws -> BenchReport {
        guard explicitlyNamed("capture") else { return skipped("capture") }
        let options = try Options(arguments)
        // First, in-process: a mistake shows before the pipeline days, not after.
        let reference = ReferenceRun(options: options)
        var results: [(String, PolicyResult)] = []
        if let directory = BenchOptions.value("--score", in: arguments) {
            let run = PipelineRun(existing: directory)
            var result = PolicyResult(score: score(run: run, options: options), samples: .init(),
                                      reference: try reference.score(run: run, options: options))
            result.quality = CaptureQuality(run: run, score: result.score, closes: reference.closes, options: options)
            results.append((run.policy, result))
        } else {
            for policy in options.policies {
                let run = PipelineRun(tag: "c", policy: policy)
                var result = try await measure(run: run, options: options)
                result.reference = try reference.score(run: run, options: options)
                result.quality = CaptureQuality(run: run, score: result.score, closes: reference.closes, options: options)
                results.append((policy, result))
            }
        }
        let events = results.first?.1.score.events ?? 0
        var lines = ["seed \(options.seed), \(options.from)–\(options.to) market time at speed \(Clock.format(options.speed)), "
                     + "\(events) ground-truth events (noise excluded, none starting in the last \(Int(settle)) s), "
                     + "\(reference.signals.count) reference signals (\(reference.description))",
                     "caught: \(matcher.windowDescription); latency from the event's start, the session's start or the pipeline's readiness, whichever is last",
                     "reproduced: \(ReferenceRun.matcher.windowDescription); delay = policy signal's market time − reference's; "
                     + "reference signals from the pipeline's readiness to \(Int(settle)) s before the end",
                     PolicyResult.header]
        lines += results.map { $1.line(policy: $0) }
        lines += results.compactMap { policy, result in result.missedLine.map { "\(policy) missed: \($0)" } }
        for (policy, result) in results { lines += result.reference.map { $0.breakdown(policy: policy) + $0.priceAndVolume.delayTail(policy: policy) } ?? [] }
        if results.contains(where: { $0.1.quality != nil }) {
            lines.append("per kind: precision against planted events (decoys are false alarms); outcome from the tape: "
                         + "hit = price moved the signal's way after 5/15/30 market minutes, edge = mean return its way less random times' of the same stocks, in σ")
        }
        for (policy, result) in results { lines += result.quality?.lines(policy: policy) ?? [] }
        if let kis41 = results.first(where: { $0.0 == "kis41" })?.1, let seed = results.first(where: { $0.0 == "seed" })?.1 {
            lines.append(String(format: "kis41 catches %.1f× the seed policy's events", seed.score.caught == 0 ? .infinity
                                : Double(kis41.score.caught) / Double(seed.score.caught)))
        }
        let krx = mechanics(of: results.map(\.0), arguments: arguments, options: options)
        lines += krx.compactMap { policy, figures in mechanicsLine(policy: policy, figures) }
        var policies: [String: JSONValue] = [:]
        for (name, result) in results { policies[name] = .object(result.json) }
        return BenchReport(name: "capture", lines: lines, figures: [
            ("seed", .number(Double(options.seed))), ("events", .number(Double(events))),
            ("reference", .object(["signals": .number(Double(reference.signals.count))])), ("policies", .object(policies)),
            ("krx", .object(Dictionary(uniqueKeysWithValues: krx.map { ($0.0, JSONValue.object(mechanicsJSON($0.1))) }))),
        ])
    }

    /// `./run bench` without a name runs every benchmark: the pipeline days (≈ 14 wall minutes
    /// each) run only when named, e.g. `./run bench capture`.
    static func explicitlyNamed(_ name: String) -> Bool { CommandLine.arguments.dropFirst().first == name }
    static func skipped(_ name: String) -> BenchReport {
        BenchReport(name: name, lines: ["skipped: a whole pipeline day takes ~15 wall minutes; run ./run bench \(name)"],
                    figures: [("skipped", .bool(true))])
    }

    /// One policy's run: start, sample until `to`, stop, score.
    static func measure(run: PipelineRun, options: Options, simFlags: String = "",
                        during: (@Sendable (PipelineRun) async -> Void)? = nil) async throws -> PolicyResult {
        try await run.start(options: options, simFlags: simFlags)
        let sampler = StatusSampler()
        let wallLimit = (options.toSeconds - options.fromSeconds) / options.speed * 1.5 + 120
        let side = during.map { body in Task { await body(run) } }
        await sampler.sample(run: run, until: options.toSeconds, wallLimit: wallLimit)
        side?.cancel()
        await side?.value
        await run.stop()
        return PolicyResult(score: score(run: run, options: options), samples: sampler.snapshot(), reference: nil, quality: nil)
    }

    /// The one definition of "caught" (the report's), with its defaults.
    static let matcher = EventMatcher()
    /// Events starting in the run's last 2 market minutes are not counted: each counted event had at
    /// least that long to be seen.
    static let settle = 120.0

    /// Scores a finished run's `events.jsonl` and `signals.jsonl` over [`from`, `to`].
    static func score(run: PipelineRun, options: Options) -> EventMatcher.Result {
        let session = EventMatcher.Session(start: options.fromSeconds, end: options.toSeconds, ready: run.readyAt, settle: settle)
        return matcher.match(events: run.events(), observations: run.signals(), session: session)
    }

    /// What one run measured.
    struct PolicyResult {
        var score: EventMatcher.Result
        var samples: StatusSampler.Figures
        /// The score against the reference (nil when not scored, e.g. `bench chaos`).
        var reference: ReferenceMatcher.Result?
        /// Per kind: precision against planted events and the outcome from the tape (nil when not judged).
        var quality: CaptureQuality?

        static let header = ["policy   ", "events", "caught", " capture", "   p50 s", "   p95 s", "  signals", "unmatched",
                             "     ws", "   rest", "  viol", " ws/rest", "  reprod", " d p50 s", " d p95 s", " d p99 s",
                             "   slot", "  extra"].joined(separator: " ")
        func line(policy: String) -> String {
            let bySource = score.caughtBySource
            let head = String(format: "%-9@ %6d %6d %7.1f%% %8.1f %8.1f %9d %8.1f%% %6.1f%% %6.1f%% %6d %4d/%-4d", policy as NSString,
                              score.events, score.caught, capture * 100, latencyP50, latencyP95, score.totalSignals,
                              (1 - score.precision) * 100, samples.wsUtilisation * 100, samples.restUtilisation * 100,
                              samples.violations, bySource["ws"] ?? 0, bySource["rest"] ?? 0)
            guard let reference else { return head }
            return head + String(format: " %7.1f%% %8.1f %8.1f %8.1f %6.1f%% %6d", reference.reproduction * 100,
                                 reference.delayPercentile(50) ?? 0, reference.delayPercentile(95) ?? 0,
                                 reference.delayPercentile(99) ?? 0, reference.slotHitRate * 100, reference.extra)
        }
        /// 0 when there are no events (the matcher's 1 would flatter an empty window).
        var capture: Double { score.events == 0 ? 0 : score.capture }
        var latencyP50: Double { score.latencyPercentile(50) ?? 0 }
        var latencyP95: Double { score.latencyPercentile(95) ?? 0 }
        /// The missed events per kind, e.g. `breakout 2, momentumRun 1`; nil when none was missed.
        var missedLine: String? {
            let missed = Dictionary(grouping: score.verdicts.filter { !$0.isCaught }, by: \.event.kind).mapValues(\.count)
            guard !missed.isEmpty else { return nil }
            return missed.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        }
        var json: [String: JSONValue] {
            ["capture": .number(Clock.round(capture, 3)), "latency_p50_s": .number(Clock.round(latencyP50, 1)),
             "latency_p95_s": .number(Clock.round(latencyP95, 1)), "precision": .number(Clock.round(score.precision, 3)),
             "events": .number(Double(score.events)), "caught": .number(Double(score.caught)),
             "signals": .number(Double(score.totalSignals)), "unmatched_signals": .number(Double(score.unmatchedSignals)),
             "ws_util": .number(Clock.round(samples.wsUtilisation, 3)), "rest_util": .number(Clock.round(samples.restUtilisation, 3)),
             "violations": .number(Double(samples.violations))].merging(reference?.json ?? [:]) { current, _ in current }
                .merging(quality?.json ?? [:]) { current, _ in current }
        }
    }
}

// MARK: - the pipeline under test

/// One `./run start … / ./run stop` pipeline in its own run directory.
final class PipelineRun: @unchecked Sendable {
    let policy: String
    let runDirectory: String
    let configPath: String
    let root: String
    #if DEBUG
    static let build = "debug"
    #else
    static let build = "release"
    #endif

    init(tag: String, policy: String) {
        self.policy = policy
        runDirectory = "/tmp/k41\(tag)-\(getpid())-\(policy)"
        configPath = runDirectory + ".json"
        root = Self.projectRoot()
    }

    /// An earlier run's directory, to score again: its policy is read from the directory's name
    /// (`/tmp/k41c-PID-POLICY`), its readiness from the `bench-ready` file `start` wrote.
    init(existing directory: String) {
        runDirectory = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        // `k41c-PID-POLICY`, and a policy's name may hold a dash (`rest-only`).
        let name = URL(fileURLWithPath: runDirectory).lastPathComponent.split(separator: "-", maxSplits: 2)
        policy = name.count == 3 ? String(name[2]) : "?"
        configPath = runDirectory + ".json"
        root = Self.projectRoot()
        readyAt = (try? String(contentsOfFile: runDirectory + "/bench-ready", encoding: .utf8))
            .flatMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// `run bench` runs from the project root; otherwise three levels above `.build/CONFIG/kis41-bench`.
    static func projectRoot() -> String {
        let cwd = FileManager.default.currentDirectoryPath
        if FileManager.default.isExecutableFile(atPath: cwd + "/run") { return cwd }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path
    }

    /// The configuration file of a policy. The baselines also configure the poller the way the
    /// source document polls: only what the allocator's plan names (no whole-universe background or
    /// pre-open sweep: `masterFilePaths` empty), one stock per call, no spare-budget fetching, no
    /// ranking discovery. Without this the poller's defaults would give `seed` and `static` kis41's
    /// own whole-market REST coverage and the comparison would measure nothing.
    /// `rest-only` is kis41 with an allocator capacity of 0: no WebSocket registration at all, the
    /// same REST (the poller's whole-market sweep and the allocator's plan) and the same signal rules.
    static func configuration(policy labelled: String) -> String {
        let policy = Self.basePolicy(labelled)
        if let groups = CaptureBench.hazardFeatures(of: policy) {
            let features = groups.map { "\"\($0.rawValue)\"" }.joined(separator: ",")
            return #"{"allocator":{"policy":"kis41","hazard":{"slotScoring":"hazard","features":[\#(features)]}}}"#
        }
        guard policy != "kis41" else { return #"{"allocator":{"policy":"kis41"}}"# }
        guard policy != "rest-only" else { return #"{"allocator":{"policy":"kis41","capacity":0}}"# }
        return #"{"allocator":{"policy":"\#(policy)"},"rest-poller":{"masterFilePaths":[],"policy":"single","isWorkConserving":false,"discoveryIntervalSeconds":0}}"#
    }

    /// Market seconds of day when `run start` returned (every component answering `status`).
    private(set) var readyAt: Double?

    var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        // Always kis-sim: live credentials in the bench's environment must not switch to live mode.
        for name in ["KIS_APP_KEY", "KIS_APP_SECRET", "KIS41_SECRETS_FILE", "KIS41_SIM_FLAGS"] { environment[name] = nil }
        environment["KIS41_RUN_DIR"] = runDirectory
        environment["KIS41_CONFIG"] = configPath
        environment["KIS41_BUILD"] = Self.build
        return environment
    }

    func start(options: CaptureBench.Options, simFlags: String) async throws {
        try await start(arguments: ["--speed", Clock.format(options.speed), "--start", options.from, "--seed", String(options.seed)]
                            + (accounts > 1 ? ["--accounts", String(accounts)] : []),
                        simFlags: simFlags)
    }

    /// `kis41@2`: policy kis41 with 2 simulated accounts.
    var accounts: Int { policy.split(separator: "@").last.flatMap { Int($0) } ?? 1 }
    static func basePolicy(_ policy: String) -> String { String(policy.split(separator: "@").first ?? Substring(policy)) }

    /// `run start ARGUMENTS` in a fresh run directory with the policy's configuration.
    func start(arguments runArguments: [String], simFlags: String = "") async throws {
        try? FileManager.default.removeItem(atPath: runDirectory)
        try FileManager.default.createDirectory(atPath: runDirectory, withIntermediateDirectories: true)
        try Data(Self.configuration(policy: policy).utf8).write(to: URL(fileURLWithPath: configPath))
        var environment = environment
        if !simFlags.isEmpty { environment["KIS41_SIM_FLAGS"] = simFlags }
        let arguments = ["start"] + runArguments
        let status = try await Self.execute(root + "/run", arguments, environment: environment, log: runDirectory + "/bench-start.log")
        guard status == 0, FileManager.default.fileExists(atPath: runDirectory + "/supervisor.state") else {
            await stop()
            let tail = (try? String(contentsOfFile: runDirectory + "/bench-start.log", encoding: .utf8))?.suffix(600) ?? ""
            throw ExitError(.temporaryFailure, "run start (\(policy)) failed with \(status): \(tail)")
        }
        readyAt = marketSecondsOfDay()
        if let readyAt { try? Data("\(readyAt)\n".utf8).write(to: URL(fileURLWithPath: runDirectory + "/bench-ready")) }
    }

    func stop() async {
        _ = try? await Self.execute(root + "/run", ["stop"], environment: environment, log: runDirectory + "/bench-stop.log")
        try? FileManager.default.removeItem(atPath: configPath)
    }

    /// Market seconds since midnight KST, from `clock.json` (nil before kis-sim wrote it).
    func marketSecondsOfDay() -> Double? {
        MarketClock.readOrigin(from: RunDirectory(path: runDirectory)).map { MarketClock.secondsOfDay(MarketClock.simulated($0).now()) }
    }

    func status(_ socket: String) async -> [String: JSONValue]? {
        guard case .statusReport(let report)? = try? await IPCClient.requestOnce(
            path: RunDirectory(path: runDirectory).socketPath(socket), name: "kis41-bench", .status(StatusRequest()), timeout: 2)
        else { return nil }
        return report.details
    }

    func pid(of component: String) -> Int32? {
        (try? String(contentsOfFile: "\(runDirectory)/\(component)/pid", encoding: .utf8))
            .flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    func restarts(of component: String) -> Int {
        (try? String(contentsOfFile: "\(runDirectory)/\(component)/restarts", encoding: .utf8))
            .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0
    }

    func events() -> [GroundTruthEvent] {
        JSONLines.read(GroundTruthEvent.self, path: runDirectory + "/events.jsonl").filter(\.isPlanted)
    }

    func signals() -> [EventMatcher.Observation] {
        JSONLines.read(TradeSignal.self, path: runDirectory + "/signals.jsonl").compactMap(EventMatcher.Observation.init)
    }

    func log(of component: String) -> String {
        (try? String(contentsOfFile: "\(runDirectory)/\(component)/log", encoding: .utf8)) ?? ""
    }

    /// Runs a program to completion with stdout and stderr appended to `log`.
    ///
    /// posix_spawn rather than Foundation's `Process`: called from a Swift concurrency (libdispatch)
    /// thread, `Process` handed its blocked signal mask (and the bench's ignored SIGPIPE) to `run`,
    /// so the detached supervisor could not receive `run stop`'s SIGTERM, and the child was never
    /// reaped. Here the child gets an empty mask and default dispositions; a plain thread waits.
    static func execute(_ path: String, _ arguments: [String], environment: [String: String], log: String) async throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t(), defaults = sigset_t()
        sigemptyset(&empty)
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGTERM, SIGINT, SIGCHLD, SIGHUP] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        var pid: pid_t = 0
        let error = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard error == 0 else { throw SystemError(call: "posix_spawn(\(path))", errno: error) }
        let child = pid
        return await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var status: Int32 = 0
                while waitpid(child, &status, 0) < 0 && errno == EINTR {}
                let exited = status & 0x7f == 0
                continuation.resume(returning: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f))
            }
        }
    }
}

/// Samples allocator and poller status every 2 s until the market clock passes `until`.
final class StatusSampler: @unchecked Sendable {
    struct Figures {
        var wsUtilisation = 0.0
        var restUtilisation = 0.0
        var violations = 0
        var samples = 0
    }
    private let lock = NSLock()
    private var slots: [Double] = []
    private var rest: [Double] = []
    private var refusals = 0          // EGW00201 of earlier poller processes (counters reset on restart)
    private var lastRefusals = 0

    func sample(run: PipelineRun, until: Double, wallLimit: Double, interval: Double = 2) async {
        let deadline = Date().addingTimeInterval(wallLimit)
        while !Task.isCancelled, Date() < deadline {
            if let now = run.marketSecondsOfDay(), now >= until { break }
            if let allocator = await run.status(SocketName.allocator), let used = allocator["slots_used"]?.doubleValue {
                lock.withLock { slots.append(used / 41) }
            }
            if let poller = await run.status(SocketName.poller) {
                let calls = poller["calls_per_s"]?.doubleValue ?? 0, limit = poller["limit_per_s"]?.doubleValue ?? 0
                let refused = Int(poller["egw00201"]?.doubleValue ?? 0)
                lock.withLock {
                    if limit > 0 { rest.append(calls / limit) }
                    if refused < lastRefusals { refusals += lastRefusals }   // a new poller process
                    lastRefusals = refused
                }
            }
            try? await Task.sleep(nanoseconds: UInt64(interval * 1e9))
        }
    }

    func snapshot() -> Figures {
        lock.withLock {
            Figures(wsUtilisation: slots.isEmpty ? 0 : slots.reduce(0, +) / Double(slots.count),
                    restUtilisation: rest.isEmpty ? 0 : rest.reduce(0, +) / Double(rest.count),
                    violations: refusals + lastRefusals, samples: max(slots.count, rest.count))
        }
    }
}

/// Times of day.
enum Clock {
    /// `HH:MM` or `HH:MM:SS` → seconds since midnight.
    static func seconds(_ text: String) -> Double? { MarketClock.secondsOfDay(parsing: text) }

    static func format(_ value: Double) -> String { value == value.rounded() ? String(Int(value)) : String(value) }
    static func round(_ value: Double, _ digits: Int) -> Double {
        let scale = pow(10, Double(digits))
        return (value * scale).rounded() / scale
    }
}

extension CaptureBench {
    /// The hazard feature groups of a `kis41-hazard` policy (issue 22, only when named): kis41 with
    /// slots and the poll plan by hazard; `kis41-hazard-without-sector-history` drops groups for the
    /// ablation table. `nil` for any other name or an unknown group.
    static func hazardFeatures(of policy: String) -> [HazardFeatureGroup]? {
        guard policy == "kis41-hazard" || policy.hasPrefix("kis41-hazard-without-") else { return nil }
        let dropped = policy.dropFirst("kis41-hazard-without-".count).split(separator: "-").map(String.init)
        guard policy == "kis41-hazard" || dropped.allSatisfy({ HazardFeatureGroup(rawValue: $0) != nil }) else { return nil }
        let groups = HazardFeatureGroup.allCases.filter { policy == "kis41-hazard" || !dropped.contains($0.rawValue) }
        return groups.isEmpty ? nil : groups
    }
}
