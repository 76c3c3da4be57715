import Testing
@testable import IPC

@Suite struct FrameDecoderTests {
    private func prefix(_ length: UInt32) -> [UInt8] {
        [UInt8(length >> 24), UInt8((length >> 16) & 0xff), UInt8((length >> 8) & 0xff), UInt8(length & 0xff)]
    }

    @Test func next_returnsNil_whenPrefixIncomplete() throws {
        for count in 0..<4 {
            var decoder = FrameDecoder()
            decoder.append(Array(prefix(5).prefix(count)))
            #expect(try decoder.next() == nil)
        }
    }

    @Test func next_returnsEmptyBody_forZeroLength() throws {
        var decoder = FrameDecoder()
        decoder.append(prefix(0))
        #expect(try decoder.next() == [])
        #expect(decoder.bufferedByteCount == 0)
    }

    @Test func next_returnsOneByteBody_forLengthOne() throws {
        var decoder = FrameDecoder()
        decoder.append(prefix(1) + [42])
        #expect(try decoder.next() == [42])
    }

    @Test func next_acceptsExactlyTheMaximum_andRejectsOneMore() throws {
        var decoder = FrameDecoder(maximumFrameLength: 1000)
        decoder.append(prefix(1000) + [UInt8](repeating: 7, count: 1000))
        #expect(try decoder.next()?.count == 1000)
        var over = FrameDecoder(maximumFrameLength: 1000)
        over.append(prefix(1001))
        #expect(throws: FramingError.frameTooLarge(length: 1001, maximum: 1000)) { try over.next() }
    }

    @Test func next_rejectsHugeLength_beforeBufferingTheBody() {
        var decoder = FrameDecoder()
        decoder.append(prefix(UInt32.max))
        #expect(throws: FramingError.self) { try decoder.next() }
        #expect(decoder.bufferedByteCount == 4)
    }

    @Test func next_rejectsDefaultMaximumPlusOne() {
        var decoder = FrameDecoder()
        decoder.append(prefix(UInt32(FrameDecoder.defaultMaximumFrameLength + 1)))
        #expect(throws: FramingError.self) { try decoder.next() }
    }

    @Test func next_reassemblesFrames_splitAtEveryByte() throws {
        let bodies: [[UInt8]] = [Array("{\"type\":\"status\",\"id\":\"1\"}".utf8), [], Array("xyz".utf8)]
        var stream: [UInt8] = []
        for body in bodies { FrameEncoder.append(body, to: &stream) }
        var decoder = FrameDecoder()
        var decoded: [[UInt8]] = []
        for byte in stream {
            decoder.append([byte])
            while let body = try decoder.next() { decoded.append(body) }
        }
        #expect(decoded == bodies)
        try decoder.finish()
    }

    @Test func finish_throws_whenStreamEndsInsideAFrame() throws {
        var decoder = FrameDecoder()
        decoder.append(prefix(10) + [1, 2, 3])
        #expect(try decoder.next() == nil)
        #expect(throws: FramingError.truncatedFrame(bufferedBytes: 7)) { try decoder.finish() }
    }

    @Test func finish_throws_whenStreamEndsInsideAPrefix() {
        var decoder = FrameDecoder()
        decoder.append([0, 0])
        #expect(throws: FramingError.self) { try decoder.finish() }
    }

    @Test func frame_writesBigEndianLength() {
        #expect(FrameEncoder.frame([1, 2, 3]) == [0, 0, 0, 3, 1, 2, 3])
        #expect(FrameEncoder.frame([UInt8](repeating: 0, count: 258)).prefix(4) == [0, 0, 1, 2])
    }
}
