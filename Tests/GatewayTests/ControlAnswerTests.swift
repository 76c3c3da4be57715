import Testing
import KIS
@testable import Gateway

@Suite struct ControlAnswerTests {
    func answer(_ fixture: String) throws -> ControlAnswer {
        guard case .subscriptionResponse(let response) = try ControlMessage.decode(try Fixture.text(fixture)) else {
            Issue.record("\(fixture) is not a subscription response"); return .appKeyInUse
        }
        return ControlAnswer(response)
    }

    @Test func subscribeSuccess_carriesKeyAndKeyMaterial() throws {
        let result = try answer("ws_subscribe_response_H0STASP0_real_thirdparty_test.json")
        #expect(result == .subscribed(SlotKey(trID: "H0STASP0", trKey: "066570"),
                                      keyMaterial: .init(iv: "ca513e8bf725c575", key: "uvbpznjqabrxhowcftgehxghhhsxtwro")))
    }

    @Test func fixtures_mapToTheirMessageCodes() throws {
        #expect(try answer("ws_already_in_subscribe_OPSP0002_thirdparty_test.json").messageCode == "OPSP0002")
        #expect(try answer("ws_unsubscribe_error_notfound_OPSP0003_bodyonly.json") == .unsubscribeNotFound(nil))
        #expect(try answer("ws_max_subscribe_over_OPSP0008_thirdparty_test.json").messageCode == "OPSP0008")
        #expect(try answer("ws_invalid_approval_OPSP0011_bodyonly.json") == .invalidApproval(nil))
        #expect(try answer("ws_already_in_use_appkey_OPSP8996.json") == .appKeyInUse)
    }

    @Test func unsubscribeSuccess_isRecognised_byCodeOrByMessagePrefix() {
        #expect(ControlAnswer(.unsubscribed(trID: "H0STCNT0", trKey: "005930")) == .unsubscribed(SlotKey(trID: "H0STCNT0", trKey: "005930")))
        let odd = SubscriptionResponse(header: .init(trID: "H0STCNT0", trKey: "005930"), rtCode: "0", messageCode: "OPSP0099",
                                       message: "UNSUBSCRIBE SUCCESS")
        #expect(ControlAnswer(odd) == .unsubscribed(SlotKey(trID: "H0STCNT0", trKey: "005930")))
    }

    @Test func otherFailures_areRefusedWithTheirCode() {
        let response = SubscriptionResponse.failure(code: "OPSP8992", trID: "H0STCNT0", trKey: "ZZZ")
        #expect(ControlAnswer(response) == .refused(SlotKey(trID: "H0STCNT0", trKey: "ZZZ"), code: "OPSP8992"))
    }
}
