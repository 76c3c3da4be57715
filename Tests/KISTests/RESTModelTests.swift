import Foundation
import Testing
@testable import KIS

@Suite struct RESTModelTests {
    let decoder = JSONDecoder()

    /// Decodes `data` as `T`, re-encodes it, and checks the key set is unchanged.
    func expectSameKeySet<T: Codable>(_ type: T.Type, _ data: Data) throws -> T {
        let value = try decoder.decode(T.self, from: data)
        #expect(try Fixture.keyPaths(JSONEncoder().encode(value)) == Fixture.keyPaths(data))
        return value
    }

    @Test func inquirePrice_decodesDocExample_andReencodesSameKeys() throws {
        let response = try expectSameKeySet(RESTSingleResponse<InquirePriceOutput>.self,
                                            try Fixture.data("inquire_price_response_doc.json"))
        #expect(response.isSuccess && response.messageCode == "MCA00000" && response.error() == nil)
        let output = try #require(response.output)
        // The example carries 79 of the 82 documented keys (protocol.md §5.1).
        #expect(output.fields.count == 79 && Set(output.fields.keys).isSubset(of: InquirePriceOutput.keys))
        #expect(Set(InquirePriceOutput.keys).subtracting(output.fields.keys) == ["mang_issu_cls_code", "apprch_rate", "new_hgpr_lwpr_cls_code"])
        #expect(output.code == "000660" && output.price == 128_500 && output.change == 0)
        #expect(output.changeSign == .unchanged && output.changeRate == 0)
        #expect(output.cumulativeVolume == 2_669_075 && output.cumulativeAmount == 344_570_137_500)
        #expect((output.open, output.high, output.low) == (128_500, 130_000, 128_500))
        #expect((output.upperLimit, output.lowerLimit, output.previousClose) == (167_000, 90_000, 128_500))
        #expect(output.tickSize == 500 && output.listedShares == 728_002_365)
        #expect(output["cpfn_cnnm"] == "36,576 억")
    }

    @Test func inquirePrice_emptyRecord_hasFixtureKeySet_forSimulator() throws {
        var output = InquirePriceOutput()
        output.price = 71900
        output.changeRate = -0.14
        output.changeSign = .fall
        let body = RESTSingleResponse(output: output)
        let fixture = try Fixture.keyPaths(try Fixture.data("inquire_price_response_doc.json"))
        let documentedOnly: Set<String> = ["output.mang_issu_cls_code", "output.apprch_rate", "output.new_hgpr_lwpr_cls_code"]
        #expect(try Fixture.keyPaths(JSONEncoder().encode(body)) == fixture.union(documentedOnly))
        #expect(output["stck_prpr"] == "71900" && output["prdy_ctrt"] == "-0.14" && output["prdy_vrss_sign"] == "5")
    }

    @Test func rankings_decodeDocRows_andReencodeSameKeys() throws {
        let volume = try expectSameKeySet(RESTSingleResponse<[VolumeRankRow]>.self,
                                          try Fixture.withoutElisions("volume_rank_response_doc_elided.json"))
        let rows = try #require(volume.output)
        #expect(rows.count == 3 && Set(rows[0].fields.keys) == Set(VolumeRankRow.keys))
        #expect(rows[0].code == "005930" && rows[0].name == "삼성전자" && rows[0].rank == 1)
        #expect(rows[0].price == 65100 && rows[0].change == -300 && rows[0].changeRate == -0.46)
        #expect(rows[2].changeRate == 3.09 && rows[2].changeSign == .rise && rows[0].previousDayVolume == 12_334_657)

        let fluctuation = try expectSameKeySet(RESTSingleResponse<[FluctuationRow]>.self,
                                               try Fixture.withoutElisions("fluctuation_response_doc_elided.json"))
        let first = try #require(fluctuation.output?.first)
        #expect(Set(first.fields.keys) == Set(FluctuationRow.keys))
        #expect(first.code == "000040" && first.price == 1821 && first.changeRate == 12.13 && first.highTime == "100214")
    }

    @Test func rankingQueries_matchDocParameterKeySets() throws {
        let volume = try JSONDecoder().decode(VolumeRankQuery.self, from: try Fixture.data("volume_rank_request_params_doc.json"))
        #expect(volume == VolumeRankQuery.standard)
        let fluctuation = try JSONDecoder().decode(FluctuationQuery.self,
                                                   from: try Fixture.data("fluctuation_request_params_doc.json"))
        #expect(fluctuation == FluctuationQuery.standard)
        #expect(KISEndpoint.fluctuation.queryNames == FluctuationQuery.keys)
    }

