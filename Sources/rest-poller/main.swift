import IPC

/// `rest-poller`: serves `poller.sock`; its market work arrives with its own issue.
@main
struct Main {
    static func main() async {
        await ProcessSetup.main(label: "rest-poller") { logger in
            let environment = try ComponentEnvironment.load(name: "rest-poller", logger: logger)
            let component = IdleComponent(environment: environment, socketName: SocketName.poller,
                                          note: "REST polling is not implemented yet (issue: rest-poller)")
            try await ServiceGroup([("rest-poller", component)], logger: logger).run()
        }
    }
}
