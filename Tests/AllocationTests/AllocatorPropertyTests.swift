import Testing
@testable import Allocation
import IPC
import System

@Suite struct AllocatorPropertyTests {
    /// A gateway that applies commands in order and never holds more than its capacity.
    struct FakeGateway {
        var held: Set<FeedKey> = []
        var capacity = 41
        var notices = 0
        var peak = 0
        var overflow = false
        mutating func execute(_ command: AllocatorCommand) -> String {
            switch command {
            case .unsubscribe(let key): held.remove(key); return "ok"
            case .subscribe(let key):
                if held.contains(key) { return "duplicate" }
                guard held.count + notices < capacity else { overflow = true; return "slots_full" }
                held.insert(key)
                peak = max(peak, held.count + notices)
                return "ok"
            }
        }
        var ledger: Ledger {
            var entries = held.sorted().map { LedgerEntry(code: $0.code, feed: $0.feed, state: "held", since: 0) }
            if notices > 0 { entries.append(LedgerEntry(code: "HTS01", feed: .notice, state: "held", since: 0)) }
            return Ledger(connected: true, capacity: capacity, entries: entries)
        }
    }

    @Test func capacity_isNeverExceeded_in100000RandomEvents() {
        var generator = SplitMix64(seed: 0x41)
        var state = makeState(stocks: 60, at: marketTime(8, 40))
        var gateway = FakeGateway()
        var now = marketTime(8, 40)
        var connected = true
        for _ in 0..<100_000 {
            let code = state.universe.stocks[Int(generator.next() % 60)].code
            switch generator.next() % 10 {
            case 0, 1: state.setPerformance(code: code, score: Double(generator.next() % 101))
            case 2:
                if generator.next() % 3 == 0 {
                    // A VI auction: it outranks every other holder, so bursts of them test capacity too.
                    var signal = TradeSignal(time: "", code: code, name: "", kind: .vi, direction: .up, strength: 10, price: 1,
                                             changeRate: 10, volume: 1, source: .rest, tier: 0, dataAgeSeconds: 0, reason: "", receivedAt: 0)
                    signal.event = generator.next() % 2 == 0 ? "triggered" : "released"
                    state.ingest(signal, now: now)
                } else {
                    state.requestEmergency(code: code, priority: Double(generator.next() % 101), reason: "p")
                }
            case 3: now += Double(generator.next() % 120)
            case 4: connected.toggle(); var l = gateway.ledger; l.connected = connected; state.reconcile(with: l)
            case 5: gateway.notices = Int(generator.next() % 2); state.reconcile(with: gateway.ledger)
            case 6: state.needsRebalance = true
            case 7: if generator.next() % 2 == 0 { state.addToWatchList(code) } else { state.removeFromWatchList(code) }
            default: now += 1
            }
            let decision = SlotAllocator.plan(state, now: now)
            state.apply(decision, now: now)
            #expect(state.slotsUsed <= state.usableCapacity)
            for command in decision.commands where gateway.execute(command) == "slots_full" {
                state.subscriptionRefused(command.key, now: now)
            }
            if state.slotsUsed > state.usableCapacity || gateway.overflow { Issue.record("over capacity at \(now)"); return }
        }
        #expect(gateway.peak <= 41)
        #expect(!gateway.overflow)
    }

    /// Churn (stocks entering per market hour) with noisy scores, with and without hysteresis and dwell.
    func churn(margin: Double, dwell: Double) -> Int {
        var generator = SplitMix64(seed: 7)
        var state = makeState(stocks: 200, at: marketTime(10, 0)) {
            performanceOnly(&$0)
            $0.hysteresisMargin = margin
            $0.minimumDwellSeconds = dwell
        }
        let base = (0..<200).map { _ in Double(generator.next() % 1000) / 10 }
        var now = marketTime(10, 0)
        decide(&state, at: now)
        let initial = state.entries.count
        for _ in 0..<720 {  // one hour, a decision every 5 s, a rebalance every 5 min
            now += 5
            for i in 0..<200 {
                let noise = Double(Int(generator.next() % 1001) - 500) / 100  // ±5 points
                state.setPerformance(code: state.universe.stocks[i].code, score: base[i] + noise)
            }
            decide(&state, at: now)
        }
        return state.entries.count - initial
    }

    @Test func churn_isBounded_underNoisyScores() {
        let damped = churn(margin: 8, dwell: 120)
        let raw = churn(margin: 0, dwell: 0)
        // 12 rebalances an hour could replace all 30 stocks each time (360 entries).
        #expect(damped <= 30, "entries per hour with hysteresis: \(damped)")
        #expect(damped * 2 <= raw, "with \(damped) vs without \(raw)")
    }
}
