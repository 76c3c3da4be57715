import Foundation
import IPC
import KIS
import Net
import System

/// kis-sim: a KIS Open API server on one port (REST, and the WebSocket upgrade on `/tryitout`) with
/// a deterministic KRX market inside, driven by a scaled market clock.
///
/// ```swift
/// var options = SimulatorOptions()
/// options.speed = 10
/// let sim = try KISSimulator(options: options)      // binds the port
/// let task = Task { try await sim.run() }          // serves and drives the market until cancelled
/// // clients use sim.restURL and sim.webSocketURL with any 36-char app key and 180-char secret
/// ```
/// Extra paths: `GET /kis41/master/kospi_code.mst` and `/kis41/master/kosdaq_code.mst` (cp949).
public final class KISSimulator: Sendable {
    /// The scaled market clock (`MarketClock.simulated`), origin = the configured start at `init`.
    public let clock: MarketClock
    /// The bound port.
    public let port: UInt16
    public let options: SimulatorOptions
    private let host: String
    /// `""` or `"s"` (TLS): `http`/`https`, `ws`/`wss`.
    private let scheme: String
    private let server: HTTPServer
    private let pump: MarketPump
    private let hub: RealtimeHub
    private let state: SimulatorState
    private let logger = Logger(label: "kis-sim")

    /// Builds the market, writes the run-directory files and binds the port.
    /// - Throws: `ExitError(.usage, …)` for a bad date, start or speed; `.configuration` for an
    ///   unreadable credentials file or run directory; a `NetError` if the port cannot be bound.
    public init(options: SimulatorOptions) throws {
        self.options = options
        guard options.speed > 0, options.speed.isFinite else { throw ExitError(.usage, "speed must be positive") }
        // A replay takes its day and (without --start) its first moment from the recording.
        let replay = try options.replayArchive.map { try ReplayFeed.load(directory: $0) }
        var date = try SimulatorOptions.parseDate(options.tradingDate)
        var start = try SimulatorOptions.parseTimeOfDay(options.start)
        if let replay {
            date = TradingDate(marketTime: replay.firstMarketTime)
            let lead = options.replayLeadSeconds * options.speed
            start = options.isStartGiven ? start : max(0, MarketClock.secondsOfDay(replay.firstMarketTime) - lead).rounded(.down)
        }
        var configuration = SimulationConfiguration(seed: options.seed, universeScale: options.universeScale)
        configuration.events = options.events
        configuration.tradingDate = date
        let market = MarketHost(model: MarketModel(configuration: configuration))
        let dayStart = DayClock.dayStart(of: date)
        let origin = Self.resumableOrigin(options: options, dayStart: dayStart)
            ?? MarketClock.Origin(originWall: Date().timeIntervalSince1970, originMarket: dayStart + start, speed: options.speed)
        // A restarted simulator resumes the same day: the model is deterministic, so catching up
        // to the clock's current time rebuilds exactly the market the clients were watching.
        let resumeAt = max(start, MarketClock.simulated(origin).now() - dayStart)
        _ = market.advance(to: min(resumeAt, 86_399), watching: [])
        clock = .simulated(origin)
        let dayClock = DayClock(clock: clock, dayStart: dayStart)
        let credentials = try options.credentialsFile.map { try CredentialBook(file: $0) } ?? CredentialBook()
        state = SimulatorState(options: options, credentials: credentials,
                               expireIssuedBefore: options.faults.expireTokensAt.map { dayStart + $0 })
        hub = RealtimeHub()
        let (universe, schedule) = market.read { ($0.universe, $0.schedule) }
        let masters = MasterFiles(universe: universe)
        if let path = options.runDirectory {
            // A replay has no ground truth: the seeded day's events are not the recording's.
            try Self.writeRunFiles(to: RunDirectory(path: path), origin: options.publishClock ? origin : nil,
                                   log: replay == nil ? EventLog(schedule: schedule, universe: universe, tradingDate: date) : nil,
                                   masters: masters, day: replay == nil ? SimulationDay(options: options) : nil)
        }
        pump = MarketPump(options: options, market: market, hub: hub, state: state, dayClock: dayClock, date: date, replay: replay)
        let router = RESTRouter(options: options, state: state, market: market, clock: clock, masters: masters, tradingDate: date,
                                replay: replay)
        let realtime = RealtimeServer(options: options, state: state, hub: hub, dayClock: dayClock,
                                      stockCodes: Set(universe.listings.map(\.code) + (replay?.codes ?? [])))
        if let replay, let path = options.runDirectory {
            // The poller sweeps what was recorded (`run` points KIS41_UNIVERSE here), not the seeded universe.
            let list = replay.codes.joined(separator: "\n") + "\n"
            // …and a replay's poller makes the recorded calls at their times (`run` points
            // KIS41_RECORDED_SWEEP here), so it reads the answers the recorded pipeline read.
            let sweep = replay.sweep.map(\.line).joined()
            let directory = RunDirectory(path: path).url
            do {
                try Data(list.utf8).write(to: directory.appendingPathComponent("replay-universe.txt"), options: .atomic)
                try Data(sweep.utf8).write(to: directory.appendingPathComponent("replay-sweep.jsonl"), options: .atomic)
            } catch {
                throw ExitError(.configuration, "cannot write to run directory \(path): \(error)")
            }
        }
        if let replay {
            logger.info("replaying \(options.replayArchive ?? ""): \(replay.frames.count) data frames, \(replay.codes.count) codes, "
                        + "\(MarketClock.clockString(replay.firstMarketTime))–\(MarketClock.clockString(replay.lastMarketTime))")
        }
        var serverConfiguration = HTTPServerConfiguration(host: options.host, port: options.port)
        switch (options.tlsCertificateFile, options.tlsKeyFile) {
        case (nil, nil): break
        case (let certificate?, let key?): serverConfiguration.tls = .server(certificateChainFile: certificate, privateKeyFile: key)
        default: throw ExitError(.usage, "--tls-cert and --tls-key go together")
        }
        scheme = serverConfiguration.tls == nil ? "" : "s"
        server = try HTTPServer(
            configuration: serverConfiguration,
            webSocketRoutes: [WebSocketRoute(path: "/tryitout") { _, connection in await realtime.serve(connection) }],
            handler: { request in await router.handle(request) })
        port = server.port
        host = options.host.contains(":") ? "[\(options.host)]" : options.host
    }

