// kis-sim: the embedded KIS Open API server with a simulated KRX market. Flags: `kis-sim --help`.
import Foundation
import IPC
import Simulator
import System

await ProcessSetup.main(label: "kis-sim") { logger in
    let command = try SimulatorOptions.parse(arguments: Array(CommandLine.arguments.dropFirst()))
    if command.wantsHelp {
        print(SimulatorOptions.usage)
        return
    }
    let simulator = try KISSimulator(options: command.options)
    if let readyFile = command.readyFile {
        let text = SimulatorOptions.readyFileText(restURL: simulator.restURL, webSocketBaseURL: simulator.webSocketBaseURL)
        do {
            // Written whole, then renamed: a watcher never reads half a file.
            try Data(text.utf8).write(to: URL(fileURLWithPath: readyFile), options: .atomic)
        } catch {
            throw ExitError(.configuration, "cannot write ready file \(readyFile): \(error)")
        }
    }
    let group = ServiceGroup([("kis-sim", ClosureService { try await simulator.run() })], logger: logger)
    try await group.run()
    if let statisticsFile = command.statisticsFile {
        let data = try JSONEncoder().encode(simulator.statistics().total)
        do { try data.write(to: URL(fileURLWithPath: statisticsFile), options: .atomic) } catch {
            throw ExitError(.configuration, "cannot write statistics file \(statisticsFile): \(error)")
        }
    }
}
