import Testing
@testable import KIS

@Suite struct DataFrameParserTests {
    let parser = DataFrameParser()

    @Test func parse_readsEveryFieldOfDocTrade_forSingleRecordFrame() throws {
        let frame = try parser.parse(try Fixture.line("h0stcnt0_frame_001.txt"))
        #expect(frame.trID == "H0STCNT0")
        #expect(!frame.isEncrypted)
        #expect(frame.declaredCount == 1)
        #expect(frame.malformedCount == 0)
        #expect(frame.firstError == nil)
        let trade = try #require(frame.trades.first)
        #expect(trade.code == "005930")
        #expect(trade.time == "093354")
        #expect(trade.price == 71900)
        #expect(trade.changeSign == .fall)
        #expect(trade.change == -100)
        #expect(trade.changeRate == -0.14)
        #expect(trade.weightedAveragePrice == 72023.83)
        #expect((trade.open, trade.high, trade.low) == (72100, 72400, 71700))
        #expect((trade.askPrice, trade.bidPrice) == (71900, 71800))
        #expect(trade.volume == 1)
        #expect(trade.cumulativeVolume == 3_052_507)
        #expect(trade.cumulativeAmount == 219_853_241_700)
        #expect((trade.sellTradeCount, trade.buyTradeCount, trade.netBuyTradeCount) == (5105, 6937, 1832))
        #expect(trade.tradeStrength == 84.90)
        #expect((trade.sellVolume, trade.buyVolume) == (1_366_314, 1_159_996))
        #expect(trade.tradeSide == "1")
        #expect(trade.buyRatio == 0.39)
        #expect(trade.volumeRateVersusPreviousDay == 20.28)
        #expect(trade.openTime == "090020" && trade.changeFromOpenSign == .fall && trade.changeFromOpen == -200)
        #expect(trade.highTime == "090820" && trade.changeFromHighSign == .fall && trade.changeFromHigh == -500)
        #expect(trade.lowTime == "092619" && trade.changeFromLowSign == .rise && trade.changeFromLow == 200)
        #expect(trade.businessDate == "20230612")
        #expect(trade.marketOperationCode == "20")
        #expect(!trade.isHalted)
        #expect((trade.askQuantity, trade.bidQuantity) == (65945, 216_924))
        #expect((trade.totalAskQuantity, trade.totalBidQuantity) == (1_118_750, 2_199_206))
        #expect(trade.volumeTurnover == 0.05)
        #expect(trade.previousDaySameTimeVolume == 2_424_142)
        #expect(trade.previousDaySameTimeVolumeRate == 125.92)
        #expect(trade.hourClass == "0")
        #expect(trade.marketTerminationCode == "")
        #expect(trade.viStandardPrice == 72100)
        #expect(trade.marketClass == nil)
    }

    @Test func parse_returnsTwoTrades_forTwoRecordFrame() throws {
        let frame = try parser.parse(try Fixture.line("h0stcnt0_frame_002_thirdparty_test.txt"))
        #expect(frame.declaredCount == 2)
        #expect(frame.malformedCount == 0)
        let trades = frame.trades
        #expect(trades.count == 2)
        #expect(trades[0].price == 71900 && trades[0].change == -100)
        #expect(trades[1].price == 72000)
        #expect(trades[1].change == 500)  // "+500" in the third-party test frame
        #expect(trades[1].viStandardPrice == 72100)
    }

    @Test func parse_keepsMarketClass_whenTradeHas47Fields() throws {
        let record = try Fixture.line("h0stcnt0_record_doc.txt")
        let frame = try parser.parse("0|H0STCNT0|002|\(record)^2^\(record)^3")
        #expect(frame.malformedCount == 0)
        #expect(frame.trades.map(\.marketClass) == ["2", "3"])
        #expect(frame.trades.map(\.price) == [71900, 71900])
    }

