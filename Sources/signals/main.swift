import IPC

/// `signals`: serves `signals.sock`; its market work arrives with its own issue.
@main
struct Main {
    static func main() async {
        await ProcessSetup.main(label: "signals") { logger in
            let environment = try ComponentEnvironment.load(name: "signals", logger: logger)
            let component = IdleComponent(environment: environment, socketName: SocketName.signals,
                                          note: "signal evaluation is not implemented yet (issue: signals)")
            try await ServiceGroup([("signals", component)], logger: logger).run()
        }
    }
}
