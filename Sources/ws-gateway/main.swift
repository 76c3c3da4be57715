import Gateway
import IPC
import System

/// `ws-gateway`: the one KIS WebSocket session and its 41 slots, served on `gateway.sock`.
/// Configuration: the `"ws-gateway"` section (see `GatewayConfiguration`); credentials from
/// `KIS_APP_KEY`/`KIS_APP_SECRET` or `KIS41_SECRETS_FILE` (missing or malformed: exit 78).
@main
struct Main {
    static func main() async {
        await ProcessSetup.main(label: "ws-gateway") { logger in
            let environment = try ComponentEnvironment.load(name: "ws-gateway", logger: logger)
            let gateway = try GatewayService(environment: environment)
            try await ServiceGroup(gateway.services, logger: logger).run()
        }
    }
}
