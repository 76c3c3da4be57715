import System

/// A component that serves its socket (`hello`, `status`) but does no market work yet: its status
/// says so (`state: "idle"`, `details.note`) instead of pretending.
public struct IdleComponent: Service {
    public let server: IPCServer

    public init(environment: ComponentEnvironment, socketName: String, note: String) {
        server = IPCServer(name: environment.name, path: environment.runDirectory.socketPath(socketName),
                           logger: environment.logger, status: { ("idle", ["note": .string(note)]) },
                           handler: { message, _ in
                               guard let id = message.id else { return nil }
                               return .error(ErrorReply(id: id, code: "not_implemented", reason: note))
                           })
    }

    public func run() async throws { try await server.run() }
}
