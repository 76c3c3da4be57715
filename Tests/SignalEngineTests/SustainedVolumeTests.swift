import Foundation
import Testing
import IPC
import System
@testable import SignalEngine

/// `volume_surge`'s burst statistic: the lowest of the last 3 minutes over the median minute of the
/// 10 before (`SustainedVolume`), judged on a noisy tape under the false-alarm budget (the stock's
/// own null, Student's t), as the engine runs by default.
@Suite struct SustainedVolumeTests {
    /// 20,000 shares per 10-s step on average (120,000 a minute), each step ×U(0.5, 1.5), from 09:00
    /// to 10:45; `lift(t)` multiplies the step at market time t. Same seed, same noise.
    func noisyTape(seed: UInt64 = 41, step: Double = 10, lift: (Double) -> Double = { _ in 1 }) -> [(Double, Tick)] {
        var generator = SplitMix64(seed: seed)
        var ticks: [(Double, Tick)] = []
        var time = at(9, 0), volume = 0, i = 0
        while time <= at(10, 45) {
            let noise = 0.5 + Double(generator.next() >> 11) / Double(1 << 53)
            volume += Int((20_000 * noise * lift(time)).rounded())
            ticks.append((time, Tick(price: 10_000 + [0, 10, 20, 10, 0, -10, -20, -10][i % 8], open: 10_000, volume: volume)))
            time += step; i += 1
        }
        return ticks
    }

    /// Every step from 10:30 for `minutes` minutes lifted `multiple` times.
    func lifted(_ multiple: Double, minutes: Double = 4) -> (Double) -> Double {
        { $0 > at(10, 30) && $0 <= at(10, 30) + minutes * 60 ? multiple : 1 }
    }

    func surges(_ ticks: [(Double, Tick)], via source: DataSource = .websocket) -> [TradeSignal] {
        signals(ticks, via: source).filter { $0.kind == .volumeSurge }
    }

    /// The burst statistic (log lowest-minute ratio) of the tape's state at `time`.
    func statistic(_ ticks: [(Double, Tick)], at time: Double) -> Double? {
        var state = StockState(code: "005930", day: 0)
        for (t, tick) in ticks where t <= time { state.apply(MarketObservation(trade: tick.trade), at: t) }
        return VolumeSurgeRule(SignalsConfiguration().volumeSurge).nullSample(0, state, EvaluationContext(now: time))
    }

    @Test func medianAndRatio() {
        #expect(SustainedVolume.median([5, 1, 3]) == 3)
        #expect(SustainedVolume.median([4, 1, 3, 100]) == 3.5)
        #expect(SustainedVolume.median([]) == nil)
        #expect(SustainedVolume.ratio(recent: [300, 900, 250], baseline: 100) == 2.5)
        #expect(SustainedVolume.ratio(recent: [300], baseline: 0) == nil)
        #expect(SustainedVolume.ratio(recent: [], baseline: 100) == nil)
    }

    @Test func oneBlockPrint_ofFiftyUsualMinutes_doesNotFire() {
        // One print of 6,000,000 shares (50 × the usual minute) at 10:30:10, nothing else changed.
        let ticks = noisyTape(lift: { abs($0 - at(10, 30, 10)) < 1 ? 300 : 1 })
        #expect(surges(ticks).isEmpty)
        // The window's mean would have called it ×15 and more; its lowest minute does not move.
        var state = StockState(code: "005930", day: 0)
        for (t, tick) in ticks where t <= at(10, 32) { state.apply(MarketObservation(trade: tick.trade), at: t) }
        let usual = SustainedVolume.median(state.minuteVolumes(count: 10, before: 180, now: at(10, 32)))!
        #expect(Double(state.volume(overSeconds: 180, now: at(10, 32))!) / 3 / usual > 15)
        #expect(exp(statistic(ticks, at: at(10, 32))!) < 1.5)
        // … and a block in the baseline does not hide a surge after it.
        let after = noisyTape(lift: { abs($0 - at(10, 25, 10)) < 1 ? 300 : lifted(4)($0) })
        #expect(surges(after).count == 1)
    }

    @Test func aThreeFoldLift_ofEveryMinute_forFourMinutes_fires() {
        let out = surges(noisyTape(lift: lifted(3)))
        #expect(out.count == 1)
        #expect(out.first.map { $0.time >= "2026-11-25T10:32:30+09:00" && $0.time <= "2026-11-25T10:34:00+09:00" } == true)
        #expect(out.first?.reason.hasPrefix("volume burst: each of the last 3 minutes ≥ ×") == true)
        #expect((out.first?.confidence ?? 0) > 0.999)
        // The noise alone, the same day without the lift: nothing.
        #expect(surges(noisyTape()).isEmpty)
    }

    @Test func restQuotesEvery5Seconds_seeTheSameSurge() {
        // Cumulative volume sampled every 5 s (a REST sweep), not every trade.
        let ticks = noisyTape(step: 5, lift: lifted(3))
        let rest = surges(ticks, via: .rest), trades = surges(ticks)
        #expect(rest.count == 1)
        #expect(comparable(rest) == comparable(trades))
    }

    @Test func theStatisticAndTheConfidence_areMonotoneInTheLift() {
        let multiples = [2.2, 2.6, 3.0, 4.0, 6.0]
        let statistics = multiples.map { statistic(noisyTape(lift: lifted($0)), at: at(10, 34))! }
        #expect(zip(statistics, statistics.dropFirst()).allSatisfy { $0 < $1 })
        // Under a fixed null the confidence rises with the statistic, strictly while it is below 1.
        let calibration = NullCalibration(location: 0, scale: 0.5, critical: 0, tail: .upper, degrees: 30)
        let fixed = statistics.map(calibration.confidence)
        #expect(zip(fixed, fixed.dropFirst()).allSatisfy { $0 < $1 })
        // And on the signals the engine publishes, under the stock's own null.
        let published = multiples.dropFirst().compactMap { surges(noisyTape(lift: lifted($0))).first }
        #expect(published.count == multiples.count - 1)
        let confidences = published.map { $0.confidence ?? -1 }
        #expect(zip(confidences, confidences.dropFirst()).allSatisfy { $0 <= $1 })
    }
}
