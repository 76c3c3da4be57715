import Testing
@testable import NATS

/// The protocol decoder on byte-array literals: every operation, split reads, limits, malformed input.
@Suite struct NATSDecoderTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    static func decodeAll(_ wire: [UInt8], chunk: Int = .max) throws -> [NATSServerOperation] {
        var decoder = NATSDecoder()
        var operations: [NATSServerOperation] = []
        var index = 0
        while index < wire.count {
            let end = min(wire.count, index + chunk)
            decoder.append(wire[index..<end])
            index = end
            while let operation = try decoder.decode() { operations.append(operation) }
        }
        #expect(decoder.bufferedByteCount == 0)
        return operations
    }

    @Test func decode_readsInfo() throws {
        let wire = Self.bytes(#"INFO {"server_id":"NABC","version":"2.9.10","max_payload":1048576,"headers":true,"auth_required":true,"jetstream":true}"# + "\r\n")
        let operations = try Self.decodeAll(wire)
        #expect(operations == [.info(NATSServerInfo(serverID: "NABC", version: "2.9.10", maxPayload: 1_048_576,
                                                     headers: true, authRequired: true, jetstream: true))])
    }

    @Test func decode_readsControlOperations() throws {
        let operations = try Self.decodeAll(Self.bytes("PING\r\nPONG\r\n+OK\r\n-ERR 'Permissions Violation for Publish to \"kis41.cmd.allocator\"'\r\nping\r\n"))
        #expect(operations == [.ping, .pong, .ok, .error("Permissions Violation for Publish to \"kis41.cmd.allocator\""), .ping])
    }

    @Test func decode_readsMessage_withAndWithoutReply() throws {
        let wire: [UInt8] = [77, 83, 71, 32, 97, 46, 98, 32, 55, 32, 51, 13, 10, 0x68, 0x69, 0x21, 13, 10]  // "MSG a.b 7 3\r\nhi!\r\n"
        #expect(try Self.decodeAll(wire) == [.message(NATSMessage(subject: "a.b", sid: 7, payload: Array("hi!".utf8)))])
        let withReply = Self.bytes("MSG kis41.cmd.allocator 2 _INBOX.x.1 5\r\nhello\r\n")
        #expect(try Self.decodeAll(withReply) == [.message(NATSMessage(subject: "kis41.cmd.allocator", sid: 2, replyTo: "_INBOX.x.1",
                                                                      payload: Array("hello".utf8)))])
    }

    @Test func decode_readsEmptyPayload_andPayloadContainingCRLF() throws {
        let wire = Self.bytes("MSG a 1 0\r\n\r\nMSG a 1 4\r\n\r\n\r\n\r\n")
        #expect(try Self.decodeAll(wire) == [.message(NATSMessage(subject: "a", sid: 1, payload: [])),
                                             .message(NATSMessage(subject: "a", sid: 1, payload: [13, 10, 13, 10]))])
    }

    @Test func decode_readsHeaderMessage_withNoRespondersStatus() throws {
        let headers = "NATS/1.0 503\r\n\r\n"
        let wire = Self.bytes("HMSG _INBOX.x.1 0 \(headers.utf8.count) \(headers.utf8.count)\r\n\(headers)\r\n")
        let operations = try Self.decodeAll(wire)
        #expect(operations == [.message(NATSMessage(subject: "_INBOX.x.1", sid: 0, status: 503, payload: []))])
    }

    @Test func decode_readsHeaderMessage_withHeadersAndPayload() throws {
        let headers = "NATS/1.0\r\nNats-Msg-Id: 42\r\nX: a: b\r\n\r\n"
        let wire = Self.bytes("HMSG s 3 r \(headers.utf8.count) \(headers.utf8.count + 2)\r\n\(headers){}\r\n")
        guard case .message(let message) = try Self.decodeAll(wire).first else { Issue.record("no message"); return }
        #expect(message.replyTo == "r" && message.status == nil && message.payload == Array("{}".utf8))
        #expect(message.header("nats-msg-id") == "42" && message.header("X") == "a: b")
    }

    @Test(arguments: [1, 2, 3, 7, 64])
    func decode_returnsSameOperations_whenSplitAcrossReads(chunk: Int) throws {
        let wire = Self.bytes("INFO {\"server_id\":\"S\",\"version\":\"2.9.10\",\"max_payload\":1024}\r\nPING\r\nMSG x.y 1 r 11\r\nhello world\r\nHMSG z 2 16 18\r\nNATS/1.0 100\r\n\r\n{}\r\n-ERR 'Stale Connection'\r\n")
        let whole = try Self.decodeAll(wire)
        #expect(whole.count == 5)
        #expect(try Self.decodeAll(wire, chunk: chunk) == whole)
    }

    @Test func decode_returnsNil_untilPayloadAndItsCRLFArrive() throws {
        var decoder = NATSDecoder()
        decoder.append(Self.bytes("MSG a 1 3\r\nabc"))
        #expect(try decoder.decode() == nil)
        decoder.append([13])
        #expect(try decoder.decode() == nil)
        decoder.append([10])
        #expect(try decoder.decode() == .message(NATSMessage(subject: "a", sid: 1, payload: Array("abc".utf8))))
    }

    @Test func decode_rejectsOversizedPayload_beforeBufferingIt() throws {
        var decoder = NATSDecoder(maximumPayload: 1024)
        decoder.append(Self.bytes("MSG a 1 1025\r\n"))
        #expect(throws: NATSError.payloadTooLarge(length: 1025, limit: 1024)) { try decoder.decode() }
        var exact = NATSDecoder(maximumPayload: 1024)
        exact.append(Self.bytes("MSG a 1 1024\r\n"))
        #expect(try exact.decode() == nil)
    }

    @Test func decode_rejectsOverlongControlLine_withoutItsEnd() throws {
        var decoder = NATSDecoder(maximumControlLineLength: 16)
        decoder.append(Self.bytes("MSG aaaaaaaaaaaaaaaaaaaa"))
        #expect(throws: NATSError.self) { try decoder.decode() }
    }

    @Test(arguments: ["FOO\r\n", "MSG a\r\n", "MSG a x 3\r\nabc\r\n", "MSG a 1 -3\r\n", "MSG a 1 3\r\nabcde\r\n",
                      "HMSG a 1 10 5\r\n", "HMSG a 1 4 4\r\nXXXX\r\n", "INFO {not json}\r\n"])
    func decode_throws_forMalformedInput(text: String) {
        var decoder = NATSDecoder()
        decoder.append(Self.bytes(text))
        #expect(throws: NATSError.self) { try decoder.decode() }
    }

    @Test func decode_readsMessageFields_separatedByRunsOfSpacesOrTabs_evenByteByByte() throws {
        let wire = Self.bytes("MSG  kis41.trade.005930\t12   _INBOX.r.7 \t2\r\n{}\r\nMSG a 3 0\r\n\r\n")
        let expected: [NATSServerOperation] = [.message(NATSMessage(subject: "kis41.trade.005930", sid: 12, replyTo: "_INBOX.r.7", payload: Array("{}".utf8))),
                                               .message(NATSMessage(subject: "a", sid: 3, payload: []))]
        #expect(try Self.decodeAll(wire) == expected)
        #expect(try Self.decodeAll(wire, chunk: 1) == expected)
    }

    @Test(arguments: ["MSG a 1 r x 2\r\nhi\r\n", "MSG a 1\r\n", "MSG a x 2\r\nhi\r\n", "MSG a 1 -2\r\nhi\r\n", "MSG a 1 2\r\nhi!\r\n"])
    func decode_refusesMalformedMessageLines(line: String) {
        var decoder = NATSDecoder()
        decoder.append(Self.bytes(line))
        #expect(throws: NATSError.self) { _ = try decoder.decode() }
    }
}
