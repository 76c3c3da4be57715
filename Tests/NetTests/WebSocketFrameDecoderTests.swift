import Testing
@testable import Net

/// Boundary sweeps of the frame decoder and encoder.
@Suite struct WebSocketFrameDecoderTests {
    static let lengths = [0, 1, 125, 126, 127, 65_535, 65_536, 70_000]

    @Test(arguments: lengths, [UInt32?.none, 0x37FA_213D])
    func roundTrip_returnsSamePayload_forLengthAndMask(length: Int, mask: UInt32?) throws {
        let payload = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let frame = WebSocketFrame(opcode: .binary, maskingKey: mask, payload: payload)
        var decoder = WebSocketFrameDecoder(expectsMaskedFrames: mask != nil)
        let wire = WebSocketFrameEncoder.encode(frame)
        decoder.append(wire.dropLast())
        #expect(try decoder.decode() == nil, "one byte short must need more")
        decoder.append(wire.suffix(1))
        #expect(try decoder.decode() == frame)
        #expect(decoder.bufferedByteCount == 0)
    }

    @Test(arguments: [125, 126, 65_535, 65_536])
    func encode_usesShortestLengthForm(length: Int) {
        let wire = WebSocketFrameEncoder.encode(WebSocketFrame(opcode: .text, payload: [UInt8](repeating: 65, count: length)))
        let expectedHeader = length <= 125 ? 2 : length <= 65_535 ? 4 : 10
        #expect(wire.count == expectedHeader + length)
    }

    @Test func decode_returnsFramesInOrder_whenFedByteByByte() throws {
        let frames = [
            WebSocketFrame(opcode: .text, maskingKey: 1, payload: Array("hello".utf8)),
            WebSocketFrame(opcode: .ping, maskingKey: 0xDEAD_BEEF, payload: []),
            WebSocketFrame(fin: false, opcode: .binary, maskingKey: 7, payload: [UInt8](repeating: 9, count: 300)),
        ]
        var wire: [UInt8] = []
        for frame in frames { WebSocketFrameEncoder.encode(frame, into: &wire) }
        var decoder = WebSocketFrameDecoder(expectsMaskedFrames: true)
        var decoded: [WebSocketFrame] = []
        for byte in wire {
            decoder.append([byte])
            while let frame = try decoder.decode() { decoded.append(frame) }
        }
        #expect(decoded == frames)
    }

    @Test func decode_throws_whenSixtyFourBitLengthHasTopBitSet() {
        var decoder = WebSocketFrameDecoder(expectsMaskedFrames: false)
        decoder.append([0x82, 127, 0x80, 0, 0, 0, 0, 0, 0, 0])
        #expect(throws: NetError.self) { try decoder.decode() }
    }

    @Test func decode_throwsBeforeBuffering_whenDeclaredLengthExceedsMaximum() throws {
        var decoder = WebSocketFrameDecoder(maximumFrameSize: 1000, expectsMaskedFrames: false)
        decoder.append([0x82, 127, 0, 0, 0, 1, 0, 0, 0, 0])
        #expect((#expect(throws: NetError.self) { try decoder.decode() })?.webSocketCloseCode == 1009)
        var exact = WebSocketFrameDecoder(maximumFrameSize: 1000, expectsMaskedFrames: false)
        exact.append([0x82, 126, 0x03, 0xE8])
        #expect(try exact.decode() == nil)
    }

    @Test(arguments: [
        [UInt8]([0xC1, 0x00]),            // RSV1 set
        [0x83, 0x00],                     // reserved data opcode
        [0x8B, 0x00],                     // reserved control opcode
        [0x09, 0x00],                     // fragmented ping
        [0x89, 126, 0, 126],              // control frame over 125 bytes
        [0x81, 0x81, 1, 2, 3, 4, 0],      // masked frame sent to a client
    ])
    func decode_throws_forMalformedHeader(bytes: [UInt8]) {
        var decoder = WebSocketFrameDecoder(expectsMaskedFrames: false)
        decoder.append(bytes)
        #expect(throws: NetError.self) { try decoder.decode() }
    }

    @Test func decode_throws_whenServerReceivesUnmaskedFrame() {
        var decoder = WebSocketFrameDecoder(expectsMaskedFrames: true)
        decoder.append([0x81, 0x00])
        #expect(throws: NetError.self) { try decoder.decode() }
    }

    @Test func masking_isItsOwnInverse_forEveryLengthUpToSeventeen() {
        for length in 0...17 {
            let original = (0..<length).map { UInt8($0) }
            var bytes = original
            WebSocketMasking.apply(0x0102_0304, to: &bytes)
            if length > 0 { #expect(bytes[0] == 0 ^ 1) }
            if length > 5 { #expect(bytes[5] == 5 ^ 2) }
            WebSocketMasking.apply(0x0102_0304, to: &bytes)
            #expect(bytes == original)
        }
    }
}
