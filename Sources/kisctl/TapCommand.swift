import Foundation
import IPC
import System

/// `kisctl tap TOPIC [CODE…]`: subscribes to a topic on the socket that publishes it and writes
/// every item (each trade of a batch, each signal) as one JSON line on stdout, reconnecting when
/// the component restarts. Ends when stdout's reader goes away, or with `--until HH:MM` once the
/// market clock reaches that time.
enum TapCommand {
    static func run(runDirectory: RunDirectory, arguments allArguments: [String], logger: Logger) async throws {
        let end = try DayEnd.parse(allArguments)
        let arguments = DayEnd.removing(from: allArguments)
        guard let name = arguments.first, let topic = Topic(rawValue: name) else {
            throw ExitError(.usage, "tap needs a topic: \(Topic.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let codes = Array(arguments.dropFirst())
        let socket: String = switch topic {
        case .trade, .orderbook, .index, .notice, .ledger: SocketName.gateway
        case .quote, .ranking: SocketName.poller
        case .allocation: SocketName.allocator
        case .signal: SocketName.signals
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let client = IPCClient(
            path: runDirectory.socketPath(socket),
            hello: Hello(name: "kisctl-tap", topics: [topic.rawValue], codes: codes.isEmpty ? nil : codes),
            logger: logger,
            onMessage: { message in
                for line in lines(of: message, encoder: encoder) where !StandardOutput.writeLine(line) {
                    ExitCode.ok.exit()  // the reader has gone (e.g. `head` finished)
                }
            })
        guard let end else { return await client.run() }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            group.addTask { await end.wait(runDirectory: runDirectory) }
            await group.next()
            group.cancelAll()
        }
    }

    /// One JSON line per item of a published message.
    static func lines(of message: Message, encoder: JSONEncoder) -> [String] {
        func encode<T: Encodable>(_ items: [T]) -> [String] {
            items.compactMap { try? encoder.encode($0) }.map { String(decoding: $0, as: UTF8.self) }
        }
        switch message {
        case .trades(let items): return encode(items)
        case .orderBooks(let items): return encode(items)
        case .indices(let items): return encode(items)
        case .notices(let items): return encode(items)
        case .quotes(let items): return encode(items)
        case .signal(let signal): return encode([signal])
        case .ranking(let ranking): return encode([ranking])
        case .allocation(let allocation): return encode([allocation])
        case .ledger(let ledger): return encode([ledger])
        default: return []
        }
    }
}
