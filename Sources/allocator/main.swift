import IPC

/// `allocator`: serves `allocator.sock`; its market work arrives with its own issue.
@main
struct Main {
    static func main() async {
        await ProcessSetup.main(label: "allocator") { logger in
            let environment = try ComponentEnvironment.load(name: "allocator", logger: logger)
            let component = IdleComponent(environment: environment, socketName: SocketName.allocator,
                                          note: "slot allocation is not implemented yet (issue: allocator)")
            try await ServiceGroup([("allocator", component)], logger: logger).run()
        }
    }
}
