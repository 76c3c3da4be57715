import Foundation
import Testing
@testable import IPC
@testable import System

/// The IPC-side defects of the live-path audit (issue 13): replies that pile up, forged log
/// lines, misspelled configuration sections, and a shutdown that waits on a stubborn service.
@Suite(.serialized) struct LiveHardeningTests {
    @Test func peerThatNeverReadsItsReplies_isNoLongerRead_andItsQueueStaysBounded() async throws {
        let directory = try makeTemporaryRunDirectory()
        var configuration = IPCServerConfiguration()
        configuration.maximumQueuedBytes = 64 << 10
        let (server, serverTask) = try await startServer(directory.socketPath("s"), configuration: configuration)
        defer { serverTask.cancel() }
        let fd = try UnixSocket.connect(path: directory.socketPath("s"))
        defer { close(fd) }
        // Status requests, 100 to a write, written without blocking for as long as the server
        // takes them (at most 5 s); the replies are never read.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        let batch = Array(repeating: try MessageCodec().frame(.status(StatusRequest(id: "x"))), count: 100).flatMap { $0 }
        let deadline = Date().addingTimeInterval(5)
        var paused = false
        while Date() < deadline, !paused {
            let written = batch.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written < 0 { try await Task.sleep(nanoseconds: 10_000_000) }
            paused = await server.statusReport(id: "probe").details["ipc"]?["read_pauses"]?.doubleValue ?? 0 >= 1
        }
        #expect(paused)
        let queued = server.connectedPeers.map(\.connection.channel.pendingOutboundBytes).max() ?? 0
        // Bounded by the limit plus what one request's reply adds; before the fix it grew with every request.
        #expect(queued < configuration.maximumQueuedBytes + 16 << 10, "queued \(queued) bytes")
        // Everyone else is still served.
        let probe = try await IPCClient.requestOnce(path: directory.socketPath("s"), name: "probe", .status(StatusRequest()), timeout: 2)
        guard case .statusReport = probe else { Issue.record("got \(probe)"); return }
    }

    @Test func logLine_escapesControlCharacters_soAPeerCannotForgeALine() {
        let forged = "x\n2026-11-25T00:00:00.000Z critical ws-gateway: forged\r\u{1b}[2J\u{0}"
        let line = Logger.line(timestamp: "T", level: .warning, label: "allocator", message: "unknown type \(forged)", ["type": forged])
        #expect(line.filter { $0 == "\n" }.count == 1 && line.hasSuffix("\n"))
        #expect(line.contains("x\\n2026-11-25"))
        #expect(line.contains("\\u{1b}") && line.contains("\\u{0}") && line.contains("\\r"))
        #expect(line.contains("type=\"x\\n2026"))
    }

    @Test func logLine_capsPeerSuppliedText() {
        let huge = String(repeating: "A", count: 1 << 20)
        let line = Logger.line(timestamp: "T", level: .warning, label: "signals", message: huge, ["type": huge])
        #expect(line.utf8.count < Logger.maximumMessageBytes + Logger.maximumValueBytes + 200)
        #expect(line.contains("more bytes)"))
        #expect(Logger.line(timestamp: "T", level: .info, label: "l", message: "plain", ["slots": 41, "name": "a b"]) == "T info l: plain slots=41 name=\"a b\"\n")
    }

    @Test func unknownType_isCutBeforeItIsEchoed() {
        let error = FramingError.unknownType(String(repeating: "t", count: 10_000))
        #expect(error.description.count < 120)
    }

    @Test func misspelledSection_stopsTheComponent_namingIt() throws {
        let directory = try makeTemporaryRunDirectory()
        let path = directory.path("kis41.json")
        try Data(#"{"rest_poller": {"realLimitPerSecond": 10}}"#.utf8).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: ExitError.self) { try ConfigurationFile.load(environment: ["KIS41_CONFIG": path]) }
        #expect(error?.code == .configuration)
        #expect(error?.message.contains("unknown section \"rest_poller\"") == true)
        try Data(#"{"rest-poller": {}, "signals": {}}"#.utf8).write(to: URL(fileURLWithPath: path))
        #expect(try ConfigurationFile.load(environment: ["KIS41_CONFIG": path]).path == path)
    }

    /// A service that ignores cancellation (an unstructured task sleeping 60 s, as the poller's
    /// token backoff did) no longer holds the group past its grace.
    @Test func shutdown_returnsWithinTheGrace_evenWhenAServiceIgnoresCancellation() async throws {
        let trigger = ShutdownTrigger()
        let stubborn = ClosureService { await Task { try? await Task.sleep(nanoseconds: 60_000_000_000) }.value }
        let polite = ClosureService { try await Task.sleep(nanoseconds: 60_000_000_000) }
        let group = ServiceGroup([("polite", polite), ("stubborn", stubborn)], gracePeriod: 0.3, logger: testLogger, shutdown: trigger)
        let started = Date()
        let run = Task { try await group.run() }
        try await Task.sleep(nanoseconds: 50_000_000)
        trigger.trigger()
        try await run.value
        // The stubborn service's grace, the polite one's prompt exit, and scheduling slack.
        #expect(Date().timeIntervalSince(started) < 5)
    }
}
