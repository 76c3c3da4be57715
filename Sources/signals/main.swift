// signals: evaluates every trade, order book and quote into trading signals.
//
// Usage: signals [--stdout]
//   --stdout (or KIS41_SIGNALS_STDOUT=1, or "writesStandardOutput": true in the "signals" section)
//   writes each signal as one JSON line on standard output; the log (stderr) always carries a
//   one-line summary per signal. Sockets and files live in $KIS41_RUN_DIR: signals.sock (topic
//   "signal"), signals.jsonl (the day's signals), signal-report.json (the day's evaluation).
import IPC
import KIS
import SignalEngine
import System

@main
struct Main {
    static func main() async {
        await ProcessSetup.main(label: "signals") { logger in
            let arguments = CommandLine.arguments.dropFirst()
            if let unknown = arguments.first(where: { $0 != "--stdout" }) {
                throw ExitError(.usage, "unknown argument \(unknown) (usage: signals [--stdout])")
            }
            let environment = try ComponentEnvironment.load(name: "signals", logger: logger)
            var configuration = try environment.configuration.section("signals", defaults: SignalsConfiguration())
            _ = try configuration.evaluation.reportSecond()
            if arguments.contains("--stdout") || environment.environment["KIS41_SIGNALS_STDOUT"] == "1" {
                configuration.writesStandardOutput = true
            }
            // Names from the KIS master files in the run directory (kis-sim writes them), else from
            // the poller's rankings, else the code.
            let names = MasterFileLoader.names(in: environment.runDirectory.url)
            // Market and previous-day volume, for the false-alarm budget's pools and volume_breakout.
            let profiles = MasterFileLoader.profiles(in: environment.runDirectory.url)
            let service = SignalsService(environment: environment, configuration: configuration,
                                         nameLookup: { names[$0] },
                                         profileLookup: { code in profiles[code].map { StockProfile(market: $0.market, previousDayVolume: $0.previousDayVolume) } })
            try await ServiceGroup([("signals", service)], logger: logger).run()
        }
    }
}
