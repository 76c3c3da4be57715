import Testing
import IPC
import KIS
@testable import Gateway

@Suite struct TickMapperTests {
    let parser = DataFrameParser()

    @Test func twoRecordFrame_mapsToTwoTrades_withEveryField() throws {
        let frame = try parser.parse(try Fixture.line("h0stcnt0_frame_002_thirdparty_test.txt"))
        let messages = TickMapper.messages(for: frame, receivedAt: 1_700_000_000.5)
        guard case .trades(let trades) = messages.first, messages.count == 1 else { Issue.record("\(messages)"); return }
        #expect(trades.count == 2)
        var expected = Trade(code: "005930", time: "093354", price: 71900, change: -100, changeRate: -0.14, volume: 1,
                             cumulativeVolume: 3_052_507, open: 72100, high: 72400, low: 71700, ask: 71900, bid: 71800,
                             previousDayVolumeRate: 125.92, viReferencePrice: 72100, session: "20",
                             receivedAt: 1_700_000_000.5)
        // KRX status: sign 5 (down), HOUR_CLS_CODE 0, not halted, no MARKET_CLS_CODE (46 fields), best-level queues.
        expected.sign = 5; expected.phase = "0"; expected.isHalted = false; expected.askQuantity = 65_945; expected.bidQuantity = 216_924
        #expect(trades[0] == expected)
        #expect(trades[1].price == 72000 && trades[1].change == 500)
    }

    @Test func orderBookFrame_mapsTenLevels_andHidesPlaceholderExpectedPrice() throws {
        let frame = try parser.parse(try Fixture.line("h0stasp0_frame_066570_thirdparty_test.txt"))
        guard case .orderBooks(let books) = TickMapper.messages(for: frame, receivedAt: 1).first else { Issue.record("no books"); return }
        let record = frame.orderBooks[0]
        #expect(books[0].code == "066570" && books[0].asks.count == 10 && books[0].bids.count == 10)
        #expect(books[0].asks[0] == BookLevel(price: record.asks[0].price, quantity: record.asks[0].quantity))
        #expect(books[0].totalAskQuantity == record.totalAskQuantity)
        // The fixture is a continuous-session book (hour class 0): its expected price is a placeholder.
        #expect(record.hourClass == "0")
        #expect(books[0].expectedPrice == nil)
        // In an auction (hour class other than 0) a positive expected price comes through.
        var auction = record
        auction.hourClass = "1"
        auction.expectedPrice = 66_000
        #expect(TickMapper.orderBook(auction, receivedAt: 1).expectedPrice == 66_000)
    }

    @Test func orderBookDocRecord_keepsTotals() throws {
        let frame = try parser.parse("0|H0STASP0|001|" + (try Fixture.line("h0stasp0_record_doc.txt")))
        let book = TickMapper.orderBook(frame.orderBooks[0], receivedAt: 2)
        #expect(book.asks.first?.price == 71900 && book.bids.first?.price == 71800)
        #expect(book.expectedPrice == nil && book.source == .websocket)
    }

    @Test func indexFrame_appliesTheSignToTheUnsignedChange() throws {
        let frame = try parser.parse(try Fixture.line("h0upcnt0_frame_doc.txt"))
        guard case .indices(let ticks) = TickMapper.messages(for: frame, receivedAt: 3).first else { Issue.record("no index"); return }
        #expect(ticks == [IndexTick(code: "0001", time: "091240", value: 2624.54, change: 32.68, changeRate: 1.26,
                                    cumulativeVolume: 63952, receivedAt: 3)])
        var falling = frame.indexRecords[0]
        falling.changeSign = .fall
        #expect(TickMapper.index(falling, receivedAt: 3).change == -32.68)
    }

    @Test func encryptedNotice_decryptsWithAckKeyMaterial_andMapsFill() throws {
        let plaintext = try Fixture.line("h0stcni0_decrypted_fill_doc.txt")
        let cipher = try NoticeCipher(key: "abcdefghijklmnopabcdefghijklmnop", iv: "0123456789abcdef")
        let frameText = DataFrameEncoder().encodeEncrypted(trID: "H0STCNI0", count: 1, base64Payload: try cipher.encrypt(plaintext))
        let frame = try parser.parse(frameText, decryptingWith: cipher)
        guard case .notices(let notices) = TickMapper.messages(for: frame, receivedAt: 4).first else { Issue.record("no notice"); return }
        #expect(notices == [ExecutionNoticeTick(code: "136480", orderNumber: "0000002891", side: "buy", quantity: 1, price: 3190,
                                                isFill: true, time: "094941", receivedAt: 4)])
    }

    @Test func acceptanceNotice_isNotAFill() throws {
        let frame = parser.parsePayload(trID: "H0STCNI0", count: 1, payload: try Fixture.line("h0stcni0_decrypted_accept_doc.txt"))
        let tick = TickMapper.notice(frame.executionNotices[0], receivedAt: 5)
        #expect(tick.isFill == false && tick.side == "buy" && tick.quantity == 1)
    }

    @Test func unknownTR_producesNoMessages() throws {
        let frame = try parser.parse(try Fixture.line("h0stpgm0_frame_doc.txt"))
        #expect(TickMapper.messages(for: frame, receivedAt: 6).isEmpty)
    }
}
