import Testing
import IPC
import System
@testable import SignalEngine

/// Signals run on the market time the data carries (issue 18's round trip): the same observations
/// read late by different amounts — a replay, a loaded machine, another speed — fire the same
/// signals at the same market second.
@Suite struct DataTimeTests {
    @Test func aStamp_nearArrival_isBelieved_elseArrivalIsUsed() {
        let arrival = at(9, 30, 4.6)
        #expect(DataTime.of(stamp: "093002", arrival: arrival) == at(9, 30, 2))
        #expect(DataTime.of(stamp: "093004", arrival: arrival) == at(9, 30, 4))
        // Up to the lead after arrival (clocks a little apart), up to the lag before it.
        #expect(DataTime.of(stamp: "093005", arrival: arrival) == at(9, 30, 5))
        #expect(DataTime.of(stamp: "092935", arrival: arrival) == at(9, 29, 35))
        // Too old (an idle book's last acceptance), in the future, or not a time: arrival.
        #expect(DataTime.of(stamp: "092900", arrival: arrival) == arrival)
        #expect(DataTime.of(stamp: "093010", arrival: arrival) == arrival)
        for bad in [nil, "", "000000", "0930", "093O02", "256000", "096102"] {
            #expect(DataTime.of(stamp: bad, arrival: arrival) == arrival, "\(bad ?? "nil")")
        }
        // Around midnight the stamp belongs to the nearer day.
        #expect(DataTime.of(stamp: "235959", arrival: at(0, 0, 0.5)) == at(0, 0) - 1)
    }

    /// The same busy day read twice with different delays (0–4 s, under the 10 s between quotes),
    /// stamped as the poller stamps REST answers (`Quote.time`, `HHMMSS` of the answer's `Date`).
    /// Tolerance: none — the same stock, kind and market second.
    @Test func theSameData_readWithOtherDelays_firesTheSameSignals_atTheSameSecond() async {
        let tape = SignalEvaluatorTests.busyDay()
        let straight = await read(tape, stamped: true, delays: { _ in 0 })
        var one = SplitMix64(seed: 1), two = SplitMix64(seed: 2)
        let late = await read(tape, stamped: true, delays: { _ in Double(one.next() % 4_000) / 1000 })
        let later = await read(tape, stamped: true, delays: { _ in Double(two.next() % 4_000) / 1000 })
        #expect(Set(straight.map(\.kind)).isSuperset(of: ["gap", "volume_surge", "momentum", "breakout"]))
        #expect(late == straight)
        #expect(later == straight)
        // The test can fail: without the stamp, arrival decides, and the delays move the signals.
        var three = SplitMix64(seed: 1)
        let unstamped = await read(tape, stamped: false, delays: { _ in Double(three.next() % 4_000) / 1000 })
        #expect(unstamped != straight)
        #expect(Set(unstamped.map { $0.key }) == Set(straight.map { $0.key }), "the same signals, only at other seconds")
    }

    @Test func anObservation_stampedBeforeTheStocksLast_isEvaluatedAfterIt() {
        // A trade stamped 09:30:04 read after a REST quote whose answer said 09:30:05.
        #expect(SignalEvaluator.observed(now: at(9, 30, 6), dataAge: 2, after: at(9, 30, 5)) == at(9, 30, 5))
        #expect(SignalEvaluator.observed(now: at(9, 30, 6), dataAge: 0.5, after: at(9, 30, 5)) == at(9, 30, 5.5))
    }

    struct Fired: Equatable { var code: String; var kind: String; var time: String; var key: String { code + kind } }

    /// Feeds `tape` as quotes through `SignalsCore`, each read `delay` market seconds after its time.
    func read(_ tape: [(Double, Tick)], stamped: Bool, delays: (Int) -> Double) async -> [Fired] {
        let clock = MarketClock.manual(at: tape[0].0)
        let core = SignalsCore(evaluator: SignalEvaluator(), clock: clock)
        var fired: [Fired] = []
        for (index, (time, tick)) in tape.enumerated() {
            var quote = tick.quote
            quote.time = stamped ? MarketClock.clockString(time).replacingOccurrences(of: ":", with: "") : nil
            clock.set(time + delays(index))
            // Received just now: whatever age there is comes from the stamp.
            quote.receivedAt = 1_000
            let batch = await core.ingest(.quotes([quote]), wall: 1_000)
            fired += batch.signals.map { Fired(code: $0.code, kind: $0.kind.rawValue, time: $0.time) }
        }
        return fired
    }
}
