import Foundation
import Testing
@testable import NATS

/// The client operations as bytes, and the checks that keep a subject from smuggling an operation.
@Suite struct NATSEncoderTests {
    @Test func publish_writesPUB_withAndWithoutReply() throws {
        #expect(try NATSEncoder.publish(subject: "kis41.trade.005930", payload: Array("{}".utf8)) == Array("PUB kis41.trade.005930 2\r\n{}\r\n".utf8))
        #expect(try NATSEncoder.publish(subject: "a", replyTo: "_INBOX.x.1", payload: []) == Array("PUB a _INBOX.x.1 0\r\n\r\n".utf8))
    }

    @Test func publish_writesHPUB_withHeaderSizes() throws {
        let wire = try NATSEncoder.publish(subject: "s", replyTo: "r", headers: [("Nats-Msg-Id", "7")], payload: Array("ab".utf8))
        let headers = "NATS/1.0\r\nNats-Msg-Id: 7\r\n\r\n"
        #expect(wire == Array("HPUB s r \(headers.utf8.count) \(headers.utf8.count + 2)\r\n\(headers)ab\r\n".utf8))
    }

    @Test func publishedBytes_decodeBackAsTheSameMessage() throws {
        // What we send as HPUB is what a subscriber receives as HMSG: the sizes must agree.
        let wire = try NATSEncoder.publish(subject: "s", replyTo: "r", headers: [("K", "v")], payload: Array("payload".utf8))
        let text = String(decoding: wire, as: UTF8.self).replacingOccurrences(of: "HPUB s r", with: "HMSG s 9 r")
        var decoder = NATSDecoder()
        decoder.append(Array(text.utf8))
        guard case .message(let message)? = try decoder.decode() else { Issue.record("no message"); return }
        #expect(message.payload == Array("payload".utf8) && message.header("K") == "v" && message.sid == 9)
    }

    @Test func subscribe_andUnsubscribe_writeTheirLines() throws {
        #expect(try NATSEncoder.subscribe(subject: "kis41.>", sid: 3) == Array("SUB kis41.> 3\r\n".utf8))
        #expect(try NATSEncoder.subscribe(subject: "kis41.cmd.allocator", queue: "bridges", sid: 4) == Array("SUB kis41.cmd.allocator bridges 4\r\n".utf8))
        #expect(NATSEncoder.unsubscribe(sid: 4) == Array("UNSUB 4\r\n".utf8))
        #expect(NATSEncoder.unsubscribe(sid: 4, maximumMessages: 1) == Array("UNSUB 4 1\r\n".utf8))
    }

    @Test(arguments: ["", "a b", "a\r\nPUB x 1", "a\tb", ".a", "a.", "a..b"])
    func publish_refusesSubject_thatCouldBreakTheControlLine(subject: String) {
        #expect(throws: NATSError.self) { try NATSEncoder.publish(subject: subject, payload: []) }
        #expect(throws: NATSError.self) { try NATSEncoder.subscribe(subject: subject, sid: 1) }
    }

    @Test func publish_refusesHeader_withLineBreak() {
        #expect(throws: NATSError.self) { try NATSEncoder.publish(subject: "s", headers: [("K", "v\r\nX: y")], payload: []) }
    }

    @Test func connect_carriesCredentials_butItsDescriptionDoesNot() throws {
        let options = NATSConnectOptions(name: "kis41-nats-bridge", credentials: .userPassword(user: "publisher", password: "s3cr\"et"), tlsRequired: false)
        let wire = try NATSEncoder.connect(options)
        #expect(wire.starts(with: Array("CONNECT {".utf8)) && wire.suffix(2) == [13, 10])
        let json = try JSONSerialization.jsonObject(with: Data(wire.dropFirst(8).dropLast(2))) as? [String: Any]
        #expect(json?["user"] as? String == "publisher" && json?["pass"] as? String == "s3cr\"et")
        #expect(json?["headers"] as? Bool == true && json?["no_responders"] as? Bool == true && json?["verbose"] as? Bool == false)
        #expect(!"\(options)".contains("s3cr"))
        let token = NATSConnectOptions(name: "n", credentials: .token("s3cr3t-token"), tlsRequired: true)
        #expect(String(decoding: try NATSEncoder.connect(token), as: UTF8.self).contains(#""auth_token":"s3cr3t-token""#))
        #expect(!"\(NATSCredentials.token("s3cr3t-token"))".contains("s3cr3t"))
    }

    @Test func configuration_parsesURLs_andRefusesCredentialsInThem() throws {
        let plain = try NATSConfiguration(url: "nats://127.0.0.1:4333")
        #expect(plain.host == "127.0.0.1" && plain.port == 4333 && !plain.requiresTLS)
        let tls = try NATSConfiguration(url: "tls://nats.example.com")
        #expect(tls.host == "nats.example.com" && tls.port == 4222 && tls.requiresTLS)
        #expect(try NATSConfiguration(url: "nats://[::1]:5000").host == "::1")
        for bad in ["http://x", "nats://user:pw@host:4222", "nats://", "nats://h:0", "nats://h:99999", "h:4222"] {
            #expect(throws: NATSError.self, "\(bad)") { try NATSConfiguration(url: bad) }
        }
        do {
            _ = try NATSConfiguration(url: "nats://bridge:s3cr3t-pw@host:4222")
        } catch {
            #expect(!"\(error)".contains("s3cr3t") && "\(error)".contains("host:4222"), "\(error)")
        }
    }

    @Test func credentials_comeFromUserPassword_elseToken() {
        #expect(NATSCredentials.from(["KIS41_NATS_USER": "u", "KIS41_NATS_PASSWORD": "p", "KIS41_NATS_TOKEN": "t"]) == .userPassword(user: "u", password: "p"))
        #expect(NATSCredentials.from(["KIS41_NATS_TOKEN": "t"]) == .token("t"))
        #expect(NATSCredentials.from([:]) == NATSCredentials.none)
    }
}
