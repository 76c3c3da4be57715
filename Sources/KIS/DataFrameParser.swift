/// The header of a realtime data frame, located without decoding the payload.
public struct DataFrameHeader: Sendable, Equatable {
    /// `true` when the flag is `1` (AES-encrypted payload).
    public var isEncrypted: Bool
    /// The TR id.
    public var trID: String
    /// The declared record count.
    public var count: Int
    /// Byte offsets of the payload within the frame.
    public var payloadRange: Range<Int>
}

/// Decodes KIS realtime data frames from bytes into typed records.
///
/// ```
/// <enc>|<TR_ID>|<NNN>|<payload>        e.g. 0|H0STCNT0|002|005930^093354^71900^…^72100^005930^…
///   enc      0 plain, 1 AES-256-CBC + base64 (H0STCNI0/H0STCNI9)
///   NNN      record count, 3 digits zero-padded
///   payload  count × fields-per-record values joined by ^, records concatenated with ^
/// ```
/// Fields per record are computed as total ÷ count, so extra trailing fields (a 47th
/// `MARKET_CLS_CODE` on H0STCNT0, 62/63-field H0STASP0) are tolerated. When the total does not
/// divide, the TR's documented layout is assumed and the records that do not fit are counted
/// malformed. A bad record (non-numeric price, …) is counted and reported in
/// ``ParsedFrame/firstError``; the other records are still delivered. Nothing here traps on input,
/// and nothing here uses Foundation.
public struct DataFrameParser: Sendable {
    /// The largest record count accepted in a header (KIS sends 3 digits).
    public var maximumRecordCount: Int

    /// Creates a parser accepting up to `maximumRecordCount` records per frame.
    public init(maximumRecordCount: Int = 999) {
        self.maximumRecordCount = maximumRecordCount
    }

    /// Whether a text frame starting with `byte` is a data frame (`0`/`1`) rather than JSON.
    public static func isDataFrame(firstByte byte: UInt8) -> Bool { byte == 0x30 || byte == 0x31 }

    /// Parses a frame held in a `String`.
    public func parse(_ text: String) throws(KISError) -> ParsedFrame {
        try parse(text.utf8)
    }

    /// Parses a frame held in any byte collection (`[UInt8]`, `Substring.UTF8View`, `Data`…).
    public func parse<Bytes: Collection>(_ bytes: Bytes) throws(KISError) -> ParsedFrame where Bytes.Element == UInt8 {
        let result = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(KISError) in try parse(UnsafeRawBufferPointer(buffer)) }
        } ?? Array(bytes).withUnsafeBytes { buffer in
            Result { () throws(KISError) in try parse(buffer) }
        }
        return try result.get()
    }

    /// Parses a frame from raw bytes; throws only when the header is unusable.
    public func parse(_ bytes: UnsafeRawBufferPointer) throws(KISError) -> ParsedFrame {
        let header = try parseHeader(bytes)
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            throw .malformedFrame("empty frame")
        }
        if header.isEncrypted {
            let payload = String(decoding: UnsafeBufferPointer(start: base + header.payloadRange.lowerBound,
                                                               count: header.payloadRange.count), as: UTF8.self)
            return ParsedFrame(trID: header.trID, isEncrypted: true, declaredCount: header.count,
                               records: [], encryptedPayload: payload)
        }
        return decodeRecords(trID: header.trID, count: header.count, base: base,
                             start: header.payloadRange.lowerBound, end: header.payloadRange.upperBound)
    }

    /// Decodes a plaintext payload (e.g. a decrypted H0STCNI0 payload) for `trID` with `count` records.
    public func parsePayload(trID: String, count: Int, payload: String) -> ParsedFrame {
        var payload = payload
        return payload.withUTF8 { buffer in
            guard let base = buffer.baseAddress, count > 0, count <= maximumRecordCount else {
                return ParsedFrame(trID: trID, isEncrypted: false, declaredCount: count, records: [],
                                   malformedCount: max(count, 0),
                                   firstError: .malformedFrame("count \(count) with an empty payload or out of range"))
            }
            return decodeRecords(trID: trID, count: count, base: base, start: 0, end: buffer.count)
        }
    }

    /// Locates the header fields and payload, checking the count before anything is decoded.
    public func parseHeader(_ bytes: UnsafeRawBufferPointer) throws(KISError) -> DataFrameHeader {
        let pipe: UInt8 = 0x7C
        guard bytes.count >= 2, DataFrameParser.isDataFrame(firstByte: bytes[0]), bytes[1] == pipe else {
            throw .malformedFrame("does not start with 0| or 1|")
        }
        var index = 2
        while index < bytes.count && bytes[index] != pipe {
            guard bytes[index] > 0x20 && bytes[index] < 0x7F, index - 2 < 32 else {
                throw .malformedFrame("TR id is not 1–32 printable ASCII characters")
            }
            index += 1
        }
        guard index < bytes.count, index > 2 else { throw .malformedFrame("missing TR id") }
        let trID = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[2..<index]), as: UTF8.self)
        index += 1
        var count = 0, digits = 0
        while index < bytes.count && bytes[index] != pipe {
            let digit = bytes[index] &- 0x30
            guard digit < 10 else { throw .malformedFrame("record count is not a number") }
            digits += 1
            guard digits <= 6 else { throw .malformedFrame("record count has more than 6 digits") }
            count = count * 10 + Int(digit)
            index += 1
        }
        guard index < bytes.count, digits > 0 else { throw .malformedFrame("missing record count or payload") }
        guard count >= 1, count <= maximumRecordCount else {
            throw .malformedFrame("record count \(count) outside 1…\(maximumRecordCount)")
        }
        var end = bytes.count
        // Tolerate a line ending left by a file or a log, never part of a KIS frame.
        while end > index + 1 && (bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D) { end -= 1 }
        return DataFrameHeader(isEncrypted: bytes[0] == 0x31, trID: trID, count: count,
                               payloadRange: (index + 1)..<end)
    }
}
