import Foundation
import Testing
@testable import Net
import System

/// kis-sim's HTTP server against slow and greedy clients (issue 13: 300 slowloris connections
/// stayed open for ever).
@Suite(.serialized) struct HTTPServerLimitsTests {
    static func server(_ adjust: (inout HTTPServerConfiguration) -> Void) throws -> HTTPServer {
        var configuration = HTTPServerConfiguration()
        adjust(&configuration)
        return try HTTPServer(configuration: configuration) { _ in HTTPResponse(status: 200, body: Array("ok".utf8)) }
    }

    /// Reads until end of stream (or 5 s); what the server said before closing.
    static func readToEnd(_ channel: StreamChannel) async -> [UInt8]? {
        var received: [UInt8] = []
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline {
            guard let bytes = try? await channel.read() else { return received }
            if bytes.isEmpty { return received }
            received += bytes
        }
        return nil
    }

    @Test func aRequestThatNeverCompletes_isClosedAfterTheRequestTimeout() async throws {
        let server = try Self.server { $0.requestTimeoutSeconds = 0.3 }
        try await LoopbackTests.withServer(server) {
            let channel = try await TCPSocket.connect(host: "127.0.0.1", port: server.port)
            defer { channel.close() }
            try channel.write(Array("GET /x HTTP/1.1\r\nHost: a\r\nX-Slow: ".utf8))
            #expect(await Self.readToEnd(channel) != nil, "the server kept a partial request open")
        }
    }

    @Test func anIdleKeepAliveConnection_isClosedAfterTheIdleTimeout_butServedUntilThen() async throws {
        let server = try Self.server { $0.idleTimeoutSeconds = 0.5 }
        try await LoopbackTests.withServer(server) {
            let channel = try await TCPSocket.connect(host: "127.0.0.1", port: server.port)
            defer { channel.close() }
            try channel.write(Array("GET /x HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
            let answer = try await channel.read()
            #expect(String(decoding: answer, as: UTF8.self).hasPrefix("HTTP/1.1 200"))
            #expect(await Self.readToEnd(channel) != nil)
        }
    }

    @Test func connectionsOverTheCap_areAnswered503_andTheOthersStayServed() async throws {
        let server = try Self.server { $0.maximumConnections = 2 }
        try await LoopbackTests.withServer(server) {
            let first = try await TCPSocket.connect(host: "127.0.0.1", port: server.port)
            let second = try await TCPSocket.connect(host: "127.0.0.1", port: server.port)
            defer { first.close(); second.close() }
            try first.write(Array("GET /x HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
            #expect(String(decoding: try await first.read(), as: UTF8.self).hasPrefix("HTTP/1.1 200"))
            let third = try await TCPSocket.connect(host: "127.0.0.1", port: server.port)
            defer { third.close() }
            let refusal = await Self.readToEnd(third).map { String(decoding: $0, as: UTF8.self) } ?? ""
            #expect(refusal.hasPrefix("HTTP/1.1 503"), "\(refusal)")
            try second.write(Array("GET /x HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
            #expect(String(decoding: try await second.read(), as: UTF8.self).hasPrefix("HTTP/1.1 200"))
        }
    }
}
