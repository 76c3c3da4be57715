/// The realtime TR ids this layer decodes into typed records (protocol.md §6).
public enum RealtimeTR {
    /// 국내주식 실시간체결가 (KRX), real and virtual.
    public static let trade = "H0STCNT0"
    /// 국내주식 실시간호가 (KRX), real and virtual.
    public static let orderBook = "H0STASP0"
    /// 실시간예상체결 (KRX), real only: the expected cross during call auctions (VI included).
    public static let expectedTrade = "H0STANC0"
    /// 장운영정보 (KRX), real only: VI trigger/release, halts, session events.
    public static let marketOperation = "H0STMKO0"
    /// 국내지수 실시간체결, real only.
    public static let index = "H0UPCNT0"
    /// 실시간체결통보, real.
    public static let executionNotice = "H0STCNI0"
    /// 실시간체결통보, virtual.
    public static let executionNoticeVirtual = "H0STCNI9"
    /// The heartbeat pseudo-TR of JSON control messages.
    public static let pingPong = "PINGPONG"
}

/// One decoded record of a realtime data frame.
public enum RealtimeRecord: Sendable, Equatable, Hashable, Codable {
    /// H0STCNT0.
    case trade(TradeRecord)
    /// H0STASP0.
    case orderBook(OrderBookRecord)
    /// H0UPCNT0.
    case index(IndexRecord)
    /// H0STCNI0 / H0STCNI9 (after decryption).
    case executionNotice(ExecutionNotice)
    /// Any other TR: the record's fields verbatim.
    case raw([String])
}

/// The result of parsing one data frame: the good records, and how many were not.
///
/// A frame whose header is unusable is a thrown ``KISError`` instead; a frame with bad records
/// still delivers the others.
public struct ParsedFrame: Sendable, Equatable {
    /// The TR id from the header (`H0STCNT0`, …).
    public var trID: String
    /// Whether the header's flag said the payload is encrypted (`1|…`).
    public var isEncrypted: Bool
    /// The record count the header declared.
    public var declaredCount: Int
    /// Records decoded successfully, in frame order. Empty for encrypted frames.
    public var records: [RealtimeRecord]
    /// Records that could not be decoded.
    public var malformedCount: Int
    /// The error for the first malformed record, if any.
    public var firstError: KISError?
    /// For encrypted frames: the base64 payload, to decrypt with ``NoticeCipher`` and pass to
    /// ``DataFrameParser/parsePayload(trID:count:payload:)``.
    public var encryptedPayload: String?

    /// Creates a parse result.
    public init(trID: String, isEncrypted: Bool, declaredCount: Int, records: [RealtimeRecord],
                malformedCount: Int = 0, firstError: KISError? = nil, encryptedPayload: String? = nil) {
        self.trID = trID; self.isEncrypted = isEncrypted; self.declaredCount = declaredCount
        self.records = records; self.malformedCount = malformedCount; self.firstError = firstError
        self.encryptedPayload = encryptedPayload
    }

    /// The trade records, in order.
    public var trades: [TradeRecord] {
        records.compactMap { if case .trade(let record) = $0 { record } else { nil } }
    }
    /// The order-book records, in order.
    public var orderBooks: [OrderBookRecord] {
        records.compactMap { if case .orderBook(let record) = $0 { record } else { nil } }
    }
    /// The index records, in order.
    public var indexRecords: [IndexRecord] {
        records.compactMap { if case .index(let record) = $0 { record } else { nil } }
    }
    /// The execution notices, in order.
    public var executionNotices: [ExecutionNotice] {
        records.compactMap { if case .executionNotice(let record) = $0 { record } else { nil } }
    }
}
