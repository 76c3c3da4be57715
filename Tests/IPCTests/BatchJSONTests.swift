import Foundation
import Testing
@testable import IPC

/// The hand-written batch JSON (`BatchJSON`) against the generic `Codable` path it stands in for.
@Suite struct BatchJSONTests {
    let codec = MessageCodec()

    static let trade = Trade(code: "005930", time: "090001", price: 71_000, change: -500, changeRate: -0.71, volume: 10,
                             cumulativeVolume: 1_234_567, open: 70_500, high: 71_100, low: 70_400, ask: 71_100, bid: 71_000,
                             previousDayVolumeRate: 120.5, viReferencePrice: 72_000, session: "2\"\\\n탭", receivedAt: 1_764_036_834.123456)
    static let quote = Quote(code: "035420", price: 142_500, previousClose: 136_700, change: 5800, changeRate: 4.24,
                             cumulativeVolume: 100, open: 140_000, high: 143_000, low: 139_000, ask: 142_600, bid: 142_500,
                             expectedPrice: 141_000, expectedVolume: 7, previousDayVolume: 99, time: "090001", receivedAt: 5.5)
    static let book = OrderBook(code: "005930", time: "090001", asks: (0..<10).map { BookLevel(price: 71_100 + $0 * 100, quantity: $0) },
                                bids: [], totalAskQuantity: 45, totalBidQuantity: 0, expectedPrice: 71_000, expectedVolume: 3,
                                source: .rest, receivedAt: 1e20)

    /// The samples with the KRX trading-status fields set too.
    static let statusTrade: Trade = {
        var trade = BatchJSONTests.trade
        trade.sign = 1; trade.phase = "C"; trade.isHalted = false; trade.marketClass = "3"; trade.askQuantity = 0; trade.bidQuantity = 51_000
        return trade
    }()
    static let statusQuote: Quote = {
        var quote = BatchJSONTests.quote
        quote.sign = 4; quote.phase = "0"; quote.upperLimit = 177_700; quote.lowerLimit = 95_700
        quote.isHalted = true; quote.isVIActive = false; quote.askQuantity = 9; quote.bidQuantity = 0
        return quote
    }()

    /// The catalog samples plus batches with every optional set, several items and none.
    static let samples: [Message] = MessageCodecTests.samples + [
        .trades([statusTrade, trade]), .quotes([quote, statusQuote]),
        .trades([trade, trade, Trade(code: "", time: "", price: 0, change: 0, changeRate: 0, volume: 0, cumulativeVolume: 0,
                                     open: 0, high: 0, low: 0, ask: 0, bid: 0, receivedAt: -0.0)]),
        .quotes([quote, quote]), .orderBooks([book, book]), .trades([]), .quotes([]), .orderBooks([]),
    ]

    @Test(arguments: samples)
    func encode_isByteIdentical_toTheGenericEncoder(_ message: Message) throws {
        let generic = try FastJSONEncoder().encode(message)
        #expect(try codec.encode(message) == generic)
        #expect(try codec.frame(message) == FrameEncoder.frame(generic))
    }

    @Test(arguments: samples)
    func decode_roundTrips_andAgreesWithTheGenericDecoder(_ message: Message) throws {
        let body = try FastJSONEncoder().encode(message)
        #expect(try codec.decode(body) == message)
        #expect(try FastJSONDecoder().decode(Message.self, from: body) == message)
    }

    @Test(arguments: samples)
    func decode_takesTheFastPath_forEveryBatch(_ message: Message) throws {
        let isBatch = switch message { case .trades, .quotes, .orderBooks: true; default: false }
        #expect((BatchJSON.decode(try FastJSONEncoder().encode(message)) != nil) == isBatch)
    }

    /// Documents the fast path leaves to the generic one, which must still decode them as before.
    @Test(arguments: [
        #"{"trades":[],"type":"trades"}"#,
        #"{"type":"trades","trades":[],"extra":1}"#,
        #"{"type":"trades","trades":[{"code":"1","time":"2","price":3.0,"change":-4,"changeRate":5,"volume":6,"cumulativeVolume":7,"open":8,"high":9,"low":10,"ask":11,"bid":12,"previousDayVolumeRate":null,"session":null,"receivedAt":1,"unknown":[1]}]}"#,
        #"{"type":"quotes","quotes":[{"receivedAt":1,"low":9,"high":8,"open":7,"cumulativeVolume":6,"changeRate":5,"change":4,"previousClose":3,"price":2,"code":"\u0031","ask":null}]}"#,
        #"{"type":"orderbooks","books":[{"code":"1","time":"2","asks":[{"quantity":1,"price":2}],"bids":[],"totalAskQuantity":3,"totalBidQuantity":4,"source":"ws","receivedAt":5,"source":"rest"}]}"#,
    ])
    func decode_fallsBackToTheGenericPath_forUnusualDocuments(_ json: String) throws {
        let body = Array(json.utf8)
        #expect(try codec.decode(body) == FastJSONDecoder().decode(Message.self, from: body))
    }

    @Test(arguments: [
        #"{"type":"trades","trades":[{"code":"1"}]}"#,
        #"{"type":"trades","trades":[{"code":"1","time":"2","price":3.5,"change":-4,"changeRate":5,"volume":6,"cumulativeVolume":7,"open":8,"high":9,"low":10,"ask":11,"bid":12,"receivedAt":1}]}"#,
        #"{"type":"orderbooks","books":[{"code":"1","time":"2","asks":[],"bids":[],"totalAskQuantity":3,"totalBidQuantity":4,"source":"fax","receivedAt":5}]}"#,
        #"{"type":"quotes","quotes":[]} x"#,
        #"{"type":"trades","trades":[}"#,
    ])
    func decode_reportsTheGenericError_forInvalidBatches(_ json: String) {
        let body = Array(json.utf8)
        #expect(BatchJSON.decode(body) == nil)
        #expect(throws: FramingError.self) { try codec.decode(body) }
    }

    @Test func encode_rejectsNonFiniteDoubles_likeTheGenericEncoder() {
        var trade = Self.trade
        trade.receivedAt = .nan
        #expect(throws: EncodingError.self) { try codec.encode(.trades([trade])) }
        #expect(throws: EncodingError.self) { try codec.frame(.trades([trade])) }
    }
}