    @Test func parse_readsOrderBook_forDocAndCapturedFrames() throws {
        let doc = try parser.parse("0|H0STASP0|001|" + (try Fixture.line("h0stasp0_record_doc.txt")))
        let book = try #require(doc.orderBooks.first)
        #expect(book.code == "005930" && book.time == "093730" && book.hourClass == "0")
        #expect(book.asks.count == 10 && book.bids.count == 10)
        #expect(book.asks.first == OrderBookLevel(price: 71900, quantity: 91918))
        #expect(book.asks.last == OrderBookLevel(price: 72800, quantity: 104_229))
        #expect(book.bids.first == OrderBookLevel(price: 71800, quantity: 95221))
        #expect(book.bids.last == OrderBookLevel(price: 70900, quantity: 158_171))
        #expect((book.totalAskQuantity, book.totalBidQuantity) == (1_159_362, 2_095_167))
        #expect(book.expectedVolume == 525_579)
        #expect(book.expectedChange == -72000 && book.expectedChangeSign == .fall)
        #expect(book.expectedChangeRate == -100.00)
        #expect(book.cumulativeVolume == 3_159_115)
        #expect(book.extraFields.isEmpty)

        let captured = try parser.parse(try Fixture.line("h0stasp0_frame_066570_thirdparty_test.txt"))
        let live = try #require(captured.orderBooks.first)
        #expect(live.code == "066570" && live.time == "121523")
        #expect(live.bestAsk == OrderBookLevel(price: 99100, quantity: 1244))
        #expect(live.bestBid == OrderBookLevel(price: 98900, quantity: 1108))
        #expect(live.expectedVolume == 6134 && live.expectedChange == -97200)
        #expect(live.cumulativeVolume == 354_177)
    }

    @Test func parse_keepsExtraFields_for63FieldOrderBook() throws {
        let record = try Fixture.line("h0stasp0_record_doc.txt")
        let frame = try parser.parse("0|H0STASP0|001|\(record)^71850^1200^1^2")
        #expect(frame.orderBooks.first?.extraFields == ["71850", "1200", "1", "2"])
    }

    @Test func parse_readsIndexWithUnsignedChange_forDocIndexFrame() throws {
        let frame = try parser.parse(try Fixture.line("h0upcnt0_frame_doc.txt"))
        let index = try #require(frame.indexRecords.first)
        #expect(index.indexCode == "0001" && index.time == "091240")
        #expect(index.value == 2624.54)
        #expect(index.changeSign == .rise && index.change == 32.68 && index.signedChange == 32.68)
        #expect(index.cumulativeVolume == 63952 && index.cumulativeAmount == 1_650_684)
        #expect(index.changeRate == 1.26)
        #expect((index.open, index.high, index.low) == (2615.72, 2624.82, 2610.00))
        #expect(index.risingCount == 670 && index.fallingCount == 177 && index.tickChange == 19)
    }

    @Test func parse_returnsRawFields_forTRWithoutTypedRecord() throws {
        let frame = try parser.parse(try Fixture.line("h0stmko0_frame_doc.txt"))
        #expect(frame.records == [.raw(["396300", "N", "(null)", "", "311", "", "", "55", "N", "N"])])
    }

    @Test func parse_returnsBase64Payload_forEncryptedFrame() throws {
        let frame = try parser.parse(try Fixture.line("h0stcni9_encrypted_frame_shape_thirdparty_test.txt"))
        #expect(frame.isEncrypted && frame.trID == "H0STCNI9")
        #expect(frame.records.isEmpty)
        #expect(frame.encryptedPayload == "abc123==")
    }

    @Test func parse_acceptsBytesAndSubstrings_likeStrings() throws {
        let line = try Fixture.line("h0stcnt0_frame_001.txt")
        let fromString = try parser.parse(line)
        #expect(try parser.parse(Array(line.utf8)) == fromString)
        #expect(try parser.parse(line[...].utf8) == fromString)
        #expect(try parser.parse(line + "\r\n") == fromString)
    }

    @Test func parseHeader_locatesPayload_withoutDecodingIt() throws {
        let bytes = Array("0|H0STCNT0|004|005930^1".utf8)
        let header = try bytes.withUnsafeBytes { buffer throws(KISError) in try parser.parseHeader(buffer) }
        #expect(header == DataFrameHeader(isEncrypted: false, trID: "H0STCNT0", count: 4, payloadRange: 15..<23))
    }
}
