import Allocation
import Foundation
import IPC
import System

/// `allocator`: spends the 41 WebSocket slots and the REST budget where the market is moving.
/// Configuration: the `allocator` section of `kis41.json` (see `AllocatorConfiguration`).
@main
struct Main {
    static func main() async {
        await ProcessSetup.main(label: "allocator") { logger in
            let environment = try ComponentEnvironment.load(name: "allocator", logger: logger)
            let allocator = try AllocatorService.make(environment: environment)
            try await ServiceGroup(allocator.services, logger: logger).run()
        }
    }
}
