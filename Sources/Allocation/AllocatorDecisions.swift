import Foundation
import IPC
import System

/// The `decisions` service's step and what it sends: one decision, its allocation published, its
/// commands sent to the gateway one at a time, its plan to the poller.
struct AllocatorDecisions: Sendable {
    let core: AllocatorCore
    let server: IPCServer
    /// One client per gateway (one per KIS account), in pool order.
    let gateways: [IPCClient]
    let logger: Logger
    /// Wall seconds between two gateway commands: the gateway registers one feed at a time with KIS.
    let commandSpacing: Double

    func decide(poller: IPCClient) async throws {
        for (index, gateway) in gateways.enumerated() { await core.setGatewayReachable(gateway: index, gateway.isConnected) }
        let result = await core.decide()
        if let allocation = result.allocation { server.publish(.allocation(allocation)) }
        if let plan = result.pollPlan, poller.isConnected { await send(plan, to: poller) }
        // Each gateway (one per KIS account) registers with its own KIS session: their commands go
        // out side by side, each gateway's one at a time, releases first as routed.
        let byGateway = Dictionary(grouping: result.commands, by: \.gateway)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for commands in byGateway.values {
                group.addTask {
                    for command in commands {
                        await execute(command)
                        try await Task.sleep(nanoseconds: UInt64(commandSpacing * 1e9))
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// Sends one command and records the gateway's answer.
    private func execute(_ routed: RoutedCommand) async {
        let command = routed.command
        var outcome: String?
        switch try? await gateways[routed.gateway].request(command.message, timeout: 5) {
        case .ack(let ack)?: outcome = ack.result
        case .error(let error)?: outcome = error.code
        default: outcome = nil
        }
        if outcome != "ok" && outcome != "duplicate" {
            logger.info("\(gateways.count > 1 ? "gateway \(routed.gateway + 1)" : "gateway"): \(command.message.type) \(command.key.code) \(command.key.feed.rawValue): \(outcome ?? "no reply")")
        }
        await core.commandAnswered(routed, result: outcome)
    }

    func send(_ plan: PollPlan, to poller: IPCClient) async {
        do {
            let reply = try await poller.request(.pollPlan(plan), timeout: 5)
            if case .error(let error) = reply { logger.warning("poller refused plan \(plan.generation): \(error.reason)") }
        } catch {
            logger.debug("poll plan \(plan.generation) not delivered: \(error)")
        }
    }
}
