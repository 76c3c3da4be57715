import Testing
import IPC
@testable import Reports

@Suite struct MechanicsScoreTests {
    /// 2026-11-25 00:00 KST.
    let midnight = 1_795_532_400.0

    func signal(_ kind: SignalKind, _ code: String, at second: Double, event: String? = nil) -> TradeSignal {
        var signal = TradeSignal(time: MarketClock.isoString(midnight + second), code: code, name: code, kind: kind, direction: .up,
                                 strength: 1, price: 1, changeRate: 0, volume: 0, source: .rest, tier: 0, dataAgeSeconds: 0,
                                 reason: "", receivedAt: 0)
        signal.event = event
        return signal
    }

    let episodes = [
        MechanicsScore.Episode(id: "V1", kind: "viStatic", code: "000010", start: 36_000, end: 36_130),
        MechanicsScore.Episode(id: "V2", kind: "viDynamic", code: "000020", start: 37_000, end: 37_125),
        MechanicsScore.Episode(id: "L1", kind: "upperLimitLock", code: "000030", start: 38_000, end: 55_800),
        MechanicsScore.Episode(id: "H1", kind: "halt", code: "000040", start: 0, end: 86_400),
        MechanicsScore.Episode(id: "P1", kind: "openingGap", code: "000050", start: 36_000, end: 37_000),
    ]

    @Test func score_countsCaptureDelayAndReleasesWithASlot() {
        let signals = [
            signal(.vi, "000010", at: 36_002, event: "triggered"), signal(.vi, "000010", at: 36_131, event: "released"),
            signal(.vi, "000020", at: 37_400, event: "triggered"),           // too late (300 s window)
            signal(.vi, "000020", at: 37_126, event: "triggered"),           // a trigger signal does not catch the release
            signal(.limitLock, "000030", at: 38_005), signal(.halt, "000040", at: 32_500),
        ]
        var allocation = TimelineRecord(type: "allocation", t: midnight + 36_050)
        allocation.holders = [.init(code: "000010", tier: 2), .init(code: "000020", tier: 0)]
        let figures = MechanicsScore().score(episodes: episodes, signals: signals, allocations: [allocation],
                                             start: 32_400, end: 54_000, ready: 32_460)
        #expect(figures["vi"]?.episodes == 2 && figures["vi"]?.caught == 2 && figures["vi"]?.delays == [2, 126])
        #expect(figures["vi_release"]?.caught == 1 && figures["vi_release"]?.withSlot == 1 && figures["vi_release"]?.slotShare == 0.5)
        #expect(figures["limit_lock"]?.caught == 1 && figures["limit_lock"]?.delay(50) == 5)
        // The all-day halt counts from the pipeline's readiness.
        #expect(figures["halt"]?.caught == 1 && figures["halt"]?.delays == [40])
        #expect(figures.keys.sorted() == ["halt", "limit_lock", "vi", "vi_release"])
    }

    @Test func anAllDayHalt_signalledBeforeThePipelineWasReady_isCaught_withNoDelay() {
        let early = [signal(.halt, "000040", at: 32_450)]
        let figures = MechanicsScore().score(episodes: episodes, signals: early, allocations: [], start: 32_400, end: 54_000, ready: 32_460)
        #expect(figures["halt"]?.caught == 1 && figures["halt"]?.delays == [0])
        // Not one from before the session.
        let stale = [signal(.halt, "000040", at: 32_300)]
        let none = MechanicsScore().score(episodes: episodes, signals: stale, allocations: [], start: 32_400, end: 54_000, ready: 32_460)
        #expect(none["halt"]?.caught == 0)
    }

    @Test func episodesLate_inTheRun_areLeftOut() {
        let figures = MechanicsScore().score(episodes: episodes, signals: [], allocations: [], start: 32_400, end: 36_100)
        #expect(figures["vi"] == nil && figures["halt"]?.episodes == 1 && figures["halt"]?.caught == 0)
    }
}
