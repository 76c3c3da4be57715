import Foundation
import IPC
import System

/// `kisctl tap TOPIC [CODE…]`: subscribes to a topic on the socket that publishes it and writes
/// every item (each trade of a batch, each signal) as one JSON line on stdout, reconnecting when
/// the component restarts. The lines are the publisher's own bytes (`PublishedLines`): a signal is
/// encoded once, by `signals`. Ends when stdout's reader goes away, or with `--until HH:MM` once
/// the market clock reaches that time.
enum TapCommand {
    static func run(runDirectory: RunDirectory, arguments allArguments: [String], logger: Logger) async throws {
        let end = try DayEnd.parse(allArguments)
        let arguments = DayEnd.removing(from: allArguments)
        guard let name = arguments.first, let topic = Topic(rawValue: name) else {
            throw ExitError(.usage, "tap needs a topic: \(Topic.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let codes = Array(arguments.dropFirst())
        // Gateway topics come from every account's gateway (`GatewayEndpoints`).
        let sockets: [String] = switch topic {
        case .trade, .orderbook, .index, .notice, .ledger:
            GatewayEndpoints.all(environment: [:], runDirectory: runDirectory).map(\.socket)
        case .quote, .ranking: [SocketName.poller]
        case .allocation: [SocketName.allocator]
        case .signal: [SocketName.signals]
        }
        let clients = sockets.map { socket in IPCClient(
            path: runDirectory.socketPath(socket),
            hello: Hello(name: "kisctl-tap", topics: [topic.rawValue], codes: codes.isEmpty ? nil : codes),
            logger: logger,
            onPublishedBody: { body in
                for line in PublishedLines.lines(of: body) where !StandardOutput.writeLine(bytes: line) {
                    ExitCode.ok.exit()  // the reader has gone (e.g. `head` finished)
                }
            }) }
        await withTaskGroup(of: Void.self) { group in
            for client in clients { group.addTask { await client.run() } }
            if let end { group.addTask { await end.wait(runDirectory: runDirectory) } }
            await group.next()
            group.cancelAll()
        }
    }
}
