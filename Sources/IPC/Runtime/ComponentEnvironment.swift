import Foundation
import System

/// What every component reads at start-up: the run directory, the market clock, the configuration
/// file and the environment. Built once in `@main` and handed to the component's service.
public struct ComponentEnvironment: Sendable {
    /// The component's name (`ws-gateway`, `rest-poller`, `allocator`, `signals`, `kis-sim`).
    public let name: String
    public let runDirectory: RunDirectory
    /// Simulation or live: decides whether the clock may be the simulated one.
    public let mode: RunMode
    public let clock: MarketClock
    public let configuration: ConfigurationFile
    public let environment: [String: String]
    public let logger: Logger

    public init(name: String, runDirectory: RunDirectory, mode: RunMode = .sim, clock: MarketClock, configuration: ConfigurationFile,
                environment: [String: String], logger: Logger) {
        self.name = name; self.runDirectory = runDirectory; self.mode = mode; self.clock = clock
        self.configuration = configuration; self.environment = environment; self.logger = logger
    }

    /// Reads the environment: `KIS41_RUN_DIR`, `KIS41_MODE`, `KIS41_CONFIG`, and in sim mode
    /// `clock.json` in the run directory.
    /// - Throws: `ExitError(.configuration, …)` for a bad configuration or clock file, or a live
    ///   session in a run directory that holds a simulated clock.
    public static func load(name: String, logger: Logger,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ComponentEnvironment {
        let runDirectory = RunDirectory.fromEnvironment(environment)
        do { try runDirectory.prepare() } catch {
            throw ExitError(.configuration, "cannot prepare run directory \(runDirectory.url.path): \(error)")
        }
        let mode = try RunMode.resolve(environment: environment, runDirectory: runDirectory)
        return ComponentEnvironment(name: name, runDirectory: runDirectory, mode: mode,
                                    clock: try MarketClock.fromRunDirectory(runDirectory, mode: mode),
                                    configuration: try ConfigurationFile.load(environment: environment),
                                    environment: environment, logger: logger)
    }
}
