import Foundation
import Testing
@testable import IPC
@testable import System

@Suite(.serialized) struct IPCServerTests {
    @Test func hello_isWelcomed_andStatusReportsConnections() async throws {
        let directory = try makeTemporaryRunDirectory()
        let (_, serverTask) = try await startServer(directory.socketPath("s"))
        defer { serverTask.cancel() }
        let client = IPCClient(path: directory.socketPath("s"), hello: Hello(name: "probe"), logger: testLogger)
        let clientTask = Task { await client.run() }
        defer { clientTask.cancel() }
        #expect(await eventually { client.isConnected })
        let reply = try await client.request(.status(StatusRequest()))
        guard case .statusReport(let report) = reply else { Issue.record("got \(reply)"); return }
        #expect(report.component == "test-server")
        #expect(report.state == "running")
        #expect(report.details["ipc"]?["connections"]?.doubleValue == 1)
    }

    @Test func socket_isCreatedWithMode0600() async throws {
        let directory = try makeTemporaryRunDirectory()
        let (_, serverTask) = try await startServer(directory.socketPath("s"))
        defer { serverTask.cancel() }
        let attributes = try FileManager.default.attributesOfItem(atPath: directory.socketPath("s"))
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let dirAttributes = try FileManager.default.attributesOfItem(atPath: directory.url.path)
        #expect((dirAttributes[.posixPermissions] as? Int) == 0o700)
    }

    @Test func listen_refusesToRemoveAFileThatIsNotASocket() throws {
        let directory = try makeTemporaryRunDirectory()
        let path = directory.path("plain")
        _ = FileManager.default.createFile(atPath: path, contents: Data("keep".utf8))
        #expect(throws: SystemError.self) { try UnixSocket.listen(path: path) }
        #expect(FileManager.default.contents(atPath: path) == Data("keep".utf8))
    }

    @Test func listen_rejectsPathsOverTheSunPathLimit() {
        let path = "/tmp/" + String(repeating: "x", count: 120)
        #expect(throws: UnixSocket.PathTooLong.self) { try UnixSocket.listen(path: path) }
    }

    @Test func badFrame_getsErrorReply_thenTheConnectionIsClosed() async throws {
        let directory = try makeTemporaryRunDirectory()
        let (_, serverTask) = try await startServer(directory.socketPath("s"))
        defer { serverTask.cancel() }
        let raw = try RawConnection(path: directory.socketPath("s"))
        try raw.connection.send(framed: FrameEncoder.frame(Array("not json".utf8)))
        let reply = try await raw.connection.receive()
        guard case .error(let error) = reply else { Issue.record("got \(String(describing: reply))"); return }
        #expect(error.code == "invalid_json")
        #expect(try await raw.connection.receive() == nil)
    }

    @Test func oversizeFrame_isRefusedBeforeItsBodyArrives() async throws {
        let directory = try makeTemporaryRunDirectory()
        let (_, serverTask) = try await startServer(directory.socketPath("s"))
        defer { serverTask.cancel() }
        let raw = try RawConnection(path: directory.socketPath("s"))
        try raw.connection.send(framed: [0xff, 0xff, 0xff, 0xff])
        guard case .error(let error) = try await raw.connection.receive() else { Issue.record("no error"); return }
        #expect(error.code == "frame_too_large")
    }

    @Test func unhandledRequest_getsUnsupportedError() async throws {
        let directory = try makeTemporaryRunDirectory()
        let (_, serverTask) = try await startServer(directory.socketPath("s"))
        defer { serverTask.cancel() }
        let client = IPCClient(path: directory.socketPath("s"), hello: Hello(name: "probe"), logger: testLogger)
        let clientTask = Task { await client.run() }
        defer { clientTask.cancel() }
        #expect(await eventually { client.isConnected })
        let reply = try await client.request(.watch(WatchCommand(codes: ["005930"])))
        guard case .error(let error) = reply else { Issue.record("got \(reply)"); return }
        #expect(error.code == "unsupported")
    }

