import Testing
@testable import KIS

@Suite struct KISErrorCatalogTests {
    @Test(arguments: [
        ("EGW00201", KISErrorClass.rateLimited), ("EGW00123", .tokenExpired), ("EGW00121", .tokenInvalid),
        ("EGW00133", .tokenIssuedTooSoon), ("EGW00103", .badCredentials), ("EGW00105", .badCredentials),
        ("OPSP0002", .alreadySubscribed), ("OPSP0003", .notSubscribed), ("OPSP0008", .subscriptionLimit),
        ("OPSP0011", .invalidApproval), ("OPSP8996", .sessionInUse), ("EGW00002", .serverError),
        ("OPSQ2001", .badRequest),
    ])
    func classify_mapsKnownCodes(code: String, expected: KISErrorClass) {
        #expect(KISErrorCatalog.classify(code: code, httpStatus: 500) == expected)
        #expect(KISErrorCatalog.classify(code: code, httpStatus: 200) == expected)
    }

    @Test func classify_fallsBackOnHTTPStatus_forUnknownCodes() {
        #expect(KISErrorCatalog.classify(code: "EGW99999", httpStatus: 500) == .serverError)
        #expect(KISErrorCatalog.classify(code: "EGW99999", httpStatus: 429) == .rateLimited)
        #expect(KISErrorCatalog.classify(code: "EGW99999", httpStatus: 400) == .badRequest)
        #expect(KISErrorCatalog.classify(code: "EGW99999") == .unknown)
    }

    @Test func entries_giveSimulatorStatuses_asMeasured() {
        #expect(KISErrorCatalog.entry(for: "EGW00201")?.httpStatus == 500)
        #expect(KISErrorCatalog.entry(for: "EGW00133")?.httpStatus == 403)
        #expect(KISErrorCatalog.entry(for: "OPSP8996")?.message == "ALREADY IN USE appkey")
        #expect(Set(KISErrorCatalog.entries.map(\.code)).count == KISErrorCatalog.entries.count)
    }

    @Test func description_isReadable_andRetryabilityFollowsClass() {
        let error = KISError.server(code: "EGW00201", message: "초당 거래건수를 초과하였습니다.", httpStatus: 500)
        #expect(error.description == "KIS error EGW00201 (HTTP 500): 초당 거래건수를 초과하였습니다. [rateLimited]")
        #expect(error.code == "EGW00201")
        #expect(KISErrorCatalog.isRetryable(error.classification))
        #expect(!KISErrorCatalog.isRetryable(.badCredentials))
        #expect(KISError.malformedFrame("x").classification == .malformedMessage)
        #expect(KISError.cipher("x").code == nil)
    }
}
