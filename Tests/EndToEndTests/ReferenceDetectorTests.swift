import Testing
import IPC
import Reports

/// `ReferenceDetector`: the signal engine on a tape, each tick evaluated at its own market time.
struct ReferenceDetectorTests {
    /// 2026-11-25 00:00 KST.
    let day = 1_795_532_400.0

    func at(_ hour: Int, _ minute: Int, _ second: Double = 0) -> Double { day + Double(hour * 3600 + minute * 60) + second }

    @Test func expectedAndActualGaps_fireAtTheTicksOwnMarketTime() {
        var detector = ReferenceDetector()
        let auction = at(8, 55, 7)
        detector.ingest(.quotes([Quote(code: "005930", price: 10_000, previousClose: 10_000, change: 0, changeRate: 0,
                                       cumulativeVolume: 0, open: 0, high: 0, low: 0, expectedPrice: 10_800, receivedAt: auction)]))
        let open = at(9, 0, 0.25)
        detector.ingest(.trades([Trade(code: "005930", time: "090000", price: 10_800, change: 800, changeRate: 8, volume: 500,
                                       cumulativeVolume: 500, open: 10_800, high: 10_800, low: 10_800, ask: 10_850, bid: 10_800,
                                       receivedAt: open)]))
        #expect(detector.signals.map(\.kind) == ["gap", "gap"])
        // Whole seconds, as the pipeline writes a signal's time.
        let expected: [Double] = [8 * 3600 + 55 * 60 + 7, 9 * 3600]
        #expect(detector.signals.map(\.secondOfDay) == expected)
        #expect(detector.signals.map(\.source) == ["rest", "ws"])
        #expect(detector.signals.allSatisfy { $0.code == "005930" })
    }

    @Test func quietTape_firesNothing_andOtherMessagesAreIgnored() {
        var detector = ReferenceDetector()
        for second in 0..<120 {
            let time = at(10, 0, Double(second))
            detector.ingest(.trades([Trade(code: "000660", time: "100000", price: 20_000, change: 0, changeRate: 0, volume: 10,
                                           cumulativeVolume: 10_000 + second * 10, open: 20_000, high: 20_000, low: 20_000,
                                           ask: 20_050, bid: 20_000, receivedAt: time)]))
        }
        detector.ingest(.indices([IndexTick(code: "0001", time: "100200", value: 2650, change: 0, changeRate: 0,
                                            cumulativeVolume: 0, receivedAt: at(10, 2))]))
        #expect(detector.signals.isEmpty)
    }

    @Test func orderBookKinds_areTheBookTriggeredRules() {
        #expect(ReferenceDetector.orderBookKinds == ["book_imbalance"])
    }
}
