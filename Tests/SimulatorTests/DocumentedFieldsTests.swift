import Foundation
import KIS
import Testing
@testable import Simulator

/// Every field protocol.md documents for a REST body is in what kis-sim serves (issue 15: an
/// independent typed client failed on inquire-price for want of `mang_issu_cls_code`).
@Suite(.serialized) struct DocumentedFieldsTests {
    static let volumeQuery = "FID_COND_MRKT_DIV_CODE=J&FID_COND_SCR_DIV_CODE=20171&FID_INPUT_ISCD=0000&FID_DIV_CLS_CODE=0&FID_BLNG_CLS_CODE=0&FID_TRGT_CLS_CODE=111111111&FID_TRGT_EXLS_CLS_CODE=000000&FID_INPUT_PRICE_1=&FID_INPUT_PRICE_2=&FID_VOL_CNT=&FID_INPUT_DATE_1="
    static let fluctuationQuery = "fid_cond_mrkt_div_code=J&fid_cond_scr_div_code=20170&fid_input_iscd=0000&fid_rank_sort_cls_code=0&fid_input_cnt_1=0&fid_prc_cls_code=1&fid_input_price_1=&fid_input_price_2=&fid_vol_cnt=&fid_trgt_cls_code=0&fid_trgt_exls_cls_code=0&fid_div_cls_code=0&fid_rsfl_rate1=&fid_rsfl_rate2="

    @Test func everyRESTBody_carriesEveryDocumentedField() async throws {
        let sim = try SimulatorHarness()
        defer { Task { await sim.stop() } }
        let token = try await sim.token()
        let bodies: [(String, KISEndpoint, String, String, Set<String>)] = [
            ("inquire-price", .inquirePrice, "FID_COND_MRKT_DIV_CODE=J&FID_INPUT_ISCD=005930", "output", DocumentedFields.inquirePrice),
            ("asking-price output1", .askingPrice, "FID_COND_MRKT_DIV_CODE=J&FID_INPUT_ISCD=005930", "output1", DocumentedFields.askingPriceBook),
            ("asking-price output2", .askingPrice, "FID_COND_MRKT_DIV_CODE=J&FID_INPUT_ISCD=005930", "output2", DocumentedFields.expectedTrade),
            ("intstock-multprice", .multiPrice, "FID_COND_MRKT_DIV_CODE_1=J&FID_INPUT_ISCD_1=005930", "output", DocumentedFields.multiPriceRow),
            ("volume-rank", .volumeRank, Self.volumeQuery, "output", DocumentedFields.volumeRankRow),
            ("fluctuation", .fluctuation, Self.fluctuationQuery, "output", DocumentedFields.fluctuationRow),
            ("inquire-index-price", .indexPrice, "FID_COND_MRKT_DIV_CODE=U&FID_INPUT_ISCD=0001", "output", DocumentedFields.indexPrice),
        ]
        for (name, endpoint, query, member, documented) in bodies {
            let response = try await sim.get(endpoint, query, token: token)
            #expect(response.status == 200, "\(name)")
            let served = try Fixtures.keys(Data(response.body), member: member)
            #expect(documented.subtracting(served).isEmpty, "\(name) lacks \(documented.subtracting(served).sorted())")
        }
    }

    @Test func theFieldsAddedBeyondTheExample_carryKISsTypes() async throws {
        let sim = try SimulatorHarness()
        defer { Task { await sim.stop() } }
        let response = try await sim.get(.inquirePrice, "FID_COND_MRKT_DIV_CODE=J&FID_INPUT_ISCD=005930", token: try await sim.token())
        let output = try #require(try JSONDecoder().decode(RESTSingleResponse<InquirePriceOutput>.self, from: Data(response.body)).output)
        #expect(["Y", "N"].contains(output["mang_issu_cls_code"] ?? ""))
        #expect(Double(output["apprch_rate"] ?? "") != nil)
    }

    @Test func inquireVIStatus_isServed_withTheDocumentedRows() async throws {
        let sim = try SimulatorHarness()
        defer { Task { await sim.stop() } }
        let token = try await sim.token()
        let query = "FID_DIV_CLS_CODE=0&FID_COND_SCR_DIV_CODE=20139&FID_MRKT_CLS_CODE=0&FID_INPUT_ISCD=&FID_RANK_SORT_CLS_CODE=0&FID_INPUT_DATE_1=20261125&FID_TRGT_CLS_CODE=&FID_TRGT_EXLS_CLS_CODE="
        let response = try await sim.client.get(RESTRouter.viStatusPath + "?" + query, headers: [
            "authorization": "Bearer \(token)", "appkey": SimulatorHarness.appKey, "appsecret": SimulatorHarness.secret,
            "tr_id": RESTRouter.viStatusTrID, "custtype": "P",
        ])
        #expect(response.status == 200)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        #expect(object["rt_cd"] as? String == "0")
        let rows = try #require(object["output"] as? [[String: String]])
        for row in rows { #expect(Set(row.keys) == DocumentedFields.viStatusRow) }
        #expect(Set(MechanicsRecords.viStatusKeys) == DocumentedFields.viStatusRow)
    }

    /// Every WebSocket TR kis-sim serves has the documented number of fields per record.
    @Test func everyRealtimeRecord_hasTheDocumentedFieldCount() throws {
        var model = TestMarket.generated()
        model.watch(["005930"])
        let trade = try #require(model.advance(to: TestMarket.at(9, 30)).last)
        let q = model.quote("005930")!, book = model.orderBook("005930")!, index = model.indexQuote(.kospi)
        let op = MarketOperation(kind: .viTrigger, stockIndex: 0, code: "005930", time: TestMarket.at(9, 30), isHalted: false,
                                 isVI: true, viKind: .dynamic, statusCode: 55, session: .continuous)
        let records: [(String, RealtimeRecord)] = [
            ("H0STCNT0", .trade(RealtimeRecords.trade(trade, quote: q, book: book, date: model.tradingDate))),
            ("H0STASP0", .orderBook(RealtimeRecords.orderBook(book, quote: q))),
            ("H0UPCNT0", .index(RealtimeRecords.index(index, tickVolume: 0, tickAmount: 0))),
            ("H0STCNI0", .executionNotice(RealtimeRecords.notice(htsID: "hts", sequence: 1, quote: q))),
            ("H0STANC0", MechanicsRecords.expectedTrade(q, book: book, date: model.tradingDate)),
            ("H0STMKO0", MechanicsRecords.marketOperation(op)),
        ]
        let encoder = DataFrameEncoder()
        for (trID, record) in records {
            let fields = encoder.payloadString([record]).split(separator: "^", omittingEmptySubsequences: false)
            #expect(fields.count == DocumentedFields.realtimeFieldCounts[trID], "\(trID): \(fields.count) fields")
        }
    }
}
