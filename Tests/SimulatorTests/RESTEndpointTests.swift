import Foundation
import KIS
import Net
import Testing
@testable import Simulator

@Suite(.serialized) struct RESTEndpointTests {
    @Test func tokenP_issuesOnce_thenRefusesWithin60s_withTheFixtureShapeAnd403() async throws {
        let sim = try SimulatorHarness()
        defer { Task { await sim.stop() } }
        let first = try await sim.tokenResponse()
        #expect(first.status == 200)
        #expect(try Fixtures.keys(Data(first.body)) == Fixtures.keys(Fixtures.data("rest_tokenP_response_doc.json")))
        let token = try JSONDecoder().decode(TokenResponse.self, from: Data(first.body))
        #expect(token.tokenType == "Bearer" && token.expiresIn == 86_400 && token.accessToken.split(separator: ".").count == 3)
        let again = try await sim.tokenResponse()
        #expect(again.status == 403)
        #expect(Data(again.body).count > 0)
        #expect(try Fixtures.keys(Data(again.body)) == Fixtures.keys(Fixtures.data("rest_tokenP_rate_limited_EGW00133_http403.json")))
        #expect(try JSONDecoder().decode(OAuthErrorBody.self, from: Data(again.body)).errorCode == "EGW00133")
        let stats = sim.simulator.statistics()[SimulatorHarness.appKey]
        #expect(stats.tokensIssued == 1 && stats.tokenRefusals == 1)
    }

    @Test func tokenP_refusesMalformedKeysAndSecrets() async throws {
        let sim = try SimulatorHarness()
        defer { Task { await sim.stop() } }
        let badKey = try await sim.tokenResponse(appKey: "short")
        #expect(badKey.status == 403 && badKey.bodyText.contains("EGW00103"))
        let badSecret = try await sim.tokenResponse(secret: "x")
        #expect(badSecret.status == 403 && badSecret.bodyText.contains("EGW00105"))
    }

