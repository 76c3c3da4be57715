import Benchmarks
import Foundation
import Simulator
import Testing

/// The `bench market` statistics on synthetic series whose answer is known in closed form.
@Suite struct TapeStatisticsTests {
    typealias S = TapeStatistics

    static func normals(_ n: Int, seed: UInt64) -> [Double] {
        var g = SeededGenerator(seed: seed)
        return (0..<n).map { _ in g.nextNormal() }
    }

    @Test func kurtosis_isZeroForGaussians_threeForLaplace_andNilWhenUndefined() throws {
        let gaussian = try #require(S.excessKurtosis(Self.normals(200_000, seed: 1)))
        #expect(abs(gaussian) < 0.1)
        var g = SeededGenerator(seed: 2)
        let laplace = (0..<200_000).map { _ in (g.nextUnit() < 0.5 ? -1.0 : 1.0) * g.nextExponential(mean: 1) }
        let k = try #require(S.excessKurtosis(laplace))
        #expect(abs(k - 3) < 0.3)
        // A two-point ±1 series has kurtosis 1, excess −2.
        #expect(abs((S.excessKurtosis([1, -1, 1, -1, 1, -1]) ?? 0) + 2) < 1e-12)
        #expect(S.excessKurtosis([1, 1, 1, 1]) == nil)
        #expect(S.excessKurtosis([1, 2]) == nil)
    }

    @Test func autocorrelation_ofAnAR1_isPhiToTheLag() throws {
        let phi = 0.7
        let noise = Self.normals(200_000, seed: 3)
        var x = [Double](repeating: 0, count: noise.count)
        for t in 1..<noise.count { x[t] = phi * x[t - 1] + noise[t] }
        for lag in [1, 2, 5] {
            let acf = try #require(S.autocorrelation(x, lag: lag))
            #expect(abs(acf - Foundation.pow(phi, Double(lag))) < 0.02)
        }
        let white = try #require(S.autocorrelation(noise, lag: 1))
        #expect(abs(white) < 0.01)
        #expect(S.autocorrelation([1, 2], lag: 1) == nil)
    }

    @Test func dispersion_isOneForPoisson_andLargeForClusteredCounts() throws {
        var g = SeededGenerator(seed: 4)
        let expected = (0..<5_000).map { 2 + 3 * sin(Double($0) / 300) + 3 }
        let poisson = expected.map { Double(g.nextPoisson(mean: $0)) }
        let d = try #require(S.dispersion(counts: poisson, expected: expected))
        #expect(abs(d - 1) < 0.08)
        // A rate that jumps between 0.2× and 1.8× the expectation in long blocks: far above 1.
        let clustered = expected.enumerated().map { t, e in Double(g.nextPoisson(mean: e * ((t / 50) % 2 == 0 ? 0.2 : 1.8))) }
        #expect(try #require(S.dispersion(counts: clustered, expected: expected)) > 2)
        #expect(S.dispersion(counts: [1], expected: [1]) == nil)
    }

    @Test func groupCorrelations_recoverPlantedFactorCorrelations() throws {
        // Two groups of 20 series: a common factor (variance 0.1), a group factor (variance 0.3), noise 0.6.
        // Within-group correlation 0.4, between-group 0.1.
        var g = SeededGenerator(seed: 5)
        let T = 4_000
        let market = (0..<T).map { _ in g.nextNormal() }
        let groupFactor = (0..<2).map { _ in (0..<T).map { _ in g.nextNormal() } }
        var series: [[Double]] = []
        var group: [Int] = []
        for k in 0..<40 {
            series.append((0..<T).map { t in 0.1.squareRoot() * market[t] + 0.3.squareRoot() * groupFactor[k % 2][t] + 0.6.squareRoot() * g.nextNormal() })
            group.append(k % 2)
        }
        let result = try #require(S.groupCorrelations(series, group: group))
        #expect(abs(result.within - 0.4) < 0.04)
        #expect(abs(result.between - 0.1) < 0.03)
        #expect(S.groupCorrelations([[1, 2, 3]], group: [0]) == nil)
    }

