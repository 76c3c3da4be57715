// signals: evaluates every trade, order book and quote into trading signals.
//
// Usage: signals (no arguments). Sockets and files live in $KIS41_RUN_DIR: signals.sock (topic
// "signal"), signals.jsonl (the day's signals, the same bytes as on the socket),
// signal-report.json (the day's evaluation). The log (stderr) carries a one-line summary per
// signal; `./run signals` (kisctl) relays the socket's signals as JSON lines.
import IPC
import KIS
import SignalEngine
import System

@main
struct Main {
    static func main() async {
        await ProcessSetup.main(label: "signals") { logger in
            if let unknown = CommandLine.arguments.dropFirst().first {
                throw ExitError(.usage, "unknown argument \(unknown.prefix(64)) (signals takes none; see README)")
            }
            let environment = try ComponentEnvironment.load(name: "signals", logger: logger)
            let configuration = try environment.configuration.section("signals", defaults: SignalsConfiguration())
            _ = try configuration.evaluation.reportSecond()
            try configuration.momentum.validate()
            // Names from the KIS master files in the run directory (kis-sim writes them), else from
            // the poller's rankings, else the code.
            let names = MasterFileLoader.names(in: environment.runDirectory.url)
            // Market and previous-day volume, for the false-alarm budget's pools and volume_breakout.
            let profiles = MasterFileLoader.profiles(in: environment.runDirectory.url)
            let signals = SignalsService(environment: environment, configuration: configuration,
                                         nameLookup: { names[$0] },
                                         profileLookup: { code in profiles[code].map { StockProfile(market: $0.market, previousDayVolume: $0.previousDayVolume) } })
            try await ServiceGroup(signals.services, logger: logger).run()
        }
    }
}
