import Foundation
import Testing
import Net
@testable import KIS
@testable import Simulator

/// kis-sim's REST side of a replay (issue 18): a recorded answer keeps its recorded time (the
/// `Date` the replay sends), and multi-price rows are served once each, in recorded order, so a
/// replayed poller a little behind the recorded one reads what the recorded session read.
@Suite struct ReplayFeedTests {
    static let multiPrice = KISEndpoint.multiPrice.path
    static let inquirePrice = KISEndpoint.inquirePrice.path

    /// A multi-price answer for 005930 at market time `m` whose `Date` said `d`, at price `price`.
    static func row(_ m: Double, _ d: Double?, price: Int) -> WireRecord {
        .rest(RESTCallRecord(receivedAt: m, marketTime: m, trID: "FHKST11300006", path: multiPrice,
                             query: "FID_COND_MRKT_DIV_CODE_1=J&FID_INPUT_ISCD_1=005930", status: 200,
                             body: #"{"rt_cd":"0","msg_cd":"MCA00000","msg1":"OK","output":[{"inter_shrn_iscd":"005930","inter2_prpr":"\#(price)"}]}"#, serverDate: d))
    }

    static func feed() throws -> ReplayFeed {
        try ReplayFeed(contents: WireArchiveReader.Contents(records: [
            row(100.4, 99, price: 100), row(110.2, 109, price: 110), row(200.9, nil, price: 200),
            .rest(RESTCallRecord(receivedAt: 150, marketTime: 150.5, trID: "FHKST01010100", path: inquirePrice,
                                 query: "FID_COND_MRKT_DIV_CODE=J&FID_INPUT_ISCD=005930", status: 200, body: "{}", serverDate: 149)),
        ], droppedLines: 0, segments: 1))
    }

    /// The price and time of the multi-price answer for 005930 at `time`.
    static func ask(_ feed: ReplayFeed, at time: Double) -> (price: Int?, time: Double)? {
        let query = QueryLookup([QueryItem(name: "FID_COND_MRKT_DIV_CODE_1", value: "J"), QueryItem(name: "FID_INPUT_ISCD_1", value: "005930")])
        guard let answer = feed.answer(path: multiPrice, query: query, at: time) else { return nil }
        let rows = try? JSONDecoder().decode(RESTSingleResponse<[MultiPriceRow]>.self, from: Data(answer.body)).output
        return (rows?.first?.price, answer.time)
    }

    @Test func anAnswer_carriesItsRecordedTime_andNothingBeforeTheFirst() throws {
        let feed = try Self.feed()
        #expect(Self.ask(feed, at: 100) == nil, "not recorded yet: no data")
        #expect(try #require(Self.ask(feed, at: 105)) == (100, 99))
        #expect(try #require(Self.ask(feed, at: 115)) == (110, 109))
        #expect(try #require(Self.ask(feed, at: 150)) == (110, 109), "nothing newer: the same answer again")
        // An archive written before answers' dates were kept: the arrival, to the second.
        #expect(try #require(Self.ask(feed, at: 205)) == (200, 200))
        let single = try #require(feed.answer(path: Self.inquirePrice, query: QueryLookup([QueryItem(name: "FID_INPUT_ISCD", value: "005930")]), at: 151))
        #expect(single.time == 149)
    }

    @Test func aPollerBehind_readsEveryRecordedRow_inOrder_unlessItIsTooOld() throws {
        let late = try Self.feed()
        // First asked after two answers were recorded: the first, then the second.
        #expect(try #require(Self.ask(late, at: 112)) == (100, 99))
        #expect(try #require(Self.ask(late, at: 113)) == (110, 109))
        // First asked long after: rows older than the catch-up window are skipped.
        let later = try Self.feed()
        #expect(try #require(Self.ask(later, at: 100.4 + ReplayFeed.catchUpSeconds + 20)) == (110, 109))
        #expect(try #require(Self.ask(later, at: 250)) == (200, 200))
    }

    /// A multi-price record of `codes` answered at market time `m` (its `Date` the second before), each at `price`.
    static func batchRecord(_ codes: [String], _ m: Double, price: Int) -> RESTCallRecord {
        let query = codes.enumerated().map { "FID_COND_MRKT_DIV_CODE_\($0.offset + 1)=J&FID_INPUT_ISCD_\($0.offset + 1)=\($0.element)" }
            .joined(separator: "&")
        let rows = codes.map { #"{"inter_shrn_iscd":"\#($0)","inter2_prpr":"\#(price)"}"# }.joined(separator: ",")
        return RESTCallRecord(receivedAt: m, marketTime: m, trID: "FHKST11300006", path: multiPrice, query: query, status: 200,
                              body: #"{"rt_cd":"0","msg_cd":"MCA00000","msg1":"OK","output":[\#(rows)]}"#, serverDate: m.rounded(.down))
    }

    static func lookup(_ codes: [String]) -> QueryLookup {
        QueryLookup(codes.enumerated().flatMap { [QueryItem(name: "FID_COND_MRKT_DIV_CODE_\($0.offset + 1)", value: "J"),
                                                  QueryItem(name: "FID_INPUT_ISCD_\($0.offset + 1)", value: $0.element)] })
    }

    /// What a replay's poller following the recorded sweep asks: each recorded batch, which gets
    /// that call's own answer, byte for byte and with its `Date`, once, oldest first — even when
    /// asked late, after later answers of the same codes were recorded.
    @Test func aRecordedBatch_getsItsOwnRecordedAnswers_inOrder_byteForByte() throws {
        let a1 = Self.batchRecord(["000001", "000002"], 100.5, price: 10)
        let b = Self.batchRecord(["000002", "000003"], 101.5, price: 20)
        let a2 = Self.batchRecord(["000001", "000002"], 105.5, price: 30)
        let feed = try ReplayFeed(contents: WireArchiveReader.Contents(records: [.rest(a1), .rest(b), .rest(a2)], droppedLines: 0, segments: 1))
        #expect(feed.sweep == [a1, b, a2].map { RecordedCall(marketTime: $0.marketTime, path: $0.path, query: $0.query) })
        #expect(feed.answer(path: Self.multiPrice, query: Self.lookup(["000001", "000002"]), at: 100.4) == nil, "not answered yet")
        for record in [a1, b, a2] {
            let codes = try #require(MultiPriceQuery(query: QueryLookup(QueryString.parse(record.query)).values).items.map(\.code) as [String]?)
            let answer = try #require(feed.answer(path: Self.multiPrice, query: Self.lookup(codes), at: 106))
            #expect(answer == ReplayFeed.Answer(body: Array(record.body.utf8), time: record.marketTime.rounded(.down)))
        }
        // Every recorded answer served: another batch of those codes gets their newest rows again.
        let rows = try #require(feed.answer(path: Self.multiPrice, query: Self.lookup(["000003", "000001"]), at: 106))
        let prices = try JSONDecoder().decode(RESTSingleResponse<[MultiPriceRow]>.self, from: Data(rows.body)).output?.map(\.price)
        #expect(prices == [20, 30] && rows.time == 105)
    }
}
