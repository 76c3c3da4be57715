import Foundation
import Gateway
import IPC
import System

/// `ws-gateway`: one KIS WebSocket session and its 41 slots. With one account it is `ws-gateway`
/// on `gateway.sock`; with several (`KIS41_ACCOUNTS`), one process per account, `ws-gateway@N` on
/// `gateway@N.sock`, serving account `KIS41_ACCOUNT` (see `GatewayEndpoints`).
/// Configuration: the `"ws-gateway"` section (see `GatewayConfiguration`); credentials from
/// `KIS_APP_KEY`/`KIS_APP_SECRET`, or account N's numbered `KIS_APP_KEY_N`/`KIS_APP_SECRET_N`, in
/// the environment or `KIS41_SECRETS_FILE`, read alone (`KISAccounts.own`: no other account's
/// secret is kept; missing or malformed: exit 78).
@main
struct Main {
    static func main() async {
        let endpoint = GatewayEndpoints.own(environment: ProcessInfo.processInfo.environment)
        await ProcessSetup.main(label: endpoint.component) { logger in
            let environment = try ComponentEnvironment.load(name: endpoint.component, logger: logger)
            let gateway = try GatewayService(environment: environment, socket: endpoint.socket)
            try await ServiceGroup(gateway.services, logger: logger).run()
        }
    }
}
