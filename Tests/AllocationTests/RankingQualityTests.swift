import Benchmarks
import Testing

/// `RankingQuality` and `FiringTimes`, the measures behind `bench hazard`.
@Suite struct RankingQualityTests {
    @Test func perfectRankingHasAUCOneAndFullPrecision() {
        var q = RankingQuality(k: 2)
        q.record(scores: [0.9, 0.8, 0.1, 0.2, 0.0], fired: [true, true, false, false, false], hour: 9)
        let s = q.summary()
        #expect(s.auc == 1)
        #expect(s.precisionAtK == 1)
        #expect(s.recallAtK == 1)
        #expect(s.baseRate == 0.4)
    }

    @Test func reversedRankingHasAUCZero() {
        var q = RankingQuality(k: 1)
        q.record(scores: [0.1, 0.9, 0.8], fired: [true, false, false], hour: 9)
        #expect(q.summary().auc == 0)
        #expect(q.summary().precisionAtK == 0)
        #expect(q.summary().recallAtK == 0)
    }

    @Test func aConstantScoreIsTheBaseRateExactly() {
        var q = RankingQuality(k: 3)
        q.record(scores: [Double](repeating: 0, count: 10), fired: [true, false, false, false, true, false, false, false, false, false], hour: 10)
        let s = q.summary()
        #expect(s.auc == 0.5)
        #expect(abs((s.precisionAtK ?? 0) - 0.2) < 1e-12)
        #expect(abs((s.recallAtK ?? 0) - 0.3) < 1e-12)
    }

    @Test func aucCountsTiesAsHalf() {
        // Positive 0.5 ties one negative (½) and beats the other (1): (1 + ½) / 2.
        #expect(RankingQuality.auc(scores: [0.5, 0.5, 0.1], labels: [true, false, false]) == 0.75)
        #expect(RankingQuality.auc(scores: [0.5, 0.1], labels: [false, false]) == nil)
    }

    @Test func hoursAreKeptApartAndPooled() {
        var q = RankingQuality(k: 1)
        q.record(scores: [1, 0], fired: [true, false], hour: 9)
        q.record(scores: [1, 0], fired: [false, true], hour: 10)
        #expect(q.hours == [9, 10])
        #expect(q.summary(hour: 9).precisionAtK == 1)
        #expect(q.summary(hour: 10).precisionAtK == 0)
        #expect(q.summary().precisionAtK == 0.5)
        #expect(q.summary().instants == 2)
        #expect(q.summary(hour: 11).instants == 0)
    }

    @Test func anInstantWithNothingFiringHasNoRecall() {
        var q = RankingQuality(k: 1)
        q.record(scores: [1, 0], fired: [false, false], hour: 9)
        #expect(q.summary().recallAtK == nil)
        #expect(q.summary().precisionAtK == 0)
    }

    @Test func aProbabilityIsCalibratedByDecile() {
        var q = RankingQuality(k: 1, isProbability: true)
        q.record(scores: [0.05, 0.05, 0.95, 0.95], fired: [false, false, true, true], hour: 9)
        #expect(q.calibration.examples == 4)
        #expect(q.calibration.bins[0].realisedRate == 0)
        #expect(q.calibration.bins[9].realisedRate == 1)
        var plain = RankingQuality(k: 1)
        plain.record(scores: [0.5], fired: [true], hour: 9)
        #expect(plain.calibration.examples == 0)
    }

    @Test func firingTimesLabelTheHalfOpenHorizon() {
        var times = FiringTimes(stocks: 2)
        times.record(index: 0, second: 100)
        times.record(index: 0, second: 200)
        #expect(times.fired(index: 0, after: 40, horizon: 60))      // 100 in (40, 100]
        #expect(!times.fired(index: 0, after: 100, horizon: 60))    // (100, 160] is empty
        #expect(times.fired(index: 0, after: 150, horizon: 60))
        #expect(!times.fired(index: 1, after: 0, horizon: 1_000))
        #expect(!times.fired(index: 7, after: 0, horizon: 1_000))
        #expect(times.secondsSinceLast(index: 0, now: 150) == 50)
        #expect(times.secondsSinceLast(index: 0, now: 99) == nil)
    }

    @Test func theSweepSpreadsTheUniverseOverItsPeriod() {
        let due = (0..<10).map { second in (0..<20).filter { SweepView.isDue(index: $0, second: second, period: 5) } }
        #expect(due.allSatisfy { $0.count == 4 })
        #expect(Set(due.prefix(5).flatMap { $0 }).count == 20)
    }
}
