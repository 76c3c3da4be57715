import Foundation
import Testing
import IPC
@testable import SignalEngine

@Suite struct SignalsSnapshotTests {
    /// Two stocks: one crosses 1,000,000 shares early and then runs up at 10:00 on heavy volume
    /// (momentum, breakout and a burst need its tape and its own volatility); one is calm all along.
    func day() -> [(Double, Tick)] {
        var runner = TapeBuilder(from: at(9, 0), price: 10_000)
        runner.calm(until: at(9, 59, 50), volumePerStep: 5_000)
        runner.move(to: 10_600, steps: 6, volumePerStep: 80_000)
        runner.calm(until: at(10, 20), volumePerStep: 5_000)
        var calm = TapeBuilder(from: at(9, 0, 5), price: 50_000, previousClose: 50_000)
        calm.calm(until: at(10, 20), volumePerStep: 700)
        let other = calm.ticks.map { (time, tick) -> (Double, Tick) in var tick = tick; tick.code = "000660"; return (time, tick) }
        return (runner.ticks + other).sorted { $0.0 < $1.0 }
    }

    func roundTrip(_ snapshot: SignalsSnapshot) throws -> SignalsSnapshot {
        try FastJSONDecoder().decode(SignalsSnapshot.self, from: snapshot.encoded())
    }

    @Test func aRestoredEvaluator_carriesOnExactlyAsTheOneThatNeverStopped() throws {
        let ticks = day()
        let split = at(9, 55)
        let before = ticks.filter { $0.0 < split }, after = ticks.filter { $0.0 >= split }

        var uninterrupted = SignalEvaluator()
        _ = feed(before, via: .websocket, into: &uninterrupted)
        let expected = feed(after, via: .websocket, into: &uninterrupted).signals

        var first = SignalEvaluator()
        _ = feed(before, via: .websocket, into: &first)
        let snapshot = try roundTrip(try #require(first.snapshot(at: split)))
        #expect(snapshot.isResumable(at: split + 1) && snapshot.stockCount == 2)
        var restored = SignalEvaluator()
        restored.restore(snapshot)
        let resumed = feed(after, via: .websocket, into: &restored).signals

        #expect(!expected.isEmpty)
        #expect(resumed == expected)
        #expect(restored.statistics == uninterrupted.statistics)
        #expect(restored.outcomes.outcomes == uninterrupted.outcomes.outcomes)

        // Without the snapshot the second half is judged differently: the 1,000,000-share crossing
        // (once a day) fires again, and the run-up is judged without the stock's own history.
        var blind = SignalEvaluator()
        #expect(feed(after, via: .websocket, into: &blind).signals != expected)
    }

    @Test func aSnapshot_resumesOnlyItsOwnDay_andNeverFromTheFuture() throws {
        var evaluator = SignalEvaluator()
        #expect(evaluator.snapshot(at: at(9, 0)) == nil)
        _ = evaluator.ingest(Tick(price: 10_100, volume: 1_000).trade, now: at(9, 30))
        let snapshot = try #require(evaluator.snapshot(at: at(9, 30)))
        #expect(snapshot.isResumable(at: at(9, 31)))
        #expect(!snapshot.isResumable(at: at(9, 29)), "an earlier session of the same date")
        #expect(!snapshot.isResumable(at: at(9, 31) + 86_400), "the next day")
        var old = snapshot
        old.version = SignalsSnapshot.currentVersion + 1
        #expect(!old.isResumable(at: at(9, 31)))
    }

    @Test func theTape_travelsAsColumns_andIsRebucketedToTheConfiguredResolution() throws {
        var window = RollingWindow(span: 900, resolution: 1)
        for i in 0..<50 { window.append(TapeSample(time: at(9, 0, Double(i) * 0.5), price: 10_000 + i, cumulativeVolume: i * 100)) }
        let decoded = try FastJSONDecoder().decode(RollingWindow.self, from: FastJSONEncoder().encode(window))
        #expect(decoded.count == window.count && (0..<window.count).allSatisfy { decoded[$0] == window[$0] })
        let coarse = decoded.resampled(span: 900, resolution: 5)
        #expect(coarse.count == 5 && coarse.last == window.last)

        for samples in ["0,1,2;1000,x,3;", "0,1,2;1000", "0,1;", "-,1,2;"] {
            let damaged = #"{"span":900,"resolution":1,"start":0,"samples":"\#(samples)"}"#
            #expect(throws: DecodingError.self) { try FastJSONDecoder().decode(RollingWindow.self, from: Array(damaged.utf8)) }
        }
    }

    @Test func returnVariance_survivesTheRoundTrip() throws {
        var variance = ReturnVariance()
        for i in 0..<30 { variance.observe(price: 10_000 + (i % 3) * 20, at: at(9, i, 30)) }
        let decoded = try FastJSONDecoder().decode(ReturnVariance.self, from: FastJSONEncoder().encode(variance))
        let original = try #require(variance.perMinute(asOf: at(9, 30)))
        let restored = try #require(decoded.perMinute(asOf: at(9, 30)))
        #expect(original.variance == restored.variance && original.minutes == restored.minutes)
    }
}
