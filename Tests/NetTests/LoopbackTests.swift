import Foundation
import Testing
@testable import Net
import System

/// Client ↔ server over loopback TCP: HTTP keep-alive and WebSocket, end to end.
@Suite(.serialized) struct LoopbackTests {
    /// Starts `server`, runs `body`, then shuts the server down and waits for it.
    static func withServer(_ server: HTTPServer, _ body: () async throws -> Void) async throws {
        let running = Task { await server.run() }
        defer { server.shutdown() }
        try await body()
        server.shutdown()
        await running.value
    }

    static func echoServer(tls: TLSConfiguration? = nil) throws -> HTTPServer {
        var configuration = HTTPServerConfiguration()
        configuration.tls = tls
        let route = WebSocketRoute(path: "/tryitout") { _, connection in
            while let message = try? await connection.receive() {
                switch message {
                case .text(let bytes): try? await connection.send(textBytes: bytes)
                case .binary(let bytes): try? await connection.send(binary: bytes)
                case .close: return
                case .ping, .pong: continue
                }
            }
        }
        return try HTTPServer(configuration: configuration, webSocketRoutes: [route]) { request in
            HTTPResponse(status: 200, headers: ["X-Path": request.path], body: request.body.isEmpty ? Array(request.target.utf8) : request.body)
        }
    }

    @Test func tcp_connectAndListen_exchangeBytes_onEphemeralPort() async throws {
        let listener = try TCPSocket.listen(port: 0)
        defer { listener.close() }
        #expect(listener.port != 0)
        async let accepted = listener.accept()
        let client = try await TCPSocket.connect(host: "127.0.0.1", port: listener.port, timeout: .seconds(2))
        let server = try await accepted
        try client.write(Array("ping".utf8))
        #expect(try await server.read() == Array("ping".utf8))
        client.close()
        #expect(try await server.read() == [])
        server.close()
    }

    @Test func tcp_connect_throwsQuickly_whenNothingListens() async throws {
        let listener = try TCPSocket.listen(port: 0)
        let port = listener.port
        listener.close()
        await #expect(throws: SystemError.self) { try await TCPSocket.connect(host: "localhost", port: port, timeout: .seconds(2)) }
    }

    @Test func httpClient_reusesOneConnection_forTwoRequests() async throws {
        let server = try Self.echoServer()
        try await Self.withServer(server) {
            let client = try HTTPClient(origin: "http://127.0.0.1:\(server.port)")
            let first = try await client.get("/uapi/a?x=1")
            let second = try await client.post("/uapi/b", headers: ["Content-Type": "application/json"], body: Array("{}".utf8))
            #expect(first.status == 200 && first.bodyText == "/uapi/a?x=1")
            #expect(second.headers["x-path"] == "/uapi/b" && second.bodyText == "{}")
            #expect(await client.connectionsOpened == 1)
            await client.close()
        }
    }

    @Test func httpClient_reconnects_whenServerClosedIdleConnection() async throws {
        let server = try HTTPServer { _ in HTTPResponse(status: 200, headers: ["Connection": "close"], body: [1]) }
        try await Self.withServer(server) {
            let client = try HTTPClient(origin: "http://localhost:\(server.port)")
            #expect(try await client.get("/").body == [1])
            #expect(try await client.get("/").body == [1])
            #expect(await client.connectionsOpened == 2)
        }
    }

    @Test func httpServer_answersPipelinedRequests_inOrder_andRejectsOversizeBody() async throws {
        var configuration = HTTPServerConfiguration()
        configuration.limits.maximumBodyBytes = 8
        let server = try HTTPServer(configuration: configuration) { request in HTTPResponse(status: 200, body: Array(request.target.utf8)) }
        try await Self.withServer(server) {
            let channel = try await TCPSocket.connect(host: "127.0.0.1", port: server.port)
            defer { channel.close() }
            try channel.write(Array("GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\n\r\nPOST /3 HTTP/1.1\r\nContent-Length: 9\r\n\r\n".utf8))
            var decoder = HTTPResponseDecoder()
            var responses: [HTTPResponse] = []
            while responses.count < 3 {
                let bytes = try await channel.read()
                if bytes.isEmpty { break }
                decoder.append(bytes)
                while let response = try decoder.decode() { responses.append(response) }
            }
            #expect(responses.map(\.status) == [200, 200, 413])
            #expect(responses.prefix(2).map(\.bodyText) == ["/1", "/2"])
        }
    }

