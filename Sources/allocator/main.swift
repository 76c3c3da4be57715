import Allocation
import Foundation
import IPC

/// `allocator`: spends the 41 WebSocket slots and the REST budget where the market is moving.
/// Configuration: the `allocator` section of `kis41.json` (see `AllocatorConfiguration`).
/// `allocator bench [STOCKS] [--json]` measures one full-universe decision instead.
@main
struct Main {
    static func main() async {
        let arguments = CommandLine.arguments.dropFirst()
        if arguments.first == "bench" {
            let stocks = arguments.dropFirst().compactMap { Int($0) }.first ?? 2600
            let result = AllocatorBenchmark.run(stocks: stocks)
            if arguments.contains("--json") {
                print(#"{"bench":"allocator","stocks":\#(stocks),"decision_ms_p50":\#(result.p50Ms),"decision_ms_p99":\#(result.p99Ms)}"#)
            } else {
                print(String(format: "allocator: %d stocks, decision p50 %.3f ms, p99 %.3f ms", stocks, result.p50Ms, result.p99Ms))
            }
            return
        }
        await ProcessSetup.main(label: "allocator") { logger in
            let environment = try ComponentEnvironment.load(name: "allocator", logger: logger)
            let service = try AllocatorService.make(environment: environment)
            try await ServiceGroup([("allocator", service)], logger: logger).run()
        }
    }
}
