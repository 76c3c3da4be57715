import Testing
import IPC
@testable import Polling
import System

/// The largest number of grants inside any half-open one-second window.
func maximumPerWindow(_ grants: [Double]) -> Int {
    let sorted = grants.sorted()
    var best = 0
    var start = 0
    for end in sorted.indices {
        while sorted[end] - sorted[start] >= 1 { start += 1 }
        best = max(best, end - start + 1)
    }
    return best
}

/// Drives a limiter through a day of calls: each granted call arrives at the server at some moment
/// between its grant and its answer (`arrival` picks it), and is answered `roundTrip` later.
/// With `refusals`, an `EGW00201` is reported now and then. Returns the grant and arrival times.
func simulateCalls(_ limiter: inout RateLimiter, count: Int, callers: Int = 8, refusals: Bool = true, random: inout SplitMix64,
                   roundTrip: ClosedRange<Double>, arrival: (Double, Double, inout SplitMix64) -> Double)
    -> (grants: [Double], arrivals: [Double]) {
    var wakeTimes = (0..<callers).map { _ in Double.random(in: 0..<1, using: &random) }
    // Calls in flight: (answer time, ticket).
    var inFlight: [(Double, RateLimiter.Ticket)] = []
    var grants: [Double] = [], arrivals: [Double] = []
    var now = 0.0
    var iterations = 0
    while grants.count < count && iterations < 500_000 {
        iterations += 1
        let caller = wakeTimes.indices.min { wakeTimes[$0] < wakeTimes[$1] }!
        now = max(now, wakeTimes[caller])
        // Answers due by now come back first, in time order.
        inFlight.sort { $0.0 < $1.0 }
        while let first = inFlight.first, first.0 <= now {
            limiter.complete(first.1, now: first.0)
            inFlight.removeFirst()
        }
        if refusals, Int.random(in: 0..<300, using: &random) == 0 { limiter.recordRefusal(now: now) }
        switch limiter.acquire(now: now) {
        case .proceed(let ticket):
            let answer = now + Double.random(in: roundTrip, using: &random)
            grants.append(now)
            arrivals.append(arrival(now, answer, &random))
            inFlight.append((answer, ticket))
            wakeTimes[caller] = now + Double.random(in: 0..<0.3, using: &random)
        case .wait(let seconds):
            #expect(seconds > 0)
            // Honour the wait, or come back a bit early / late.
            wakeTimes[caller] = now + seconds * Double.random(in: 0.5..<1.5, using: &random)
        }
    }
    return (grants, arrivals)
}

@Suite struct RateLimiterTests {
    @Test func acquire_spacesGrantsEvenly_atTheTargetRate() {
        var limiter = RateLimiter(configuration: .real)
        var now = 1000.0
        var grants: [Double] = []
        while grants.count < 175 {
            switch limiter.acquire(now: now) {
            case .proceed(let ticket):
                grants.append(now)
                limiter.complete(ticket, now: now + 0.005)
            case .wait(let seconds): now += seconds
            }
        }
        let gaps = zip(grants.dropFirst(), grants).map { $0 - $1 }
        #expect(gaps.allSatisfy { $0 >= 1 / 17.5 - 1e-9 })
        #expect(maximumPerWindow(grants) <= 18)
        // 175 grants at 17.5/s take about 10 s: the budget is spent, not wasted.
        #expect(grants.last! - grants.first! < 10.01)
    }

    /// Issue 17: a caller that asks in time but is woken late (0.55–0.75 of a spacing: timer slack,
    /// a busy thread pool, worse with two lanes in one process) used to restart the grid on every
    /// grant and lose its lateness, about 10.6/s of 17.5. It keeps the grid now and the budget is
    /// spent, grants never closer than a quarter spacing and the window still held.
    @Test func lateWakeUps_keepTheGrid_andTheBudgetIsSpent() {
        var limiter = RateLimiter(configuration: .real)
        var random = SplitMix64(seed: 17)
        let spacing = 1 / 17.5
        var now = 100.0, grants: [Double] = []
        while now < 120 {
            switch limiter.acquire(now: now) {
            case .proceed(let ticket):
                grants.append(now)
                limiter.complete(ticket, now: now + 0.005)
                now += 0.001  // the lane picks its next call and asks again at once
            case .wait(let seconds):
                now += seconds + spacing * Double.random(in: 0.55...0.75, using: &random)
            }
        }
        let rate = Double(grants.count) / (grants.last! - grants.first!)
        #expect(rate >= 17.5 * 0.97, "rate \(rate)")
        #expect(zip(grants.dropFirst(), grants).allSatisfy { $0 - $1 >= spacing / 4 - 1e-9 })
        #expect(maximumPerWindow(grants) <= 18)
        // Before: a restart on every grant. Now rare (a capacity wait, then a late wake-up).
        #expect(limiter.gridRestarts < grants.count / 100, "\(limiter.gridRestarts) restarts")
    }

