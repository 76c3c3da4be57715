import Foundation
import IPC
import KIS
@testable import Polling
import Simulator

/// A running kis-sim for a test, shut down by `stop()`.
final class SimulatorHarness: Sendable {
    let simulator: KISSimulator
    private let task: Task<Void, any Error>

    init(configure: (inout SimulatorOptions) -> Void = { _ in }) throws {
        var options = SimulatorOptions()
        options.universeScale = 0.05
        options.start = "10:00"
        options.speed = 10
        configure(&options)
        simulator = try KISSimulator(options: options)
        let simulator = simulator
        task = Task { try await simulator.run() }
    }

    func stop() async {
        simulator.shutdown()
        task.cancel()
        _ = await task.result
    }

    static let credentials = try! KISCredentials(appKey: String(repeating: "A", count: 36), appSecret: String(repeating: "s", count: 180))

    func client(cache: TokenCache?, limiter: RateLimiterConfiguration = .real, credentials: KISCredentials = SimulatorHarness.credentials) throws -> KISRESTClient {
        try KISRESTClient(configuration: KISRESTClientConfiguration(restURL: simulator.restURL, credentials: credentials,
                                                                    environment: simulator.options.environment, limiter: limiter),
                          clock: simulator.clock, cache: cache)
    }

    func statistics(_ credentials: KISCredentials = SimulatorHarness.credentials) -> AppKeyStatistics {
        simulator.statistics().appKeys[credentials.appKey] ?? AppKeyStatistics()
    }

    /// Some listed codes, from the master files the simulator serves.
    func universe() async -> [String] {
        await UniverseSource.load(configuration: PollerConfiguration(), environment: [:], restURL: simulator.restURL).codes
    }
}
