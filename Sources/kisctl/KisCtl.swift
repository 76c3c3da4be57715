import Foundation
import IPC
import System

/// `kisctl`: the command-line side of the pipeline, used by `./run` (status, tap, signals, send,
/// the recorder, the live view and the report).
@main
struct KisCtl {
    static let usage = """
    usage: kisctl status [--json]          component states, pids, restarts, uptime and details
           kisctl ping NAME                exit 0 when NAME's socket answers status
           kisctl mode                     "live <why>" or "sim <why>" from the credentials (78: malformed)
           kisctl tap TOPIC [CODE…]        stream a topic as JSON lines (trade, orderbook, index, notice,
                                           ledger, quote, ranking, allocation, signal)
           kisctl signals [--until HH:MM]  stream trading signals as JSON lines (until that market time)
           kisctl send NAME JSON           send one request to NAME (ws-gateway, rest-poller, allocator,
                                           signals) and print the reply
           kisctl record                   append the session timeline to <run dir>/timeline.jsonl (the
                                           supervisor runs it as component "recorder")
           kisctl view [--once] [--until HH:MM]
                                           live status view, redrawn every second; q or Ctrl-C quits, and
                                           so does the market clock reaching HH:MM (--once: one frame)
           kisctl report [--out FILE] [--seed N]
                                           the session report as one HTML file (default <run dir>/report.html);
                                           on kis-sim against the reference (--seed: the day's, if not recorded)
           kisctl fixture-archive FIXTURES OUT
                                           the real KIS payloads in FIXTURES as a session archive in OUT
    """

    static func main() async {
        await ProcessSetup.main(label: "kisctl") { logger in
            var arguments = Array(CommandLine.arguments.dropFirst())
            guard !arguments.isEmpty else { throw ExitError(.usage, usage) }
            let command = arguments.removeFirst()
            let runDirectory = RunDirectory.fromEnvironment()
            switch command {
            case "status": try await StatusCommand.run(runDirectory: runDirectory, json: arguments.contains("--json"))
            case "ping": try await StatusCommand.ping(runDirectory: runDirectory, name: try single(arguments))
            case "mode": try ModeCommand.run()
            case "tap": try await TapCommand.run(runDirectory: runDirectory, arguments: arguments, logger: logger)
            case "signals": try await TapCommand.run(runDirectory: runDirectory, arguments: ["signal"] + arguments, logger: logger)
            case "send": try await SendCommand.run(runDirectory: runDirectory, arguments: arguments)
            case "record": try await RecordCommand.run(runDirectory: runDirectory, logger: logger)
            case "view": try await ViewCommand.run(runDirectory: runDirectory, once: arguments.contains("--once"),
                                                   end: try DayEnd.parse(arguments), logger: logger)
            case "report": try ReportCommand.run(runDirectory: runDirectory, arguments: arguments)
            case "fixture-archive": try FixtureArchiveCommand.run(arguments: arguments, logger: logger)
            case "-h", "--help", "help": print(usage)
            default: throw ExitError(.usage, "unknown command \"\(command)\"\n\(usage)")
            }
        }
    }

    static func single(_ arguments: [String]) throws -> String {
        guard arguments.count == 1 else { throw ExitError(.usage, usage) }
        return arguments[0]
    }
}

/// The pipeline's components, their sockets and their start order.
enum Components {
    static let all: [(name: String, socket: String?)] = [
        ("kis-sim", nil), ("ws-gateway", SocketName.gateway), ("rest-poller", SocketName.poller),
        ("allocator", SocketName.allocator), ("signals", SocketName.signals),
        // No socket: ready when its process is alive (see `StatusCommand.ping`).
        ("recorder", nil),
        // Optional (`./run --nats`, or NATS configured): listed only in a run directory where they ran.
        ("nats-server", nil), ("nats-bridge", SocketName.natsBridge),
    ]

    /// Components that exist only when NATS is configured.
    static let optional: Set<String> = ["nats-server", "nats-bridge"]

    /// The components of the session in `runDirectory`: all but kis-sim when `run` wrote `mode` =
    /// `live` (a run directory that once ran a simulation keeps kis-sim's folder, which would
    /// otherwise list a stopped simulator that is not this session's).
    /// With several accounts (`<run dir>/accounts`), `ws-gateway` is one entry per account
    /// (`ws-gateway@1…N`, see `GatewayEndpoints`).
    static func session(in runDirectory: RunDirectory) -> [(name: String, socket: String?)] {
        let isLive = SessionMode.read(from: runDirectory)?.mode == "live"
        let gateways = GatewayEndpoints.all(environment: [:], runDirectory: runDirectory)
        return all.flatMap { entry -> [(name: String, socket: String?)] in
            if isLive && entry.name == "kis-sim" { return [] }
            if entry.name == "ws-gateway" { return gateways.map { ($0.component, $0.socket) } }
            return !optional.contains(entry.name) || FileManager.default.fileExists(atPath: runDirectory.path(entry.name)) ? [entry] : []
        }
    }

    static func socket(of name: String) throws -> String {
        if let gateway = GatewayEndpoints.endpoint(component: name) { return gateway.socket }
        guard let entry = all.first(where: { $0.name == name }), let socket = entry.socket else {
            throw ExitError(.usage, "unknown component \"\(name)\" (one of ws-gateway (ws-gateway@N with several accounts), rest-poller, allocator, signals, nats-bridge)")
        }
        return socket
    }
}