    /// A lane stalled 0.4 s (a busy machine) catches the missed slots up a quarter spacing apart,
    /// the window count bounding the catch-up: over the two seconds around it most of the budget is
    /// spent (33 of 35; restarting the grid instead lost the 0.4 s, 28).
    @Test func aStall_isCaughtUp_withinTheWindow() {
        var limiter = RateLimiter(configuration: .real)
        var now = 50.0, grants: [Double] = []
        var stalled = false
        while now < 52 {
            switch limiter.acquire(now: now) {
            case .proceed(let ticket):
                grants.append(now)
                limiter.complete(ticket, now: now + 0.005)
                now += 0.001
            case .wait(let seconds):
                now += seconds
                if !stalled && now > 50.5 { stalled = true; now += 0.4 }
            }
        }
        #expect(grants.count >= 32, "\(grants.count) grants in 2 s")  // restarting the grid: 28
        #expect(zip(grants.dropFirst(), grants).allSatisfy { $0 - $1 >= 1 / 17.5 / 4 - 1e-9 })
        #expect(maximumPerWindow(grants) <= 18)
        #expect(limiter.gridRestarts == 0)
    }

    /// After an idle spell longer than the catch-up allowance the grid starts afresh: no burst.
    @Test func afterIdling_theGridRestarts_withoutABurst() {
        var limiter = RateLimiter(configuration: .real)
        guard case .proceed(let first) = limiter.acquire(now: 10) else { Issue.record("expected a grant"); return }
        limiter.complete(first, now: 10.01)
        var now = 12.0, grants: [Double] = []
        while grants.count < 5 {
            switch limiter.acquire(now: now) {
            case .proceed(let ticket): grants.append(now); limiter.complete(ticket, now: now + 0.005)
            case .wait(let seconds): now += seconds
            }
        }
        #expect(zip(grants.dropFirst(), grants).allSatisfy { $0 - $1 >= 1 / 17.5 - 1e-9 })
        #expect(limiter.gridRestarts == 1)
    }

    /// The server's window holds whatever the jitter: arrivals anywhere between grant and answer,
    /// answers slow or fast, callers early or late, refusals at random.
    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func arrivals_neverBreakTheServersWindow_whateverTheJitter(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let configuration = seed % 2 == 0 ? RateLimiterConfiguration.real : RateLimiterConfiguration(limitPerSecond: 18, safetyMargin: 0)
        var limiter = RateLimiter(configuration: configuration)
        let roundTrip = seed % 4 < 2 ? 0.001...0.05 : 0.01...1.5
        let (grants, arrivals) = simulateCalls(&limiter, count: 1500, random: &random, roundTrip: roundTrip) { sent, answered, random in
            // Mostly at either end (the worst case for bunching), sometimes in between.
            switch Int.random(in: 0..<3, using: &random) {
            case 0: sent
            case 1: answered
            default: Double.random(in: sent...answered, using: &random)
            }
        }
        #expect(grants.count == 1500)
        #expect(maximumPerWindow(arrivals) <= 18)
        #expect(maximumPerWindow(grants) <= 18)
    }

    @Test func callsInFlight_holdTheCapacity_untilAnsweredAndASecondOld() {
        var limiter = RateLimiter(configuration: RateLimiterConfiguration(limitPerSecond: 3, safetyMargin: 0))
        var tickets: [RateLimiter.Ticket] = []
        var now = 0.0
        while tickets.count < 3 {
            switch limiter.acquire(now: now) {
            case .proceed(let ticket): tickets.append(ticket)
            case .wait(let seconds): now += seconds
            }
        }
        #expect(limiter.inFlight == 3)
        // Nothing answered: however long one waits, no fourth call.
        guard case .wait = limiter.acquire(now: 50) else { Issue.record("granted past three calls in flight"); return }
        limiter.complete(tickets[0], now: 50)
        guard case .wait(let seconds) = limiter.acquire(now: 50.2) else { Issue.record("granted within a second of the answer"); return }
        #expect(abs(seconds - 0.8) < 1e-6)
        guard case .proceed = limiter.acquire(now: 51.000001) else { Issue.record("expected a grant"); return }
    }

