import Foundation
import IPC
import KIS
import System

extension SimulatorOptions {
    /// What `kis-sim` was asked to do besides serving.
    public struct CommandLine: Sendable {
        public var options = SimulatorOptions()
        /// `--ready-file F`: where to write `KIS_SIM_REST=…` and `KIS_SIM_WS=…` once listening.
        public var readyFile: String?
        /// `--stats-file F`: where to write the counters (all app keys summed) as JSON on exit.
        public var statisticsFile: String?
        /// `--help`.
        public var wantsHelp = false
    }

    /// The `--help` text.
    public static let usage = """
        usage: kis-sim [flags]    a KIS Open API server with a simulated KRX market (docs: issue 3)
          --seed N              market seed (41)                --speed K        market s per real s (1)
          --start HH:MM         market time at t=0 (08:50)      --date YYYY-MM-DD trading day (2026-11-25)
          --host ADDR           listen address (127.0.0.1)      --port P         0 = ephemeral (0)
          --env real|virtual    environment (real)              --rest-limit N   calls/s per app key (18; virtual 1)
          --rate-limit-status S HTTP status of EGW00201 (500)   --token-lifetime S market seconds (86400)
          --ping-interval S     PINGPONG every S market s (10)  --max-unanswered-pings M (3)
          --zombie-seconds S    dirty-disconnect linger (0)     --credentials FILE  allowed `appkey appsecret` lines
          --run-dir DIR         events.jsonl, master files      --publish-clock  write clock.json to the run dir
          --ready-file F        write KIS_SIM_REST/KIS_SIM_WS   --universe-scale X  universe size factor (1)
          --tick-interval S     real seconds per market tick (0.05)
          --tls-cert FILE --tls-key FILE   serve https and wss (PEM)  --stats-file F  counters as JSON on exit
          --replay DIR          serve a recorded session (an archive/<…> directory) instead of the seeded market,
                                from its first moment or --from HH:MM, at --speed; codes never recorded: no data
          --lead S              a replay's clock starts S real seconds before the first moment (0): time to start a pipeline
        events (counts per full-universe day; ground truth in events.jsonl):
          --gaps N (40)  --surges N (45)  --breakouts N (30)  --momentum-runs N (45)  --closing-runs N (30)
          --decoys N     look-alike noise: volume blips and price wiggles (80)
        faults:
          --drop-ws-every S     drop WebSocket sessions every S market s     --dirty-drop  drop without close frame
          --rest-error-rate P   EGW00001 on a fraction of quote calls        --rest-latency S  real seconds per call
          --spurious-rate-limit-rate P  EGW00201 under the limit             --malformed-frame-rate P
          --expire-tokens-at HH:MM      tokens issued before then expire (EGW00123)
        REST on http://HOST:P, WebSocket on ws://HOST:P/tryitout, master files at /kis41/master/kospi_code.mst.
        All intervals are market seconds: at speed K the REST limit is K x N per real second.
        """