    /// `http://127.0.0.1:P` (`https` with TLS).
    public var restURL: String { "http\(scheme)://\(host):\(port)" }
    /// `ws://127.0.0.1:P/tryitout` (python-kis wants the base without the path: `restURL` with ws).
    public var webSocketURL: String { "ws\(scheme)://\(host):\(port)/tryitout" }
    /// `ws://127.0.0.1:P`, the base the `--ready-file` announces.
    public var webSocketBaseURL: String { "ws\(scheme)://\(host):\(port)" }

    /// Serves and drives the market until cancelled (or `shutdown()`).
    public func run() async throws {
        logger.info("listening on \(restURL), speed \(options.speed), market time \(MarketClock.clockString(clock.now())), \(options.environment.rawValue)")
        await withTaskCancellationHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.server.run() }
                group.addTask { await self.pump.run() }
                await group.next()
                self.server.shutdown()
                group.cancelAll()
            }
        } onCancel: {
            server.shutdown()
        }
    }

    /// Stops accepting, closes every connection and ends `run()`.
    public func shutdown() { server.shutdown() }

    /// Counters per app key.
    public func statistics() -> SimulatorStatistics { state.snapshot }

    /// Drops every WebSocket session now: `dirty` closes TCP without a close frame (the session then
    /// lingers as a zombie for `zombieSessionSeconds`), otherwise a clean close (1001).
    public func dropWebSocketSessions(dirty: Bool) { pump.drop(hub.all, dirty: dirty) }

    /// Drops the WebSocket sessions of one app key only (the others keep theirs).
    public func dropWebSocketSessions(dirty: Bool, appKey: String) { pump.drop(hub.all.filter { $0.appKey == appKey }, dirty: dirty) }

    /// With `publishClock`, a `clock.json` already in the run directory for the same day and speed
    /// (written by this simulator before a restart) is kept, so the pipeline's clock does not jump.
    private static func resumableOrigin(options: SimulatorOptions, dayStart: Double) -> MarketClock.Origin? {
        guard options.publishClock, let path = options.runDirectory,
              let origin = MarketClock.readOrigin(from: RunDirectory(path: path)),
              origin.speed == options.speed, origin.originMarket >= dayStart, origin.originMarket < dayStart + 86_400 else { return nil }
        return origin
    }

    private static func writeRunFiles(to directory: RunDirectory, origin: MarketClock.Origin?, log: EventLog?,
                                      masters: MasterFiles, day: SimulationDay?) throws {
        do {
            try directory.prepare()
            try log?.write(to: directory.url.appendingPathComponent("events.jsonl"))
            try day?.write(to: directory)
            for (name, bytes) in masters.files {
                try Data(bytes).write(to: directory.url.appendingPathComponent(name), options: .atomic)
            }
            if let origin { try MarketClock.writeOrigin(origin, to: directory) }
        } catch let error as ExitError {
            throw error
        } catch {
            throw ExitError(.configuration, "cannot write to run directory \(directory.url.path): \(error)")
        }
    }
}