    @Test func webSocket_echoesTextBinaryFragmentedAndAnswersPing() async throws {
        let server = try Self.echoServer()
        try await Self.withServer(server) {
            let connection = try await WebSocketClient.connect(url: "ws://127.0.0.1:\(server.port)/tryitout", timeout: .seconds(2))
            try await connection.send(text: "{\"header\":{\"tr_id\":\"PINGPONG\"}}")
            #expect(try await connection.receive().text == "{\"header\":{\"tr_id\":\"PINGPONG\"}}")
            let big = (0..<70_000).map { UInt8(truncatingIfNeeded: $0) }
            try await connection.send(binary: big)
            #expect(try await connection.receive() == .binary(big))
            try await connection.send(frame: WebSocketFrame(fin: false, opcode: .text, payload: Array("0|H0STCNT0|".utf8)))
            try await connection.send(frame: WebSocketFrame(fin: false, opcode: .continuation, payload: [0xFF]))
            try await connection.send(frame: WebSocketFrame(opcode: .continuation, payload: Array("|end".utf8)))
            #expect(try await connection.receive() == .text(Array("0|H0STCNT0|".utf8) + [0xFF] + Array("|end".utf8)))
            try await connection.ping([7, 7])
            #expect(try await connection.receive() == .pong([7, 7]))
            await connection.close(code: WebSocketCloseCode.normal, reason: "bye")
            #expect(!connection.isOpen)
        }
    }

    @Test func webSocket_closeHandshake_deliversServerCloseToClient() async throws {
        let route = WebSocketRoute(path: "/ws") { _, connection in
            await connection.close(code: 4000, reason: "server done")
        }
        let server = try HTTPServer(webSocketRoutes: [route]) { _ in HTTPResponse(status: 404) }
        try await Self.withServer(server) {
            let connection = try await WebSocketClient.connect(url: "ws://127.0.0.1:\(server.port)/ws")
            #expect(try await connection.receive() == .close(code: 4000, reason: "server done"))
            await #expect(throws: NetError.self) { try await connection.receive() }
        }
    }

    @Test func webSocketClient_throws_whenPathIsNotUpgradable() async throws {
        let server = try Self.echoServer()
        try await Self.withServer(server) {
            await #expect(throws: NetError.self) { try await WebSocketClient.connect(url: "ws://127.0.0.1:\(server.port)/other") }
        }
    }

    @Test func webSocket_deliversManySmallFrames_inOrder() async throws {
        let count = 20_000
        let route = WebSocketRoute(path: "/feed") { _, connection in
            for start in stride(from: 0, to: count, by: 100) {
                let batch = (start..<start + 100).map { WebSocketFrame(opcode: .text, payload: Array("0|H0STCNT0|001|\($0)".utf8)) }
                try? await connection.send(frames: batch)
            }
            _ = try? await connection.receive()
        }
        let server = try HTTPServer(webSocketRoutes: [route]) { _ in HTTPResponse(status: 404) }
        try await Self.withServer(server) {
            let connection = try await WebSocketClient.connect(url: "ws://127.0.0.1:\(server.port)/feed")
            var received = 0
            var inOrder = true
            while received < count {
                guard case .text(let bytes) = try await connection.receive() else { continue }
                inOrder = inOrder && String(decoding: bytes, as: UTF8.self) == "0|H0STCNT0|001|\(received)"
                received += 1
            }
            #expect(inOrder)
            #expect(received == count)
            await connection.close()
        }
    }
}

/// The `StreamChannel` fix this module relies on: a write-side shutdown waits for queued bytes.
@Suite(.serialized) struct StreamChannelShutdownTests {
    @Test func shutdownWrite_deliversQueuedBytesBeforeEndOfStream() async throws {
        var fds: [Int32] = [0, 0]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0)
        let writer = try StreamChannel(fd: fds[0])
        let reader = try StreamChannel(fd: fds[1])
        defer { writer.close(); reader.close() }
        let payload = [UInt8](repeating: 0xAB, count: 4 << 20)
        try writer.write(payload)
        #expect(writer.pendingOutboundBytes > 0, "the socket buffer should not take 4 MiB at once")
        writer.shutdownWrite()
        var total = 0
        while true {
            let bytes = try await reader.read()
            if bytes.isEmpty { break }
            total += bytes.count
        }
        #expect(total == payload.count)
    }
}
