import Testing
@testable import KIS

@Suite struct ExecutionNoticeTests {
    let parser = DataFrameParser()
    let encoder = DataFrameEncoder()

    @Test func parse_readsLegacyLayout_forDocFillNotice() throws {
        let payload = try Fixture.line("h0stcni0_decrypted_fill_doc.txt")
        let frame = parser.parsePayload(trID: RealtimeTR.executionNotice, count: 1, payload: payload)
        let notice = try #require(frame.executionNotices.first)
        #expect(notice.layout == .legacy)
        #expect(notice.customerID == "HTS ID" && notice.accountNumber == "1234567801")
        #expect(notice.orderNumber == "0000002891" && notice.side == "02")
        #expect(notice.code == "136480")
        #expect(notice.quantity == 1 && notice.price == 3190)
        #expect(notice.time == "094941")
        #expect(notice.isFill && !notice.isRejected)
        #expect(notice.orderQuantity == 1)
        #expect(notice.accountName == "김한투" && notice.shortName == "하림" && notice.stockName == "하림")
        #expect(notice.creditClass == "10")
        #expect(notice.orderPrice == 0)
    }

    @Test func parse_readsAcceptanceNotice_withEmptyOrderPrice() throws {
        let payload = try Fixture.line("h0stcni0_decrypted_accept_doc.txt")
        let notice = try #require(parser.parsePayload(trID: "H0STCNI0", count: 1, payload: payload).executionNotices.first)
        #expect(!notice.isFill && notice.noticeKind == "1")
        #expect(notice.price == 0 && notice.orderPrice == nil)
    }

    @Test(arguments: ["h0stcni0_decrypted_fill_doc.txt", "h0stcni0_decrypted_accept_doc.txt"])
    func encode_reproducesDocPlaintext_afterParse(name: String) throws {
        let payload = try Fixture.line(name)
        let frame = parser.parsePayload(trID: "H0STCNI0", count: 1, payload: payload)
        #expect(encoder.payloadString(frame.records) == payload)
    }

    @Test func parse_readsCurrentLayout_for26Fields() throws {
        var notice = ExecutionNotice(customerID: "user01", accountNumber: "5012345601", orderNumber: "0000012345",
                                     side: "02", code: "005930", quantity: 10, price: 71900, time: "093001",
                                     noticeKind: "2", orderQuantity: 10, orderPrice: 72000, stockName: "삼성전자")
        notice.exchange = "1"
        let payload = encoder.payloadString([.executionNotice(notice)])
        #expect(payload.split(separator: "^", omittingEmptySubsequences: false).count == 26)
        #expect(payload.contains("^0000000010^000071900^"))
        let parsed = parser.parsePayload(trID: "H0STCNI9", count: 1, payload: payload).executionNotices
        #expect(parsed == [notice])
    }

    @Test func encryptedNotice_roundTrips_throughCipherAndParser() throws {
        let cipher = try NoticeCipher(key: "abcdefghijklmnopabcdefghijklmnop", iv: "0123456789abcdef")
        let plaintext = try Fixture.line("h0stcni0_decrypted_fill_doc.txt")
        let frameText = encoder.encodeEncrypted(trID: "H0STCNI0", count: 1, base64Payload: try cipher.encrypt(plaintext))
        let frame = try parser.parse(frameText)
        #expect(frame.isEncrypted)
        let decrypted = try cipher.decrypt(base64: try #require(frame.encryptedPayload))
        #expect(decrypted == plaintext)
        #expect(parser.parsePayload(trID: frame.trID, count: frame.declaredCount, payload: decrypted)
                    .executionNotices.first?.price == 3190)
    }
}

@Suite struct DataFrameParserDecryptionTests {
    @Test func parseDecrypting_returnsNotice_withAckKeyMaterial() throws {
        let cipher = try NoticeCipher(key: "uvbpznjqabrxhowcftgehxghhhsxtwro", iv: "ca513e8bf725c575")
        let plaintext = try Fixture.line("h0stcni0_decrypted_accept_doc.txt")
        let text = DataFrameEncoder().encodeEncrypted(trID: "H0STCNI0", count: 1, base64Payload: try cipher.encrypt(plaintext))
        let frame = try DataFrameParser().parse(text, decryptingWith: cipher)
        #expect(frame.isEncrypted && frame.executionNotices.first?.code == "136480")
    }

    @Test func parseDecrypting_countsRecordsMalformed_forUndecryptablePayload() throws {
        let cipher = try NoticeCipher(key: "uvbpznjqabrxhowcftgehxghhhsxtwro", iv: "ca513e8bf725c575")
        let frame = try DataFrameParser().parse(try Fixture.line("h0stcni9_encrypted_frame_shape_thirdparty_test.txt"),
                                                decryptingWith: cipher)
        #expect(frame.records.isEmpty && frame.malformedCount == 1)
        #expect(frame.firstError?.classification == .cipherFailure)
    }
}
