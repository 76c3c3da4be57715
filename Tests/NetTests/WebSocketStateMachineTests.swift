import Testing
@testable import Net

/// The pure ping/pong/close logic, driven by a manual clock.
@Suite struct WebSocketStateMachineTests {
    let start = ContinuousClock.now

    @Test func ping_isAnsweredWithPongOfSamePayload_andDelivered() {
        var machine = WebSocketStateMachine()
        #expect(machine.received(.ping([1, 2])) == [.send(WebSocketFrame(opcode: .pong, payload: [1, 2])), .deliver(.ping([1, 2]))])
    }

    @Test func peerClose_isEchoedWithItsCode_thenTransportCloses() {
        var machine = WebSocketStateMachine()
        let actions = machine.received(.close(code: 1001, reason: "bye"))
        #expect(actions == [.send(WebSocketFrame(opcode: .close, payload: [0x03, 0xE9])), .deliver(.close(code: 1001, reason: "bye")), .closeTransport])
        #expect(machine.state == .closed)
        #expect(machine.received(.text("late")) == [])
    }

    @Test func requestedClose_waitsForPeer_untilDeadline() {
        var machine = WebSocketStateMachine()
        #expect(machine.requestClose(code: 1000, reason: "", now: start, timeout: .seconds(5)).count == 1)
        #expect(!machine.isOpen)
        #expect(machine.requestClose(code: 1000, reason: "", now: start, timeout: .seconds(5)).isEmpty)
        #expect(machine.received(.text("still data")) == [.deliver(.text("still data"))])
        #expect(machine.tick(now: start + .seconds(4)) == [])
        #expect(machine.tick(now: start + .seconds(5)) == [.closeTransport])
        #expect(machine.state == .closed)
    }

    @Test func requestedClose_completes_whenPeerAnswers() {
        var machine = WebSocketStateMachine()
        _ = machine.requestClose(code: 1000, reason: "done", now: start, timeout: .seconds(5))
        #expect(machine.received(.close(code: 1000, reason: "")) == [.deliver(.close(code: 1000, reason: "")), .closeTransport])
        #expect(machine.tick(now: start + .seconds(10)) == [])
    }

    @Test func protocolFailure_sendsCloseWithMappedCode() {
        var machine = WebSocketStateMachine()
        let actions = machine.failed(.messageTooLarge(length: 10, limit: 5))
        #expect(actions == [.send(WebSocketFrame(opcode: .close, payload: [0x03, 0xF1])), .closeTransport])
    }
}

/// URL parsing for clients.
@Suite struct NetURLTests {
    @Test func parse_splitsSchemeHostPortTarget_withDefaults() throws {
        let ws = try NetURL("ws://ops.koreainvestment.com:21000/tryitout")
        #expect(ws.host == "ops.koreainvestment.com" && ws.port == 21000 && ws.target == "/tryitout" && !ws.isSecure)
        let https = try NetURL("https://openapi.koreainvestment.com:9443")
        #expect(https.port == 9443 && https.target == "/" && https.isSecure && https.hostHeader == "openapi.koreainvestment.com:9443")
        let v6 = try NetURL("http://[::1]/x?y=1")
        #expect(v6.host == "::1" && v6.port == 80 && v6.target == "/x?y=1" && v6.hostHeader == "[::1]")
    }

    @Test(arguments: ["ftp://x", "http://", "http://h:0", "http://h:99999", "nohost"])
    func parse_throws_forUnsupportedOrMalformedURL(text: String) {
        #expect(throws: NetError.self) { try NetURL(text) }
    }
}
