import Foundation
import Testing
@testable import KIS

@Suite struct DataFrameEncoderTests {
    let parser = DataFrameParser()
    let encoder = DataFrameEncoder()

    /// Parses a fixture frame and re-encodes it.
    func roundTrip(_ line: String) throws -> String {
        let frame = try parser.parse(line)
        #expect(frame.malformedCount == 0)
        return encoder.encodeString(trID: frame.trID, records: frame.records)
    }

    @Test(arguments: [
        "h0stcnt0_frame_001.txt", "h0stasp0_frame_066570_thirdparty_test.txt", "h0upcnt0_frame_doc.txt",
        "h0stmko0_frame_doc.txt", "h0stpgm0_frame_doc.txt",
    ])
    func encode_reproducesFixtureBytes_afterParse(name: String) throws {
        let line = try Fixture.line(name)
        #expect(try roundTrip(line) == line)
    }

    @Test func encode_reproducesDocOrderBookRecord_afterParse() throws {
        let line = "0|H0STASP0|001|" + (try Fixture.line("h0stasp0_record_doc.txt"))
        #expect(try roundTrip(line) == line)
    }

    @Test func encode_dropsOnlyThePlusSign_forThirdPartyTwoRecordFrame() throws {
        let line = try Fixture.line("h0stcnt0_frame_002_thirdparty_test.txt")
        // Real frames carry no "+"; the encoder writes KIS's form, so only that byte differs.
        #expect(try roundTrip(line) == line.replacingOccurrences(of: "^+500^", with: "^500^"))
    }

    @Test func encode_writes47Fields_whenMarketClassIsSet() throws {
        var trade = try #require(try parser.parse(try Fixture.line("h0stcnt0_frame_001.txt")).trades.first)
        trade.marketClass = "3"
        let bytes = encoder.encode(trades: [trade, trade])
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("0|H0STCNT0|002|005930^"))
        #expect(text.split(separator: "|")[3].split(separator: "^", omittingEmptySubsequences: false).count == 94)
        #expect(try parser.parse(bytes).trades == [trade, trade])
    }

    @Test func encode_roundTripsBuiltRecords_throughParser() throws {
        let trade = TradeRecord(code: "000660", time: "101500", price: 128_500, changeSign: .fall, change: -1500,
                                changeRate: -1.15, volume: 10, cumulativeVolume: 1_000_000, marketClass: nil)
        let book = OrderBookRecord(code: "000660", time: "101500",
                                   asks: (0..<10).map { OrderBookLevel(price: 128_500 + $0 * 500, quantity: 100 + $0) },
                                   bids: (0..<10).map { OrderBookLevel(price: 128_000 - $0 * 500, quantity: 200 + $0) },
                                   expectedChangeRate: -0.5)
        let index = IndexRecord(indexCode: "1001", time: "101500", value: 870.12, changeSign: .fall, change: 3.4,
                                changeRate: -0.39)
        #expect(try parser.parse(encoder.encode(trades: [trade])).trades == [trade])
        #expect(try parser.parse(encoder.encode(trID: RealtimeTR.orderBook, records: [.orderBook(book)])).orderBooks == [book])
        let parsedIndex = try parser.parse(encoder.encode(trID: RealtimeTR.index, records: [.index(index)])).indexRecords
        #expect(parsedIndex == [index])
        #expect(parsedIndex.first?.signedChange == -3.4)
    }

    @Test func encode_padsCountToThreeDigits_andWritesEncryptedShape() {
        #expect(encoder.encodeString(trID: "H0STMKO0", records: [.raw(["a"])]) == "0|H0STMKO0|001|a")
        #expect(encoder.encodeEncrypted(trID: "H0STCNI9", count: 1, base64Payload: "abc123==")
                == "1|H0STCNI9|001|abc123==")
    }

    @Test func fixed2_formatsLikeKIS_forRatesAndNegativeZero() {
        var writer = FieldWriter()
        for value in [-0.14, 84.9, 0, -0.001, 72023.83, -100, 1e300, .nan] { writer.fixed2(value) }
        #expect(String(decoding: writer.bytes, as: UTF8.self)
                == "-0.14^84.90^0.00^0.00^72023.83^-100.00^9000000000000000.00^0")
    }
}