    @Test func errorBodies_decodeAndKeepKeySets_forGatewayErrors() throws {
        let expectations: [(String, KISErrorClass)] = [
            ("rest_rate_limit_EGW00201.json", .rateLimited),
            ("rest_token_expired_EGW00123.json", .tokenExpired),
            ("rest_token_invalid_EGW00121_http500.json", .tokenInvalid),
        ]
        for (name, expected) in expectations {
            let body = try expectSameKeySet(RESTStatusBody.self, try Fixture.data(name))
            #expect(!body.isSuccess)
            #expect(body.error(httpStatus: 500)?.classification == expected)
            #expect(RESTErrorDetector.error(in: try Fixture.data(name), httpStatus: 500)?.classification == expected)
            #expect(RESTErrorDetector.error(in: try Fixture.data(name), httpStatus: 200)?.classification == expected)
        }
        let built = RESTStatusBody.failure(code: "EGW00201")
        #expect(try Fixture.keyPaths(JSONEncoder().encode(built))
                == Fixture.keyPaths(try Fixture.data("rest_rate_limit_EGW00201.json")))
    }

    @Test func oauthError_decodes_forTokenIssuedTooSoon() throws {
        let data = try Fixture.data("rest_tokenP_rate_limited_EGW00133_http403.json")
        let body = try expectSameKeySet(OAuthErrorBody.self, data)
        #expect(body.errorCode == "EGW00133" && body.error().classification == .tokenIssuedTooSoon)
        #expect(RESTErrorDetector.error(in: data, httpStatus: 403)?.httpStatus == 403)
        #expect(OAuthErrorBody(errorCode: "EGW00133") == body)
    }

    @Test func authMessages_decodeDocExamples_andReencodeSameKeys() throws {
        let token = try expectSameKeySet(TokenRequest.self, try Fixture.data("rest_tokenP_request_doc.json"))
        #expect(token.grantType == "client_credentials" && token.appKey.hasPrefix("PSg5"))
        let issued = try expectSameKeySet(TokenResponse.self, try Fixture.data("rest_tokenP_response_doc.json"))
        #expect(issued.expiresIn == 86400 && issued.tokenType == "Bearer")
        #expect(issued.accessTokenExpiry == "2023-12-22 08:16:59")
        let approval = try expectSameKeySet(ApprovalRequest.self, try Fixture.data("rest_approval_request_doc.json"))
        #expect(approval.secretKey.hasPrefix("yo2t8z"))
        let key = try expectSameKeySet(ApprovalResponse.self, try Fixture.data("rest_approval_response_doc.json"))
        #expect(key.approvalKey == "a2585daf-8c09-4587-9fce-8ab893XXXXX")
        let revoke = try expectSameKeySet(RevokeRequest.self, try Fixture.data("rest_revokeP_request_doc.json"))
        #expect(revoke.token.hasPrefix("eyJ0eXAi"))
        let revoked = try expectSameKeySet(RevokeResponse.self, try Fixture.data("rest_revokeP_response_doc.json"))
        #expect(revoked == RevokeResponse())
    }

    @Test func askingPrice_buildsTwoPartBody_withLevelsAndExpectedTrade() throws {
        var book = AskingPriceBook()
        book.asks = (0..<10).map { OrderBookLevel(price: 71900 + $0 * 100, quantity: $0 + 1) }
        book.time = "093730"
        var expected = ExpectedTrade()
        expected.expectedPrice = 71800
        let body = RESTResponse(output1: book, output2: expected)
        let decoded = try decoder.decode(RESTResponse<AskingPriceBook, ExpectedTrade>.self, from: JSONEncoder().encode(body))
        #expect(decoded.output1?.asks.last == OrderBookLevel(price: 72800, quantity: 10))
        #expect(decoded.output1?.askPrice == 71900 && decoded.output2?.expectedPrice == 71800)
        #expect(decoded.output == nil && Set(decoded.output1!.fields.keys) == Set(AskingPriceBook.keys))
    }

    @Test func multiPriceQuery_numbersPairsFromOne_andParsesPostmanURL() throws {
        let url = try Fixture.line("intstock_multprice_request_url_postman.txt")
        let query = Dictionary(uniqueKeysWithValues: url.split(separator: "?")[1].split(separator: "&").map {
            let pair = $0.split(separator: "=", omittingEmptySubsequences: false)
            return (String(pair[0]), String(pair[1]))
        })
        let parsed = MultiPriceQuery(query: query)
        #expect(parsed.items.count == 30 && parsed.items.first?.code == "419530" && parsed.items.last?.code == "035760")
        let rebuilt = parsed.queryItems.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
        #expect(rebuilt == String(url.split(separator: "?")[1]))
        let lower = MultiPriceQuery(query: ["fid_input_iscd_1": "005930", "fid_cond_mrkt_div_code_1": "UN"])
        #expect(lower.items == [.init(market: "UN", code: "005930")])
        #expect(MultiPriceQuery(items: (0..<40).map { .init(code: String($0)) }).items.count == 30)
        #expect(KISEndpoint.multiPrice.queryNames.count == 60 && KISEndpoint.multiPrice.trID(isVirtual: true) == nil)
    }

    @Test func endpointTable_matchesPostmanPathsAndTrIDs() throws {
        let text = try Fixture.text("rest_request_urls_postman.txt")
        for endpoint in [KISEndpoint.inquirePrice, .askingPrice, .volumeRank, .fluctuation] {
            #expect(text.contains(endpoint.path + "?"), "\(endpoint.name)")
            #expect(text.contains("'\(endpoint.realTrID!)'"), "\(endpoint.name)")
        }
        #expect(KISEndpoint.matching(path: "/oauth2/tokenP") == .tokenP)
    }
}

@Suite struct KISEndpointTests {
    @Test func quoteHeaders_carryTrIDAndBearer_andRefuseUnsupportedVirtual() throws {
        let headers = try #require(KISEndpoint.inquirePrice.quoteHeaders(accessToken: "t", appKey: "k", appSecret: "s",
                                                                          isVirtual: true))
        #expect(headers.first { $0.name == "tr_id" }?.value == "FHKST01010100")
        #expect(headers.first { $0.name == "authorization" }?.value == "Bearer t")
        #expect(KISEndpoint.volumeRank.quoteHeaders(accessToken: "t", appKey: "k", appSecret: "s", isVirtual: true) == nil)
    }
}