    @Test func randomFrames_fromOneClient_doNotDisturbAnother() async throws {
        let directory = try makeTemporaryRunDirectory()
        let path = directory.socketPath("s")
        let (server, serverTask) = try await startServer(path)
        defer { serverTask.cancel() }
        let good = IPCClient(path: path, hello: Hello(name: "good"), logger: testLogger)
        let goodTask = Task { await good.run() }
        defer { goodTask.cancel() }
        #expect(await eventually { good.isConnected })

        let fuzzer = Task.detached {
            var generator = SystemRandomNumberGenerator()
            var raw = try RawConnection(path: path)
            for index in 0..<10_000 {
                let body: [UInt8]
                switch index % 4 {
                case 0: body = (0..<Int.random(in: 0...64, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
                case 1: body = Array(#"{"type":"score","id":"f\#(index)","code":"1","score":1}"#.utf8)
                case 2: body = Array(#"{"type":"nope"}"#.utf8)
                default: body = Array(#"{"type":"score","id":5}"#.utf8)
                }
                do { try raw.connection.send(framed: FrameEncoder.frame(body)) } catch {
                    // The server closed this connection after an earlier bad frame: start a new one.
                    raw.connection.close()
                    raw = try RawConnection(path: path)
                    try raw.connection.send(framed: FrameEncoder.frame(body))
                }
                if index % 2 == 0 {
                    // Drain whatever the server answered so the fuzzer notices its closed connections.
                    if case .none = try? await raw.connection.receive() {
                        raw.connection.close()
                        raw = try RawConnection(path: path)
                    }
                }
            }
            raw.connection.close()
        }
        var answered = 0
        for index in 0..<1_000 {
            let reply = try await good.request(.score(ScoreCommand(code: "\(index)", score: 1)))
            if case .ack = reply { answered += 1 }
        }
        try await fuzzer.value
        #expect(answered == 1_000)
        let report = await server.statusReport(id: "x")
        #expect((report.details["ipc"]?["bad_frames"]?.doubleValue ?? 0) > 1_000)
    }

    @Test func slowSubscriber_losesMarketData_withoutStallingThePublisher() async throws {
        let directory = try makeTemporaryRunDirectory()
        var configuration = IPCServerConfiguration()
        configuration.maximumQueuedBytes = 64 << 10
        let (server, serverTask) = try await startServer(directory.socketPath("s"), configuration: configuration)
        defer { serverTask.cancel() }
        let slow = try RawConnection(path: directory.socketPath("s"))
        try slow.connection.send(.hello(Hello(id: "h", name: "slow", topics: ["trade"])))
        _ = try await slow.connection.receive()  // welcome; then never read again
        let received = Box(0)
        let fast = IPCClient(path: directory.socketPath("s"), hello: Hello(name: "fast", topics: ["trade"]), logger: testLogger,
                             onMessage: { message in if case .trades = message { received.mutate { $0 += 1 } } })
        let fastTask = Task { await fast.run() }
        defer { fastTask.cancel() }
        #expect(await eventually { server.connectedPeers.filter { $0.topics.contains(.trade) }.count == 2 })

        let trade = Trade(code: "005930", time: "090000", price: 1, change: 0, changeRate: 0, volume: 1, cumulativeVolume: 1,
                          open: 1, high: 1, low: 1, ask: 1, bid: 1, receivedAt: 0)
        let published = 20_000
        for _ in 0..<published { server.publish(.trades([trade])) }
        // The publisher finished while the slow peer read nothing: it was not stalled.
        let peers = server.connectedPeers
        let slowPeer = try #require(peers.first { $0.name == "slow" })
        let fastPeer = try #require(peers.first { $0.name == "fast" })
        #expect(slowPeer.droppedCount > 0)
        #expect(await eventually { received.get + fastPeer.droppedCount == published })
        let report = await server.statusReport(id: "x")
        #expect(report.details["ipc"]?["subscribers"]?.description.contains("slow") == true)
    }

    @Test func client_reconnectsAndSaysHelloAgain_afterServerRestart() async throws {
        let directory = try makeTemporaryRunDirectory()
        let path = directory.socketPath("s")
        var (_, serverTask) = try await startServer(path)
        let connects = Box(0)
        let client = IPCClient(path: path, hello: Hello(name: "owner"), logger: testLogger,
                               onConnect: { _ in connects.mutate { $0 += 1 } })
        let clientTask = Task { await client.run() }
        defer { clientTask.cancel() }
        #expect(await eventually { connects.get == 1 })
        serverTask.cancel()
        _ = await serverTask.result
        #expect(await eventually { !client.isConnected })
        (_, serverTask) = try await startServer(path)
        defer { serverTask.cancel() }
        #expect(await eventually { connects.get == 2 })
        let reply = try await client.request(.score(ScoreCommand(code: "005930", score: 1)))
        guard case .ack = reply else { Issue.record("got \(reply)"); return }
    }

    @Test func connectionFromAnotherUID_isRefused() async throws {
        let directory = try makeTemporaryRunDirectory()
        var configuration = IPCServerConfiguration()
        configuration.peerUID = { _ in 4242 }
        let (server, serverTask) = try await startServer(directory.socketPath("s"), configuration: configuration)
        defer { serverTask.cancel() }
        let raw = try RawConnection(path: directory.socketPath("s"))
        #expect(try await raw.connection.receive() == nil)
        #expect(await server.statusReport(id: "x").details["ipc"]?["refused_connections"]?.doubleValue == 1)
    }

    @Test func tapSubscriber_receivesOnlyItsCodes() async throws {
        let directory = try makeTemporaryRunDirectory()
        let (server, serverTask) = try await startServer(directory.socketPath("s"))
        defer { serverTask.cancel() }
        let raw = try RawConnection(path: directory.socketPath("s"))
        try raw.connection.send(.hello(Hello(id: "h", name: "tap", topics: ["trade"], codes: ["000660"])))
        _ = try await raw.connection.receive()
        let make = { (code: String) in Trade(code: code, time: "090000", price: 1, change: 0, changeRate: 0, volume: 1,
                                            cumulativeVolume: 1, open: 1, high: 1, low: 1, ask: 1, bid: 1, receivedAt: 0) }
        server.publish(.trades([make("005930")]))
        server.publish(.trades([make("005930"), make("000660")]))
        let message = try await raw.connection.receive()
        #expect(message == .trades([make("000660")]))
    }
}
