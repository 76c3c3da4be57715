import Foundation
import Testing
import IPC
import System
@testable import NATS

/// The client against a real nats-server: publish/subscribe, request/reply, authentication and
/// permissions, reconnect with resubscribe, and JetStream.
@Suite(.serialized, .enabled(if: NATSServerHarness.isEnabled, "nats-server is not installed (apt-get install -y nats-server)"))
struct NATSClientServerTests {
    @Test func publish_reachesSubscriber_onWildcardSubject() async throws {
        let server = try NATSServerHarness()
        defer { server.cleanUp() }
        try await server.start()
        let (client, task) = try await server.client()
        defer { task.cancel() }
        let collector = MessageCollector(try await client.subscribe("kis41.>"))
        try await client.flush()
        try await client.publish("kis41.trade.005930", payload: Array(#"{"a":1}"#.utf8))
        try await client.publish("other.subject", payload: [1])
        try await client.publish("kis41.quote.000660", payload: [])
        let messages = await collector.wait(for: 2)
        #expect(messages.map(\.subject) == ["kis41.trade.005930", "kis41.quote.000660"])
        #expect(messages.first?.payload == Array(#"{"a":1}"#.utf8))
    }

    @Test func subscriptionWithHandler_receivesInOrder_onTheReadingTask() async throws {
        let server = try NATSServerHarness()
        defer { server.cleanUp() }
        try await server.start()
        let (client, task) = try await server.client()
        defer { task.cancel() }
        let received = CodeRecorder()
        _ = try await client.subscribe("kis41.trade.*") { received.add(String(decoding: $0.payload, as: UTF8.self)) }
        try await client.flush()
        try await client.publish((0..<100).map { (subject: "kis41.trade.\($0 % 7)", payload: Array(String($0).utf8)) })
        #expect(await eventually { received.count == 100 })
        #expect(received.all == (0..<100).map(String.init))
    }

    @Test func request_getsReply_andNoRespondersFailsFast() async throws {
        let server = try NATSServerHarness()
        defer { server.cleanUp() }
        try await server.start()
        let (responder, responderTask) = try await server.client(name: "responder")
        defer { responderTask.cancel() }
        let (requester, requesterTask) = try await server.client(name: "requester")
        defer { requesterTask.cancel() }
        let subscription = try await responder.subscribe("echo")
        try await responder.flush()
        let serving = Task {
            for await message in subscription.messages {
                guard let replyTo = message.replyTo else { continue }
                try? await responder.publish(replyTo, payload: Array("re:".utf8) + message.payload)
            }
        }
        defer { serving.cancel() }
        let reply = try await requester.request("echo", payload: Array("hi".utf8), timeout: 10)
        #expect(reply.payload == Array("re:hi".utf8))
        await #expect(throws: NATSError.noResponders("nobody.home")) {
            _ = try await requester.request("nobody.home", payload: [], timeout: 10)
        }
    }

    @Test func connect_refusesUnauthenticatedClient_andReadOnlyUserCannotSendCommands() async throws {
        let server = try NATSServerHarness(extraConfiguration: NATSServerHarness.authorization)
        defer { server.cleanUp() }
        try await server.start()
        // No credentials: the server answers CONNECT with -ERR 'Authorization Violation'.
        do {
            _ = try await NATSConnection.connect(try NATSConfiguration(url: server.url))
            Issue.record("an unauthenticated client was let in")
        } catch let error as NATSError {
            #expect(error.isAuthorizationViolation, "\(error)")
        }
        let (bridge, bridgeTask) = try await server.client(.userPassword(user: "bridge", password: "bridge-pw"), name: "bridge")
        defer { bridgeTask.cancel() }
        let commands = MessageCollector(try await bridge.subscribe("kis41.cmd.allocator"))
        try await bridge.flush()
        let (reader, readerTask) = try await server.client(.userPassword(user: "reader", password: "reader-pw"), name: "reader")
        defer { readerTask.cancel() }
        try await reader.publish("kis41.cmd.allocator", payload: Array("from reader".utf8))
        try await reader.flush()
        #expect(reader.lastError?.contains("Permissions Violation") == true, "\(reader.lastError ?? "no error")")
        let (trader, traderTask) = try await server.client(.userPassword(user: "trader", password: "trader-pw"), name: "trader")
        defer { traderTask.cancel() }
        try await trader.publish("kis41.cmd.allocator", payload: Array("from trader".utf8))
        // Ordered delivery: the trader's command arrives; the reader's, published first, never does.
        let received = await commands.wait(for: 1)
        #expect(received.map { String(decoding: $0.payload, as: UTF8.self) } == ["from trader"])
    }

    @Test func client_reconnects_andResubscribes_afterServerRestart() async throws {
        let server = try NATSServerHarness()
        defer { server.cleanUp() }
        try await server.start()
        let (subscriber, subscriberTask) = try await server.client(name: "subscriber")
        defer { subscriberTask.cancel() }
        let collector = MessageCollector(try await subscriber.subscribe("kis41.signal.>"))
        server.stop(kill: true)
        try await server.start()
        let (publisher, publisherTask) = try await server.client(name: "publisher")
        defer { publisherTask.cancel() }
        #expect(await subscriber.waitUntilConnected(timeout: 15))
        try await subscriber.flush()
        #expect(subscriber.connectCount == 2)
        try await publisher.publish("kis41.signal.gap.005930", payload: Array("after".utf8))
        #expect(await collector.wait(for: 1).map(\.subject) == ["kis41.signal.gap.005930"])
    }

    @Test func jetStream_createsStream_acknowledgesPublishes_andReplays() async throws {
        let server = try NATSServerHarness()
        defer { server.cleanUp() }
        try await server.start()
        let (client, task) = try await server.client()
        defer { task.cancel() }
        let jetStream = JetStream(client: client, timeout: 10)
        var stream = JetStreamStreamConfiguration(name: "KIS41_SIGNALS", subjects: ["kis41.signal.>"], maxAgeSeconds: 3600, maxBytes: 1 << 20)
        #expect(try await jetStream.ensureStream(stream) == .created)
        #expect(try await jetStream.ensureStream(stream) == .created, "the same configuration again is accepted as is")
        stream.maxBytes = 2 << 20
        #expect(try await jetStream.ensureStream(stream) == .updated)
        let first = try await jetStream.publish("kis41.signal.gap.005930", payload: Array("1".utf8), messageID: "a")
        let second = try await jetStream.publish("kis41.signal.momentum.000660", payload: Array("2".utf8), messageID: "b")
        let again = try await jetStream.publish("kis41.signal.gap.005930", payload: Array("1".utf8), messageID: "a")
        #expect(first.stream == "KIS41_SIGNALS" && first.seq == 1 && second.seq == 2)
        #expect(again.duplicate == true && again.seq == 1)
        await #expect(throws: NATSError.self) { try await jetStream.publish("not.captured", payload: []) }
        let replay = MessageCollector(try await jetStream.replay(stream: "KIS41_SIGNALS"))
        let replayed = await replay.wait(for: 2)
        #expect(replayed.map { String(decoding: $0.payload, as: UTF8.self) } == ["1", "2"])
        #expect(replayed.map(\.subject) == ["kis41.signal.gap.005930", "kis41.signal.momentum.000660"])
    }

    @Test func tls_connectsThroughTheProjectsTLSLayer_andRefusesAnUntrustedServer() async throws {
        let certificates = FileManager.default.temporaryDirectory.appendingPathComponent("kis41-nats-tls-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: certificates, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: certificates) }
        let cert = certificates.appendingPathComponent("cert.pem").path, key = certificates.appendingPathComponent("key.pem").path
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key,
                             "-out", cert, "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"]
        openssl.standardOutput = FileHandle.nullDevice
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        try #require(openssl.terminationStatus == 0, "openssl could not make a certificate")
        let server = try NATSServerHarness(extraConfiguration: "tls { cert_file: \"\(cert)\", key_file: \"\(key)\" }")
        defer { server.cleanUp() }
        try await server.start()

        // nats:// upgrades because the server's INFO requires TLS; the CA is the self-signed certificate.
        var trusted = try NATSConfiguration(url: server.url, tls: .client(trustedCertificatesFile: cert))
        trusted.connectTimeout = 10
        let client = NATSClient(configuration: trusted, logger: Logger(label: "tls", level: .critical))
        let task = Task { await client.run() }
        defer { task.cancel() }
        #expect(await client.waitUntilConnected(timeout: 15), "\(client.lastError ?? "")")
        let collector = MessageCollector(try await client.subscribe("kis41.signal.>"))
        try await client.flush()
        try await client.publish("kis41.signal.gap.005930", payload: Array("over tls".utf8))
        #expect(await collector.wait(for: 1).map(\.payload) == [Array("over tls".utf8)])

        // The system's CAs do not know it: the handshake fails with the verification error.
        await #expect(throws: (any Error).self) {
            _ = try await NATSConnection.connect(try NATSConfiguration(url: "tls://127.0.0.1:\(server.port)"))
        }
    }
}
