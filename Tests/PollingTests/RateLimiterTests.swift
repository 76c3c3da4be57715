import Testing
@testable import Polling

/// A deterministic generator (SplitMix64) so property runs are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

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

@Suite struct RateLimiterTests {
    @Test func acquire_spacesGrantsEvenly_atTheTargetRate() {
        var limiter = RateLimiter(configuration: .real)
        var now = 1000.0
        var grants: [Double] = []
        while grants.count < 170 {
            switch limiter.acquire(now: now) {
            case .proceed: grants.append(now)
            case .wait(let seconds): now += seconds
            }
        }
        let gaps = zip(grants.dropFirst(), grants).map { $0 - $1 }
        #expect(gaps.allSatisfy { $0 >= 1 / 17 - 1e-9 })
        #expect(maximumPerWindow(grants) <= 17)
        // 170 grants at 17/s take about 10 s: the budget is spent, not wasted.
        #expect(grants.last! - grants.first! < 10.1)
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func acquire_neverExceedsTheWindow_underRandomInterleavings(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        let configuration = seed % 2 == 0 ? RateLimiterConfiguration.real : RateLimiterConfiguration(limitPerSecond: 18, safetyMargin: 0)
        var limiter = RateLimiter(configuration: configuration)
        // Callers wake at their own times (sometimes early, sometimes late), refusals come at random.
        var wakeTimes = (0..<12).map { _ in Double.random(in: 0..<1, using: &random) }
        var grants: [Double] = []
        var now = 0.0
        var iterations = 0
        while grants.count < 1500 && iterations < 200_000 {
            iterations += 1
            let caller = wakeTimes.indices.min { wakeTimes[$0] < wakeTimes[$1] }!
            now = max(now, wakeTimes[caller])
            if Int.random(in: 0..<200, using: &random) == 0 { limiter.recordRefusal(now: now) }
            switch limiter.acquire(now: now) {
            case .proceed:
                grants.append(now)
                wakeTimes[caller] = now + Double.random(in: 0..<0.3, using: &random)
            case .wait(let seconds):
                #expect(seconds > 0)
                // Honour the wait, or come back a bit early / late.
                wakeTimes[caller] = now + seconds * Double.random(in: 0.5..<1.5, using: &random)
            }
        }
        #expect(grants.count == 1500)
        #expect(maximumPerWindow(grants) <= configuration.windowCapacity)
        #expect(maximumPerWindow(grants) <= Int(configuration.limitPerSecond))
    }

    @Test func refusal_slowsDown_thenRecoversToTheTarget() {
        var limiter = RateLimiter(configuration: .real)
        limiter.recordRefusal(now: 10)
        #expect(limiter.currentRate < 17 * 0.71)
        limiter.recordRefusal(now: 10.1)
        let slowed = limiter.currentRate
        #expect(slowed < 17 * 0.5)
        #expect(limiter.refusalCount == 2)
        // Still slow during the quiet period.
        _ = limiter.acquire(now: 12)
        #expect(limiter.currentRate == slowed)
        // Then one step per quiet second back to the target, and never above.
        var now = 12.0
        while now < 40 {
            if case .wait(let s) = limiter.acquire(now: now) { now += s } else { now += 0.01 }
        }
        #expect(limiter.currentRate == 17)
    }

    @Test func refusals_neverPushTheRateBelowAQuarterOfTheTarget() {
        var limiter = RateLimiter(configuration: .real)
        for i in 0..<50 { limiter.recordRefusal(now: Double(i) * 0.01) }
        #expect(limiter.currentRate == 17.0 / 4)
    }

    @Test func virtual_allowsOneCallPerSecond() {
        var limiter = RateLimiter(configuration: .virtual)
        let first = limiter.acquire(now: 0)
        #expect(first == .proceed)
        guard case .wait(let seconds) = limiter.acquire(now: 0.5) else { Issue.record("expected a wait"); return }
        #expect(seconds > 0.6)
        #expect(limiter.windowCapacity == 1)
    }

    @Test func acquire_makesCallersWait_whenTimeRunsBackwards() {
        var limiter = RateLimiter(configuration: RateLimiterConfiguration(limitPerSecond: 100, safetyMargin: 0))
        let first = limiter.acquire(now: 5)
        #expect(first == .proceed)
        if case .proceed = limiter.acquire(now: 4.5) { Issue.record("granted in the past") }
    }
}

@Suite struct RateLimiterSpeedTests {
    @Test func limiter_countsOverALongerWindow_asTheSimulationSpeedRises() {
        let configuration = PollerConfiguration()
        let live = configuration.limiter(for: .real, speed: 1)
        #expect(live.windowCapacity == 17 && abs(live.windowSeconds - 1.02) < 1e-9)
        let fast = configuration.limiter(for: .real, speed: 10)
        #expect(fast.windowCapacity == 17 && abs(fast.windowSeconds - 1.2) < 1e-9)
        #expect(abs(fast.targetRate - 17 / 1.2) < 1e-9)
        #expect(configuration.limiter(for: .virtual, speed: 1).windowCapacity == 1)
    }

    @Test func arrivalsStrayingLessThanTheExtraWindow_neverBreakAOneSecondWindow() {
        var limiter = RateLimiter(configuration: RateLimiterConfiguration(limitPerSecond: 18, windowSeconds: 1.2))
        var generator = SystemRandomNumberGenerator()
        var arrivals: [Double] = []
        var now = 0.0
        while arrivals.count < 2_000 {
            switch limiter.acquire(now: now) {
            case .proceed: arrivals.append(now + Double.random(in: 0..<0.2, using: &generator))
            case .wait(let seconds): now += seconds
            }
        }
        arrivals.sort()
        var start = 0
        for end in arrivals.indices {
            while arrivals[end] - arrivals[start] >= 1 { start += 1 }
            #expect(end - start + 1 <= 17)
        }
    }
}
