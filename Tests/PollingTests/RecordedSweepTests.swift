import Testing
import KIS
@testable import Polling

/// A replay's poller follows the recorded sweep (issue 18's round trip): the recorded calls, each
/// when the market clock reaches the time its recorded answer arrived, in recorded order, a failed
/// one tried again while its answer would still be believed.
@Suite struct RecordedSweepTests {
    static let multi = KISEndpoint.multiPrice.path

    static func batch(_ codes: [String]) -> String {
        codes.enumerated().map { "FID_COND_MRKT_DIV_CODE_\($0.offset + 1)=J&FID_INPUT_ISCD_\($0.offset + 1)=\($0.element)" }.joined(separator: "&")
    }

    @Test func recordedCalls_mapToThePollersCalls_andOtherEndpointsAreSkipped() {
        #expect(RecordedSweep.pollCall(path: Self.multi, query: Self.batch(["005930", "000660"])) == .quotes(["005930", "000660"]))
        #expect(RecordedSweep.pollCall(path: KISEndpoint.inquirePrice.path, query: "FID_COND_MRKT_DIV_CODE=J&FID_INPUT_ISCD=005930") == .quote("005930"))
        #expect(RecordedSweep.pollCall(path: KISEndpoint.askingPrice.path, query: "fid_cond_mrkt_div_code=J&fid_input_iscd=035720") == .orderBook("035720"))
        #expect(RecordedSweep.pollCall(path: KISEndpoint.volumeRank.path, query: "FID_COND_MRKT_DIV_CODE=J") == .ranking(.volume))
        #expect(RecordedSweep.pollCall(path: KISEndpoint.fluctuation.path, query: "fid_rank_sort_cls_code=0") == .ranking(.rise))
        #expect(RecordedSweep.pollCall(path: KISEndpoint.fluctuation.path, query: "fid_rank_sort_cls_code=1") == .ranking(.fall))
        #expect(RecordedSweep.pollCall(path: KISEndpoint.indexPrice.path, query: "FID_COND_MRKT_DIV_CODE=U&FID_INPUT_ISCD=0001") == .index("0001"))
        #expect(RecordedSweep.pollCall(path: KISEndpoint.viStatus.path, query: "FID_INPUT_DATE_1=20261204") == .viStatus)
        #expect(RecordedSweep.pollCall(path: "/uapi/domestic-stock/v1/quotations/search-info", query: "") == nil)
        #expect(RecordedSweep.pollCall(path: Self.multi, query: "") == nil, "a batch without codes is not a call")
        let sweep = RecordedSweep(calls: [RecordedCall(marketTime: 1, path: "/unknown", query: "")])
        #expect(sweep.entries.isEmpty && sweep.skipped == 1 && sweep.isFinished)
    }

    @Test func callsComeInRecordedOrder_eachNotBeforeItsTime() {
        var sweep = RecordedSweep(calls: [
            RecordedCall(marketTime: 10.5, path: Self.multi, query: Self.batch(["000001"])),
            RecordedCall(marketTime: 10.5, path: Self.multi, query: Self.batch(["000002"])),
            RecordedCall(marketTime: 12, path: KISEndpoint.viStatus.path, query: ""),
            RecordedCall(marketTime: 11, path: Self.multi, query: Self.batch(["000003"])),
        ])
        #expect(sweep.next(now: 10.4) == nil)
        #expect(sweep.nextWakeUp(now: 10.4) == 10.5)
        #expect(sweep.next(now: 10.5) == .quotes(["000001"]))
        #expect(sweep.next(now: 10.5) == .quotes(["000002"]), "the same instant: recorded order")
        #expect(sweep.next(now: 10.9) == nil)
        // A poller running behind makes the calls it owes at once, still in order.
        #expect(sweep.next(now: 20) == .quotes(["000003"]))
        #expect(sweep.next(now: 20) == .viStatus)
        #expect(sweep.next(now: 20) == nil)
        #expect(sweep.nextWakeUp(now: 20) == nil, "nothing left to make")
        #expect(!sweep.isFinished, "four calls still in flight")
        for call in [PollCall.quotes(["000001"]), .quotes(["000002"]), .quotes(["000003"]), .viStatus] {
            sweep.complete(call, succeeded: true, now: 20)
        }
        #expect(sweep.isFinished)
    }

    /// A replay behind the recording owes several calls at once; one for a stock already in flight
    /// waits, so that stock's answers come back in recorded order.
    @Test func aCallWaits_whileOneForTheSameStockIsInFlight() {
        var sweep = RecordedSweep(calls: [
            RecordedCall(marketTime: 1, path: Self.multi, query: Self.batch(["000001", "000002"])),
            RecordedCall(marketTime: 2, path: Self.multi, query: Self.batch(["000002", "000003"])),
            RecordedCall(marketTime: 3, path: Self.multi, query: Self.batch(["000004"])),
        ])
        #expect(sweep.next(now: 10) == .quotes(["000001", "000002"]))
        #expect(sweep.next(now: 10) == nil, "000002 is in flight")
        sweep.complete(.quotes(["000001", "000002"]), succeeded: true, now: 10)
        #expect(sweep.next(now: 10) == .quotes(["000002", "000003"]))
        #expect(sweep.next(now: 10) == .quotes(["000004"]))
    }

    /// A poller restarted mid-replay does not make the calls it missed all at once.
    @Test func aRestartedPoller_skipsTheCallsTooOldToMake() {
        var sweep = RecordedSweep(calls: (1...5).map { RecordedCall(marketTime: Double($0 * 10), path: Self.multi, query: Self.batch(["00000\($0)"])) })
        #expect(sweep.skip(before: 35) == 3)
        #expect(sweep.remaining == 2)
        #expect(sweep.next(now: 100) == .quotes(["000004"]))
    }

    @Test func aFailedCall_isTriedAgain_whileItsAnswerWouldStillBeBelieved() {
        var sweep = RecordedSweep(calls: [RecordedCall(marketTime: 100, path: Self.multi, query: Self.batch(["000001"]))])
        let call = PollCall.quotes(["000001"])
        #expect(sweep.next(now: 100) == call)
        sweep.complete(call, succeeded: false, now: 101)
        #expect(sweep.remaining == 1)
        #expect(sweep.next(now: 101) == nil, "not before the retry delay")
        #expect(sweep.nextWakeUp(now: 101) == 101 + RecordedSweep.retryDelaySeconds)
        #expect(sweep.next(now: 101 + RecordedSweep.retryDelaySeconds) == call)
        // Failing again too late: its answer (recorded at 100) would be older than the window.
        sweep.complete(call, succeeded: false, now: 100 + RecordedSweep.retryWindowSeconds)
        #expect(sweep.next(now: 200) == nil)
        #expect(sweep.isFinished && sweep.remaining == 0)
    }
}
