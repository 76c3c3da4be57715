import Foundation
import IPC
import System

/// Requests on `allocator.sock`.
struct AllocatorRequests: Sendable {
    let core: AllocatorCore
    let environment: ComponentEnvironment

    func handle(_ message: Message) async -> Message? {
        switch message {
        case .score(let command):
            guard command.score.isFinite else { return .error(ErrorReply(id: command.id, code: "invalid", reason: "score must be a number")) }
            await core.setPerformance(code: command.code, score: command.score)
            return .ack(Ack(id: command.id))
        case .watch(let command):
            await core.watch(command.codes)
            return .ack(Ack(id: command.id))
        case .unwatch(let command):
            await core.unwatch(command.codes)
            return .ack(Ack(id: command.id))
        case .emergency(let command):
            await core.requestEmergency(command)
            return .ack(Ack(id: command.id, result: "ok", detail: "granted at the next decision if it outranks the lowest holder"))
        case .strategy(let command):
            return await handleStrategy(command)
        default:
            return nil
        }
    }

    private func handleStrategy(_ command: StrategyCommand) async -> Message {
        switch command.action {
        case "switch":
            guard await core.switchWindow(to: command.name) else {
                let known = await core.windowNames.joined(separator: ", ")
                return .error(ErrorReply(id: command.id, code: "unknown_strategy", reason: "no window \(command.name ?? "") (known: \(known), auto)"))
            }
            return .ack(Ack(id: command.id))
        case "reload":
            do {
                let file = try ConfigurationFile.load(environment: environment.environment)
                await core.replaceConfiguration(try AllocatorConfiguration.load(from: file))
                return .ack(Ack(id: command.id, result: "ok", detail: "strategy table reloaded"))
            } catch {
                return .error(ErrorReply(id: command.id, code: "configuration", reason: "\(error)"))
            }
        default:
            return .error(ErrorReply(id: command.id, code: "invalid", reason: "action must be switch or reload"))
        }
    }
}
