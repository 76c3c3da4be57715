import Foundation
@testable import IPC
@testable import System

/// A fresh short run directory under /tmp (sun_path is only 108 bytes).
func makeTemporaryRunDirectory() throws -> RunDirectory {
    let path = "/tmp/k41t-\(UInt32.random(in: 0...UInt32.max))"
    let directory = RunDirectory(path: path)
    try directory.prepare()
    return directory
}

/// Polls `condition` every 10 ms until it holds or `timeout` seconds pass.
func eventually(timeout: Double = 5, _ condition: @Sendable () async -> Bool) async -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if await condition() { return true }
        try? await Task.sleep(nanoseconds: 10_000_000)
    }
    return await condition()
}

/// A thread-safe counter/box for tests.
final class Box<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    var get: Value { lock.withLock { value } }
    func mutate(_ body: (inout Value) -> Void) { lock.withLock { body(&value) } }
}

/// A raw connection that writes bytes and reads frames without the client's conveniences.
struct RawConnection {
    let connection: IPCConnection
    init(path: String) throws {
        connection = IPCConnection(channel: try StreamChannel(fd: try UnixSocket.connect(path: path)))
    }
}

let testLogger = Logger(label: "test", level: .critical)

func startServer(_ path: String, configuration: IPCServerConfiguration = .init(),
                 handler: @escaping IPCServer.Handler = { message, _ in
                     if case .score(let s) = message { return .ack(Ack(id: s.id)) }
                     return nil
                 }) async throws -> (IPCServer, Task<Void, any Error>) {
    let server = IPCServer(name: "test-server", path: path, logger: testLogger, configuration: configuration,
                           status: { ("running", ["note": "test"]) }, handler: handler)
    let task = Task { try await server.run() }
    let ready = await eventually { FileManager.default.fileExists(atPath: path) }
    precondition(ready, "server did not start")
    return (server, task)
}
