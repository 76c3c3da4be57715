import Testing
@testable import KIS

/// The word-at-a-time caret count against a plain byte count.
@Suite struct DataFrameParserCaretCountTests {
    @Test func caretCount_equalsAByteByByteCount_forEveryLengthAndOffset() {
        // Carets next to every byte value, high bytes included (0xDE differs from ^ only in bit 7).
        var bytes: [UInt8] = []
        for value in 0...255 { bytes.append(UInt8(value)); if value % 3 == 0 { bytes.append(0x5E) } }
        bytes += Array("^^^^^^^^^^^^^^^^^005930^093354^71900^삼성전자^^".utf8)
        bytes.withUnsafeBufferPointer { buffer in
            for start in 0..<17 {
                for end in stride(from: start, through: buffer.count, by: 1) where end - start < 40 || end == buffer.count {
                    let expected = buffer[start..<end].filter { $0 == 0x5E }.count
                    #expect(DataFrameParser.caretCount(buffer.baseAddress!, start, end) == expected)
                }
            }
        }
    }
}
