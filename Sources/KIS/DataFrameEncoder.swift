/// Builds KIS realtime data frames from typed records — what the simulator sends.
///
/// Output is byte-compatible with real frames: `0|TR|NNN|f1^f2^…`, count zero-padded to 3
/// digits, records concatenated with `^`, integers without `+`, decimals with 2 places.
/// See ``DataFrameParser`` for the format.
public struct DataFrameEncoder: Sendable {
    /// Creates an encoder.
    public init() {}

    /// Encodes trades as one `H0STCNT0` frame.
    public func encode(trades: [TradeRecord]) -> [UInt8] {
        encode(trID: RealtimeTR.trade, records: trades.map { .trade($0) })
    }

    /// Encodes records of one TR as one plaintext frame (`0|TR|NNN|payload`).
    public func encode(trID: String, records: [RealtimeRecord]) -> [UInt8] {
        var bytes = header(isEncrypted: false, trID: trID, count: records.count)
        bytes.append(contentsOf: payload(records))
        return bytes
    }

    /// Encodes records of one TR as a frame `String`.
    public func encodeString(trID: String, records: [RealtimeRecord]) -> String {
        String(decoding: encode(trID: trID, records: records), as: UTF8.self)
    }

    /// Builds an encrypted frame `1|TR|NNN|<base64>` around an already-encrypted payload.
    public func encodeEncrypted(trID: String, count: Int, base64Payload: String) -> String {
        var bytes = header(isEncrypted: true, trID: trID, count: count)
        bytes.append(contentsOf: base64Payload.utf8)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The `^`-joined payload of `records` (what gets encrypted for H0STCNI0).
    public func payload(_ records: [RealtimeRecord]) -> [UInt8] {
        var writer = FieldWriter()
        writer.bytes.reserveCapacity(records.count * 400)
        for record in records {
            switch record {
            case .trade(let trade): trade.write(to: &writer)
            case .orderBook(let book): book.write(to: &writer)
            case .index(let index): index.write(to: &writer)
            case .executionNotice(let notice): notice.write(to: &writer)
            case .raw(let fields): for field in fields { writer.string(field) }
            }
        }
        return writer.bytes
    }

    /// The payload of `records` as a `String`.
    public func payloadString(_ records: [RealtimeRecord]) -> String {
        String(decoding: payload(records), as: UTF8.self)
    }

    private func header(isEncrypted: Bool, trID: String, count: Int) -> [UInt8] {
        var bytes: [UInt8] = [isEncrypted ? 0x31 : 0x30, 0x7C]
        bytes.append(contentsOf: trID.utf8)
        bytes.append(0x7C)
        FieldWriter.appendInteger(max(count, 0), minimumDigits: 3, to: &bytes)
        bytes.append(0x7C)
        return bytes
    }
}
