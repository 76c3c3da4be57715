import Foundation
import Testing
@testable import KIS

@Suite struct ControlMessageTests {
    @Test func classify_tellsDataFromControlFromLiteralPingPong() throws {
        #expect(TextFrameKind.classify(try Fixture.line("h0stcnt0_frame_001.txt")) == .dataFrame)
        #expect(TextFrameKind.classify("1|H0STCNI0|001|abc") == .dataFrame)
        #expect(TextFrameKind.classify(try Fixture.text("ws_pingpong.json")) == .control)
        #expect(TextFrameKind.classify(try Fixture.text("ws_subscribe_response_doc.json")) == .control)
        #expect(TextFrameKind.classify("PINGPONG") == .pingPongLiteral)
        #expect(TextFrameKind.classify("") == .unknown)
        #expect(TextFrameKind.classify("0") == .unknown)
        #expect(TextFrameKind.classify([0xFF, 0xFE]) == .unknown)
    }

    @Test func decode_readsSubscribeRequest_forDocFixtures() throws {
        guard case .subscriptionRequest(let request) = try ControlMessage.decode(
            try Fixture.text("ws_subscribe_request_H0STCNT0_doc.json")) else {
            Issue.record("not a request"); return
        }
        #expect(request.action == .subscribe && request.trID == "H0STCNT0" && request.trKey == "005930")
        #expect(request.customerType == "P" && request.contentType == "utf-8")
        guard case .subscriptionRequest(let notice) = try ControlMessage.decode(
            try Fixture.text("ws_subscribe_request_H0STCNI0_doc.json")) else {
            Issue.record("not a request"); return
        }
        #expect(notice.trKey == "HTS ID")
    }

    @Test(arguments: [
        "ws_unsubscribe_request_H0STCNT0_derived.json", "ws_subscribe_response_H0STASP0_real_thirdparty_test.json",
        "ws_already_in_use_appkey_OPSP8996.json", "ws_invalid_approval_OPSP0011_bodyonly.json",
        "ws_unsubscribe_error_notfound_OPSP0003_bodyonly.json", "ws_already_in_subscribe_OPSP0002_thirdparty_test.json",
        "ws_max_subscribe_over_OPSP0008_thirdparty_test.json", "ws_pingpong.json",
    ])
    func jsonText_reproducesCompactFixtureBytes_afterDecode(name: String) throws {
        let text = try Fixture.text(name).trimmingCharacters(in: .newlines)
        #expect(try ControlMessage.decode(text).jsonText == text)
    }

    @Test(arguments: [
        "ws_subscribe_request_H0STCNT0_doc.json", "ws_subscribe_request_H0STCNI0_doc.json",
        "ws_subscribe_response_doc.json",
    ])
    func jsonText_keepsKeySet_forPrettyPrintedDocFixtures(name: String) throws {
        let data = try Fixture.data(name)
        let message = try ControlMessage.decode(data)
        #expect(try Fixture.keyPaths(Data(message.jsonText.utf8)) == Fixture.keyPaths(data))
        #expect(try ControlMessage.decode(message.jsonText) == message)
    }

    @Test func decode_readsKeyMaterial_forSubscribeAck() throws {
        guard case .subscriptionResponse(let response) = try ControlMessage.decode(
            try Fixture.text("ws_subscribe_response_doc.json")) else {
            Issue.record("not a response"); return
        }
        #expect(response.isSuccess && response.messageCode == "OPSP0000")
        #expect(response.header == .init(trID: "H0STCNT0", trKey: "005930", encrypt: "N"))
        #expect(response.output == .init(iv: "0123456789abcdef", key: "abcdefghijklmnopabcdefghijklmnop"))
        #expect(response.error == nil)
    }

    @Test func decode_classifiesErrorResponses_throughCatalog() throws {
        let expectations: [(String, KISErrorClass)] = [
            ("ws_already_in_use_appkey_OPSP8996.json", .sessionInUse),
            ("ws_invalid_approval_OPSP0011_bodyonly.json", .invalidApproval),
            ("ws_unsubscribe_error_notfound_OPSP0003_bodyonly.json", .notSubscribed),
            ("ws_already_in_subscribe_OPSP0002_thirdparty_test.json", .alreadySubscribed),
            ("ws_max_subscribe_over_OPSP0008_thirdparty_test.json", .subscriptionLimit),
        ]
        for (name, expected) in expectations {
            guard case .subscriptionResponse(let response) = try ControlMessage.decode(try Fixture.text(name)) else {
                Issue.record("\(name) is not a response"); continue
            }
            #expect(response.error?.classification == expected, "\(name)")
        }
    }

    @Test func builders_matchCapturedShapes_forSimulatorReplies() throws {
        #expect(SubscriptionResponse.failure(code: "OPSP8996", trID: "H0STCNT0", trKey: "005930").jsonText
                == (try Fixture.text("ws_already_in_use_appkey_OPSP8996.json")).trimmingCharacters(in: .newlines))
        #expect(SubscriptionResponse.failure(code: "OPSP0008", trID: "H0STASP0", trKey: "000660").jsonText
                == (try Fixture.text("ws_max_subscribe_over_OPSP0008_thirdparty_test.json")).trimmingCharacters(in: .newlines))
        #expect(SubscriptionResponse.subscribed(trID: "H0STASP0", trKey: "066570", iv: "ca513e8bf725c575",
                                                key: "uvbpznjqabrxhowcftgehxghhhsxtwro").jsonText
                == (try Fixture.text("ws_subscribe_response_H0STASP0_real_thirdparty_test.json")).trimmingCharacters(in: .newlines))
        #expect(PingPong(datetime: "20241011121818").text
                == (try Fixture.text("ws_pingpong.json")).trimmingCharacters(in: .newlines))
        let unsubscribe = SubscriptionRequest(approvalKey: "35xxxxxa-bxxa-4xxb-87xxx-f56xxxxxxxxxx",
                                              action: .unsubscribe, trID: "H0STCNT0", trKey: "005930")
        #expect(unsubscribe.jsonText
                == (try Fixture.text("ws_unsubscribe_request_H0STCNT0_derived.json")).trimmingCharacters(in: .newlines))
    }

    @Test func decode_keepsOriginalText_forPingPongEcho() throws {
        let spaced = "{ \"header\" : {\"tr_id\":\"PINGPONG\",\"datetime\":\"20241011121818\"} }"
        guard case .pingPong(let ping) = try ControlMessage.decode(spaced) else { Issue.record("not a ping"); return }
        #expect(ping.datetime == "20241011121818" && ping.text == spaced)
    }

    @Test(arguments: ["", "{", "[]", "{}", "{\"body\":{}}", "{\"header\":{\"tr_type\":\"1\"}}", "\u{FFFD}",
                      "{\"header\":{\"approval_key\":\"k\",\"custtype\":\"P\",\"tr_type\":\"0\",\"content-type\":\"utf-8\"},\"body\":{\"input\":{\"tr_id\":\"H0STCNT0\",\"tr_key\":\"005930\"}}}"])
    func decode_throwsMalformedJSON_forBadMessages(text: String) {
        #expect(throws: KISError.self) { try ControlMessage.decode(text) }
    }

    @Test func decode_survivesInvalidUTF8Bytes() {
        let bytes = Data([0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D])
        #expect(throws: KISError.self) { try ControlMessage.decode(bytes) }
    }
}