    /// Parses `kis-sim` flags (without the program name).
    /// - Throws: `ExitError(.usage, …)` naming the bad flag or value.
    public static func parse(arguments: [String]) throws -> CommandLine {
        var result = CommandLine()
        var iterator = arguments.makeIterator()
        func value(_ flag: String) throws -> String {
            guard let next = iterator.next() else { throw ExitError(.usage, "\(flag) needs a value") }
            return next
        }
        func number<T: LosslessStringConvertible>(_ flag: String, _ type: T.Type) throws -> T {
            let text = try value(flag)
            guard let parsed = T(text) else { throw ExitError(.usage, "\(flag): not a valid number: \(text)") }
            return parsed
        }
        func fraction(_ flag: String) throws -> Double {
            let p = try number(flag, Double.self)
            guard (0...1).contains(p) else { throw ExitError(.usage, "\(flag) must be between 0 and 1") }
            return p
        }
        var o = result.options
        while let flag = iterator.next() {
            switch flag {
            case "--help", "-h": result.wantsHelp = true
            case "--seed": o.seed = try number(flag, UInt64.self)
            case "--speed": o.speed = try number(flag, Double.self)
            case "--start", "--from": o.start = try value(flag); _ = try parseTimeOfDay(o.start); o.isStartGiven = true
            case "--replay": o.replayArchive = try value(flag)
            case "--lead":
                o.replayLeadSeconds = try number(flag, Double.self)
                guard o.replayLeadSeconds >= 0, o.replayLeadSeconds.isFinite else { throw ExitError(.usage, "--lead: not a non-negative number of seconds") }
            case "--date": o.tradingDate = try value(flag); _ = try parseDate(o.tradingDate)
            case "--host": o.host = try value(flag)
            case "--port": o.port = try number(flag, UInt16.self)
            case "--env":
                guard let environment = KISEnvironment(rawValue: try value(flag)) else {
                    throw ExitError(.usage, "--env must be real or virtual")
                }
                o.environment = environment
            case "--rest-limit": o.restLimitPerSecond = try number(flag, Int.self)
            case "--rate-limit-status": o.rateLimitHTTPStatus = try number(flag, Int.self)
            case "--token-lifetime": o.tokenLifetimeSeconds = try number(flag, Double.self)
            case "--ping-interval": o.pingIntervalSeconds = try number(flag, Double.self)
            case "--max-unanswered-pings": o.maxUnansweredPings = try number(flag, Int.self)
            case "--zombie-seconds": o.zombieSessionSeconds = try number(flag, Double.self)
            case "--credentials": o.credentialsFile = try value(flag)
            case "--run-dir": o.runDirectory = try value(flag)
            case "--publish-clock": o.publishClock = true
            case "--tls-cert": o.tlsCertificateFile = try value(flag)
            case "--tls-key": o.tlsKeyFile = try value(flag)
            case "--stats-file": result.statisticsFile = try value(flag)
            case "--ready-file": result.readyFile = try value(flag)
            case "--universe-scale": o.universeScale = try number(flag, Double.self)
            case "--tick-interval": o.tickInterval = try number(flag, Double.self)
            case "--gaps": o.events.openingGaps = try number(flag, Int.self)
            case "--surges": o.events.volumeSurges = try number(flag, Int.self)
            case "--breakouts": o.events.breakouts = try number(flag, Int.self)
            case "--momentum-runs": o.events.momentumRuns = try number(flag, Int.self)
            case "--closing-runs": o.events.closingRuns = try number(flag, Int.self)
            case "--decoys":
                let decoys = try number(flag, Int.self)
                o.events.volumeBlips = decoys / 2
                o.events.priceWiggles = decoys - decoys / 2
            case "--drop-ws-every": o.faults.dropWebSocketEvery = try number(flag, Double.self)
            case "--dirty-drop": o.faults.dirtyDrop = true
            case "--rest-error-rate": o.faults.restErrorRate = try fraction(flag)
            case "--rest-latency": o.faults.restLatencySeconds = try number(flag, Double.self)
            case "--spurious-rate-limit-rate": o.faults.spuriousRateLimitRate = try fraction(flag)
            case "--malformed-frame-rate": o.faults.malformedFrameRate = try fraction(flag)
            case "--expire-tokens-at": o.faults.expireTokensAt = try parseTimeOfDay(try value(flag))
            default: throw ExitError(.usage, "unknown flag \(flag) (see --help)")
            }
        }
        guard o.speed > 0 else { throw ExitError(.usage, "--speed must be positive") }
        guard o.universeScale > 0 else { throw ExitError(.usage, "--universe-scale must be positive") }
        result.options = o
        return result
    }

    /// `HH:MM` or `HH:MM:SS` → seconds since midnight.
    public static func parseTimeOfDay(_ text: String) throws -> Double {
        guard let second = MarketClock.secondsOfDay(parsing: text) else {
            throw ExitError(.usage, "not a time of day (HH:MM): \(text)")
        }
        return second
    }

    /// `YYYY-MM-DD` → a trading date.
    public static func parseDate(_ text: String) throws -> TradingDate {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]), parts[0] > 1900 else {
            throw ExitError(.usage, "not a date (YYYY-MM-DD): \(text)")
        }
        return TradingDate(year: parts[0], month: parts[1], day: parts[2])
    }

    /// The `--ready-file` contents for a listening simulator.
    public static func readyFileText(restURL: String, webSocketBaseURL: String) -> String {
        "KIS_SIM_REST=\(restURL)\nKIS_SIM_WS=\(webSocketBaseURL)\n"
    }
}