    @Test func credentialsFile_restrictsToListedPairs() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("kis41-creds-\(UUID().uuidString)")
        try "# test\n\(SimulatorHarness.appKey) \(SimulatorHarness.secret)\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        var options = SimulatorHarness.options()
        options.credentialsFile = file.path
        let sim = try SimulatorHarness(options)
        defer { Task { await sim.stop() } }
        #expect(try await sim.tokenResponse(appKey: "PSOTHERAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").bodyText.contains("EGW00103"))
        #expect(try await sim.tokenResponse(secret: String(repeating: "T", count: 180)).bodyText.contains("EGW00105"))
        #expect(try await sim.tokenResponse().status == 200)
    }

    @Test func approvalAndRevoke_matchTheFixtures() async throws {
        let sim = try SimulatorHarness()
        defer { Task { await sim.stop() } }
        let approval = try await sim.approvalKey()
        #expect(approval.count == 36)
        let token = try await sim.token()
        let revoke = try await sim.post("/oauth2/revokeP",
            #"{"appkey":"\#(SimulatorHarness.appKey)","appsecret":"\#(SimulatorHarness.secret)","token":"\#(token)"}"#)
        #expect(revoke.status == 200)
        #expect(try Fixtures.keys(Data(revoke.body)) == Fixtures.keys(Fixtures.data("rest_revokeP_response_doc.json")))
        let after = try await sim.get(.inquirePrice, "FID_COND_MRKT_DIV_CODE=J&FID_INPUT_ISCD=005930", token: token)
        #expect(after.status == 500 && after.bodyText.contains("EGW00121"))
    }

    @Test func quotes_haveTheFixtureKeySets_echoTrID_andAcceptAnyQueryCase() async throws {
        let sim = try SimulatorHarness()
        defer { Task { await sim.stop() } }
        let token = try await sim.token()
        let price = try await sim.get(.inquirePrice, "fid_cond_mrkt_div_code=J&Fid_Input_Iscd=005930", token: token)
        #expect(price.status == 200 && price.headers["tr_id"] == "FHKST01010100")
        let fixture = try Fixtures.data("inquire_price_response_doc.json")
        #expect(try Fixtures.keys(Data(price.body)) == Fixtures.keys(fixture))
        // The fixture's keys and the three more that protocol.md §5.1 documents.
        #expect(try Fixtures.keys(Data(price.body), member: "output") == Fixtures.keys(fixture, member: "output").union(InquirePriceOutput.keys))
        let output = try #require(try JSONDecoder().decode(RESTSingleResponse<InquirePriceOutput>.self, from: Data(price.body)).output)
        #expect((output.price ?? 0) > 0 && output.code == "005930")
        #expect(output.fields.values.allSatisfy { !$0.isEmpty })

        let book = try await sim.get(.askingPrice, "FID_COND_MRKT_DIV_CODE=J&FID_INPUT_ISCD=005930", token: token)
        #expect(try Fixtures.keys(Data(book.body), member: "output1") == Set(AskingPriceBook.keys))
        #expect(try Fixtures.keys(Data(book.body), member: "output2") == Set(ExpectedTrade.keys))

        let multi = try await sim.get(.multiPrice, "FID_COND_MRKT_DIV_CODE_1=J&FID_INPUT_ISCD_1=005930&fid_cond_mrkt_div_code_2=J&fid_input_iscd_2=000660", token: token)
        let rows = try #require(try JSONDecoder().decode(RESTSingleResponse<[MultiPriceRow]>.self, from: Data(multi.body)).output)
        #expect(rows.map(\.code) == ["005930", "000660"] && Set(rows[0].fields.keys) == Set(MultiPriceRow.keys))

        let volume = try await sim.get(.volumeRank, "FID_COND_MRKT_DIV_CODE=J&FID_COND_SCR_DIV_CODE=20171&FID_INPUT_ISCD=0000&FID_DIV_CLS_CODE=0&FID_BLNG_CLS_CODE=0&FID_TRGT_CLS_CODE=111111111&FID_TRGT_EXLS_CLS_CODE=000000&FID_INPUT_PRICE_1=&FID_INPUT_PRICE_2=&FID_VOL_CNT=&FID_INPUT_DATE_1=", token: token)
        #expect(try Fixtures.keys(Data(volume.body), member: "output") == Fixtures.keys(Fixtures.withoutElisions("volume_rank_response_doc_elided.json"), member: "output"))
        let volumeRows = try #require(try JSONDecoder().decode(RESTSingleResponse<[VolumeRankRow]>.self, from: Data(volume.body)).output)
        #expect(volumeRows.count == 30)
        #expect(zip(volumeRows, volumeRows.dropFirst()).allSatisfy { ($0.cumulativeVolume ?? 0) >= ($1.cumulativeVolume ?? 0) })

        let fluctuation = try await sim.get(.fluctuation, "fid_cond_mrkt_div_code=J&fid_cond_scr_div_code=20170&fid_input_iscd=1001&fid_rank_sort_cls_code=1&fid_input_cnt_1=0&fid_prc_cls_code=0&fid_input_price_1=&fid_input_price_2=&fid_vol_cnt=&fid_trgt_cls_code=0&fid_trgt_exls_cls_code=0&fid_div_cls_code=0&fid_rsfl_rate1=&fid_rsfl_rate2=", token: token)
        #expect(try Fixtures.keys(Data(fluctuation.body), member: "output") == Fixtures.keys(Fixtures.withoutElisions("fluctuation_response_doc_elided.json"), member: "output"))
        let falls = try #require(try JSONDecoder().decode(RESTSingleResponse<[FluctuationRow]>.self, from: Data(fluctuation.body)).output)
        #expect(zip(falls, falls.dropFirst()).allSatisfy { ($0.changeRate ?? 0) <= ($1.changeRate ?? 0) })

        let index = try await sim.get(.indexPrice, "FID_COND_MRKT_DIV_CODE=U&FID_INPUT_ISCD=0001", token: token)
        #expect(try Fixtures.keys(Data(index.body), member: "output") == Set(IndexPriceOutput.keys))

        let unknown = try await sim.get(.inquirePrice, "FID_COND_MRKT_DIV_CODE=J&FID_INPUT_ISCD=999999", token: token)
        #expect(unknown.status == 200 && unknown.bodyText.contains("\"rt_cd\":\"7\""))
    }

    @Test func badAndExpiredTokens_getTheFixtureErrorBodiesWith500() async throws {
        var options = SimulatorHarness.options()
        options.tokenLifetimeSeconds = 0.3
        let sim = try SimulatorHarness(options)
        defer { Task { await sim.stop() } }
        let bad = try await sim.get(.inquirePrice, "FID_COND_MRKT_DIV_CODE=J&FID_INPUT_ISCD=005930", token: "nope")
        #expect(bad.status == 500)
        #expect(try Fixtures.keys(Data(bad.body)) == Fixtures.keys(Fixtures.data("rest_token_invalid_EGW00121_http500.json")))
        #expect(bad.bodyText.contains("EGW00121"))
        let token = try await sim.token()
        let expired = try await SimulatorHarness.eventually {
            try await sim.get(.inquirePrice, "FID_COND_MRKT_DIV_CODE=J&FID_INPUT_ISCD=005930", token: token).bodyText.contains("EGW00123")
        }
        #expect(expired)
    }

    @Test func rateLimit_refusesThe19thCallInAWindow_andCountsTheViolation() async throws {
        // Speed 0.01: one market second lasts 100 real seconds, so all calls fall in one window.
        let sim = try SimulatorHarness(SimulatorHarness.options(speed: 0.01))
        defer { Task { await sim.stop() } }
        let token = try await sim.token()
        var statuses: [Int] = []
        for _ in 0..<19 {
            statuses.append(try await sim.get(.inquirePrice, "FID_COND_MRKT_DIV_CODE=J&FID_INPUT_ISCD=005930", token: token).status)
        }
        #expect(statuses.prefix(18).allSatisfy { $0 == 200 })
        let refused = try await sim.get(.inquirePrice, "FID_COND_MRKT_DIV_CODE=J&FID_INPUT_ISCD=005930", token: token)
        #expect(statuses[18] == 500 && refused.status == 500)
        #expect(try Fixtures.keys(Data(refused.body)) == Fixtures.keys(Fixtures.data("rest_rate_limit_EGW00201.json")))
        #expect(refused.bodyText.contains("EGW00201"))
        let stats = sim.simulator.statistics()[SimulatorHarness.appKey]
        #expect(stats.restCalls == 20 && stats.limitViolations == 2)
        // Another app key has its own window.
        let other = "PSTESTBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"
        let otherToken = try await sim.token(appKey: other)
        #expect(try await sim.get(.inquirePrice, "FID_COND_MRKT_DIV_CODE=J&FID_INPUT_ISCD=005930", token: otherToken, appKey: other).status == 200)
    }

    @Test func virtual_lacksRealOnlyEndpoints_andHasALimitOfOne() async throws {
        var options = SimulatorHarness.options(speed: 0.01)
        options.environment = .virtual
        #expect(options.restLimitPerSecond == 1)
        let sim = try SimulatorHarness(options)
        defer { Task { await sim.stop() } }
        let token = try await sim.token()
        let multi = try await sim.get(.multiPrice, "FID_COND_MRKT_DIV_CODE_1=J&FID_INPUT_ISCD_1=005930", token: token)
        #expect(multi.bodyText.contains("OPSQ0002"))
        let second = try await sim.get(.inquirePrice, "FID_COND_MRKT_DIV_CODE=J&FID_INPUT_ISCD=005930", token: token)
        #expect(second.bodyText.contains("EGW00201"))
    }

    @Test func masterFiles_areServedAndParseBack() async throws {
        let sim = try SimulatorHarness()
        defer { Task { await sim.stop() } }
        let response = try await sim.client.get("/kis41/master/kospi_code.mst")
        #expect(response.status == 200)
        let parsed = MasterFileCodec(layout: .kospi).parseFile(response.body)
        #expect(parsed.failures == 0 && parsed.records.contains { $0.code == "005930" && $0.name == "삼성전자" })
    }
}
