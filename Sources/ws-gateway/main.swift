import IPC

/// `ws-gateway`: serves `gateway.sock`; its market work arrives with its own issue.
@main
struct Main {
    static func main() async {
        await ProcessSetup.main(label: "ws-gateway") { logger in
            let environment = try ComponentEnvironment.load(name: "ws-gateway", logger: logger)
            let component = IdleComponent(environment: environment, socketName: SocketName.gateway,
                                          note: "the KIS WebSocket session is not implemented yet (issue: ws-gateway)")
            try await ServiceGroup([("ws-gateway", component)], logger: logger).run()
        }
    }
}