    @Test func completingTwice_orAForgottenTicket_changesNothing() {
        var limiter = RateLimiter(configuration: RateLimiterConfiguration(limitPerSecond: 1, safetyMargin: 0))
        guard case .proceed(let ticket) = limiter.acquire(now: 0) else { Issue.record("expected a grant"); return }
        limiter.complete(ticket, now: 0.1)
        limiter.complete(ticket, now: 5)
        guard case .proceed(let second) = limiter.acquire(now: 1.2) else { Issue.record("expected a grant"); return }
        limiter.complete(second, now: 1.3)
        limiter.complete(ticket, now: 9)
        guard case .wait(let seconds) = limiter.acquire(now: 2) else { Issue.record("expected a wait"); return }
        #expect(abs(seconds - 0.3) < 1e-6)
    }

    @Test func slowAnswers_costThroughput_notTheLimit() {
        var random = SplitMix64(seed: 99)
        var limiter = RateLimiter(configuration: RateLimiterConfiguration(limitPerSecond: 18, safetyMargin: 0))
        let (grants, _) = simulateCalls(&limiter, count: 900, callers: 40, refusals: false, random: &random, roundTrip: 0.5...0.5) { sent, _, _ in sent }
        let rate = Double(grants.count - 1) / (grants.last! - grants.first!)
        // At most 18 calls per (1 s window + 0.5 s answer) = 12/s, plus the first second's burst.
        #expect(rate <= 12.2 && rate > 10)
    }

    @Test func refusal_slowsDown_thenRecoversToTheTarget() {
        var limiter = RateLimiter(configuration: .real)
        limiter.recordRefusal(now: 10)
        #expect(limiter.currentRate < 17.5 * 0.71)
        limiter.recordRefusal(now: 10.1)
        let slowed = limiter.currentRate
        #expect(slowed < 17.5 * 0.5)
        #expect(limiter.refusalCount == 2)
        // Still slow during the quiet period.
        _ = limiter.acquire(now: 12)
        #expect(limiter.currentRate == slowed)
        // Then one step per quiet second back to the target, and never above.
        var now = 12.0
        while now < 40 {
            switch limiter.acquire(now: now) {
            case .wait(let s): now += s
            case .proceed(let ticket): limiter.complete(ticket, now: now + 0.005); now += 0.01
            }
        }
        #expect(limiter.currentRate == 17.5)
    }

    @Test func refusals_neverPushTheRateBelowAQuarterOfTheTarget() {
        var limiter = RateLimiter(configuration: .real)
        for i in 0..<50 { limiter.recordRefusal(now: Double(i) * 0.01) }
        #expect(limiter.currentRate == 17.5 / 4)
    }

    @Test func virtual_allowsOneCallPerSecond_afterTheAnswer() {
        var limiter = RateLimiter(configuration: .virtual)
        guard case .proceed(let ticket) = limiter.acquire(now: 0) else { Issue.record("expected a grant"); return }
        limiter.complete(ticket, now: 0.05)
        guard case .wait(let seconds) = limiter.acquire(now: 0.5) else { Issue.record("expected a wait"); return }
        #expect(abs(seconds - 0.55) < 1e-9)
        #expect(limiter.windowCapacity == 1)
    }

    @Test func acquire_makesCallersWait_whenTimeRunsBackwards() {
        var limiter = RateLimiter(configuration: RateLimiterConfiguration(limitPerSecond: 100, safetyMargin: 0))
        guard case .proceed = limiter.acquire(now: 5) else { Issue.record("expected a grant"); return }
        if case .proceed = limiter.acquire(now: 4.5) { Issue.record("granted in the past") }
    }

    @Test func configuration_pacesBelowTheLimit_andCountsUpToIt() {
        let configuration = PollerConfiguration()
        let real = configuration.limiter(for: .real)
        #expect(real.windowCapacity == 18 && real.targetRate == 17.5)
        let virtual = configuration.limiter(for: .virtual)
        #expect(virtual.windowCapacity == 1 && abs(virtual.targetRate - 0.9) < 1e-9)
    }
}
