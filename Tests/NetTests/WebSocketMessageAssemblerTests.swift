import Testing
@testable import Net

/// Fragmentation and control-frame rules of message assembly.
@Suite struct WebSocketMessageAssemblerTests {
    @Test func assemble_joinsFragments_withPingInBetween() throws {
        var assembler = WebSocketMessageAssembler()
        #expect(try assembler.assemble(WebSocketFrame(fin: false, opcode: .text, payload: Array("he".utf8))) == nil)
        #expect(try assembler.assemble(WebSocketFrame(opcode: .ping, payload: [1])) == .ping([1]))
        #expect(try assembler.assemble(WebSocketFrame(fin: false, opcode: .continuation, payload: Array("ll".utf8))) == nil)
        #expect(try assembler.assemble(WebSocketFrame(opcode: .continuation, payload: Array("o".utf8))) == .text("hello"))
    }

    @Test func assemble_throws_forContinuationWithoutStart() {
        var assembler = WebSocketMessageAssembler()
        #expect(throws: NetError.self) { try assembler.assemble(WebSocketFrame(opcode: .continuation, payload: [])) }
    }

    @Test func assemble_throws_forNewMessageInsideFragmentedOne() throws {
        var assembler = WebSocketMessageAssembler()
        _ = try assembler.assemble(WebSocketFrame(fin: false, opcode: .binary, payload: [1]))
        #expect(throws: NetError.self) { try assembler.assemble(WebSocketFrame(opcode: .text, payload: [2])) }
    }

    @Test func assemble_throws_whenFragmentsExceedMaximumMessageSize() throws {
        var assembler = WebSocketMessageAssembler(maximumMessageSize: 10)
        _ = try assembler.assemble(WebSocketFrame(fin: false, opcode: .binary, payload: [UInt8](repeating: 0, count: 6)))
        #expect(throws: NetError.self) {
            try assembler.assemble(WebSocketFrame(opcode: .continuation, payload: [UInt8](repeating: 0, count: 5)))
        }
    }

    @Test func textMessage_keepsInvalidUTF8Bytes_andDecodesLossily() throws {
        var assembler = WebSocketMessageAssembler()
        let message = try assembler.assemble(WebSocketFrame(opcode: .text, payload: [0x41, 0xFF, 0x42]))
        #expect(message == .text([0x41, 0xFF, 0x42]))
        #expect(message?.text == "A\u{FFFD}B")
    }

    @Test func closeFrame_parsesCodeAndReason_andRejectsOneBytePayload() throws {
        var assembler = WebSocketMessageAssembler()
        let payload = WebSocketFrameEncoder.closePayload(code: 1000, reason: "bye")
        #expect(try assembler.assemble(WebSocketFrame(opcode: .close, payload: payload)) == .close(code: 1000, reason: "bye"))
        #expect(try assembler.assemble(WebSocketFrame(opcode: .close)) == .close(code: nil, reason: ""))
        #expect(throws: NetError.self) { try assembler.assemble(WebSocketFrame(opcode: .close, payload: [3])) }
    }
}