    @Test func hotPersistenceLift_isOneForIndependentActivity_andHighForPersistentActivity() throws {
        var g = SeededGenerator(seed: 6)
        let random = (0..<500).map { _ in (0..<40).map { _ in g.nextUnit() } }
        let independent = try #require(S.hotPersistenceLift(random))
        #expect(abs(independent - 1) < 0.25)
        // Each stock keeps a level for the day plus small noise: the hot stay hot.
        let persistent = (0..<500).map { _ -> [Double] in
            let level = g.nextUnit()
            return (0..<40).map { _ in level + 0.05 * g.nextUnit() }
        }
        #expect(try #require(S.hotPersistenceLift(persistent)) > 5)
    }

    @Test func coSurge_liftIsHighWhenThemeMatesSurgeTogether_andNearOneWhenNot() throws {
        // 10 themes of 5 stocks and 150 stocks without a theme. Together: each theme surges once, all members
        // within 2 minutes; the outsiders surge at random minutes.
        var g = SeededGenerator(seed: 7)
        var theme = (0..<50).map { $0 / 5 }
        theme += [Int](repeating: -1, count: 150)
        var together = [[Int]](repeating: [], count: 200)
        for k in 0..<10 {
            let minute = 20 + 30 * k
            for member in (k * 5)..<(k * 5 + 5) { together[member] = [minute + g.nextInt(below: 3)] }
        }
        for i in 50..<200 { together[i] = [g.nextInt(below: 380)] }
        #expect(try #require(S.coSurgeLift(onsets: together, theme: theme, window: 5)) > 5)
        var apart = together
        for i in 0..<50 { apart[i] = [g.nextInt(below: 380)] }
        let lift = try #require(S.coSurgeLift(onsets: apart, theme: theme, window: 5))
        #expect(lift < 2.5)
        #expect(S.coSurgeLift(onsets: [[], []], theme: [0, 0], window: 5) == nil)
    }

    @Test func surgeOnsets_findRisesOfThreePercentInFiveMinutes_withARefractoryPeriod() {
        var logs = [Double](repeating: 0, count: 100)
        for m in 10..<100 { logs[m] = Foundation.log(1.05) }        // a 5 % step at minute 10
        for m in 20..<100 { logs[m] += Foundation.log(1.04) }       // another 10 minutes later: inside the refractory window
        for m in 60..<100 { logs[m] += Foundation.log(1.02) }       // too small
        #expect(S.surgeOnsets(logPrices: logs) == [10])
        #expect(S.surgeOnsets(logPrices: logs, refractory: 5) == [10, 20])
    }

    @Test func uShape_comparesTheEdgesWithTheQuietestMiddleBucket() {
        let curve = (0..<380).map { m -> Double in m < 30 ? 40 : (m >= 350 ? 25 : (m >= 150 && m < 180 ? 10 : 15)) }
        let (open, close) = MarketStatisticsBenchmark.uShape(curve)
        #expect(open == 4 && close == 2.5)
        #expect(MarketStatisticsBenchmark.uShape([1, 2, 3]).open == nil)
    }

    @Test func minuteBars_carryPricesAndCountOnlyContinuousTrades() throws {
        var bars = MinuteBars(stocks: 2, start: 32_400, minutes: 3)
        bars.add(stock: 0, time: 32_400, price: 1_000, quantity: 50, isAuction: true)
        bars.add(stock: 0, time: 32_530, price: 1_010, quantity: 5, isAuction: false)
        bars.add(stock: 0, time: 32_590, price: 990, quantity: 5, isAuction: false)   // outside the window
        #expect(try #require(bars.closes(0)) == [1_000, 1_000, 1_010])
        #expect(bars.counts(0) == [0, 0, 1])
        #expect(bars.closes(1) == nil)
        #expect(bars.marketVolume == [0, 0, 5])
    }

    @Test func row_insideHonoursOpenBoundsAndMissingValues() {
        typealias Row = MarketStatisticsBenchmark.Row
        #expect(Row(name: "a", value: 3, lower: 3, upper: 100, note: "").inside)
        #expect(!Row(name: "a", value: 2.9, lower: 3, upper: 100, note: "").inside)
        #expect(Row(name: "a", value: 1e9, lower: 2, upper: nil, note: "").inside)
        #expect(!Row(name: "a", value: nil, lower: nil, upper: nil, note: "").inside)
        #expect(!Row(name: "a", value: .infinity, lower: 2, upper: nil, note: "").inside)
    }
}
