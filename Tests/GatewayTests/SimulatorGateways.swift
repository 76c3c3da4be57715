import Foundation
import IPC
import KIS
import Simulator
@testable import Gateway

/// kis-sim in process at high speed (speed 600 from 09:05, 5 % of the universe, unless `adjust`
/// says otherwise) with one gateway per app key in `appKeys`, each started and connected in turn;
/// `body` gets the simulator, the gateways in key order and the universe's codes. Every gateway
/// and the simulator stop after `body`, whether it threw or not. The harness of
/// `SimulatorIntegrationTests` (one gateway) and `TwoAccountsSimulatorTests` (one per account).
/// - Parameter marketTimed: the gateways read the simulator's clock and keep their production
///   lingering-session backoff (30 market s), instead of a manual clock and 0.2 s.
func withSimulatorGateways(appKeys: [String], _ adjust: (inout SimulatorOptions) -> Void = { _ in }, marketTimed: Bool = false,
                           _ body: (KISSimulator, [GatewayHarness], [String]) async throws -> Void) async throws {
    var options = SimulatorOptions()
    options.speed = 600
    options.start = "09:05"
    options.universeScale = 0.05
    adjust(&options)
    let simulator = try KISSimulator(options: options)
    let running = Task { try? await simulator.run() }
    let codes = SimulatedUniverse(seed: options.seed, scale: options.universeScale).listings.map(\.code)
    let gateways = try appKeys.map { key in
        marketTimed
            ? try GatewayHarness(restURL: simulator.restURL, webSocketURL: simulator.webSocketURL, clock: simulator.clock, appKey: key) {
                let production = GatewayConfiguration()
                $0.lingeringSessionInitialSeconds = production.lingeringSessionInitialSeconds
                $0.lingeringSessionMaximumSeconds = production.lingeringSessionMaximumSeconds
            }
            : try GatewayHarness(restURL: simulator.restURL, webSocketURL: simulator.webSocketURL, appKey: key)
    }
    func stopAll() async {
        for gateway in gateways { await gateway.stop() }
        simulator.shutdown(); running.cancel(); await finish(running)
    }
    do {
        for gateway in gateways {
            try await gateway.start()
            try await waitUntil("connected") { (try await gateway.ledger())?.connected == true }
        }
        try await body(simulator, gateways, codes)
    } catch {
        await stopAll()
        throw error
    }
    await stopAll()
}
