import Testing
@testable import Gateway

@Suite struct ReconnectPolicyTests {
    var configuration: GatewayConfiguration {
        var c = GatewayConfiguration()
        c.reconnectInitialSeconds = 1; c.reconnectMaximumSeconds = 8; c.reconnectJitter = 0.2
        c.lingeringSessionInitialSeconds = 30; c.lingeringSessionMaximumSeconds = 120; c.healthyUptimeSeconds = 60
        return c
    }

    @Test func delay_doublesUpToTheCap_withJitterBounds() {
        var policy = ReconnectPolicy(configuration: configuration)
        let delays = (0..<6).map { _ in policy.delay(after: .closed(clean: false), uptime: 0, random: 0.5) }
        #expect(delays == [1, 2, 4, 8, 8, 8])
        var jittered = ReconnectPolicy(configuration: configuration)
        #expect(jittered.delay(after: .connectFailed("x"), uptime: 0, random: 0) == 0.8)
        #expect(jittered.delay(after: .connectFailed("x"), uptime: 0, random: 0.999_999) < 2.4 + 1e-9)
    }

    @Test func delay_afterAppKeyInUse_isTheLongLingeringBackoff() {
        var policy = ReconnectPolicy(configuration: configuration)
        #expect(policy.delay(after: .appKeyInUse, uptime: 0, random: 0.5) == 30)
        #expect(policy.delay(after: .appKeyInUse, uptime: 0, random: 0.5) == 60)
        #expect(policy.delay(after: .closed(clean: true), uptime: 0, random: 0.5) == 1)
    }

    @Test func delay_startsOver_afterHealthyUptime() {
        var policy = ReconnectPolicy(configuration: configuration)
        for _ in 0..<4 { _ = policy.delay(after: .closed(clean: false), uptime: 1, random: 0.5) }
        #expect(policy.attempt == 4)
        #expect(policy.delay(after: .closed(clean: false), uptime: 61, random: 0.5) == 1)
    }

    @Test func liveness_turnsStale_afterSilenceLongerThanTimeout() {
        var monitor = LivenessMonitor(timeout: 10, now: 100)
        #expect(!monitor.isStale(at: 110))
        #expect(monitor.isStale(at: 110.1))
        monitor.recordActivity(at: 109)
        #expect(!monitor.isStale(at: 118) && monitor.remaining(at: 118) == 1)
    }

    @Test func rateMeter_averagesFullSecondsOfTheWindow() {
        var meter = RateMeter(windowSeconds: 10)
        for second in 0..<10 { meter.record(100, at: Double(second) + 0.5) }
        meter.record(5000, at: 10.2)  // the current second is not counted yet
        #expect(meter.rate(at: 10.5) == 100)
        #expect(meter.rate(at: 30) == 0)
    }

    @Test func configuration_defaultsAreValid_andBadValuesAreNamed() {
        #expect(GatewayConfiguration().problems.isEmpty)
        var bad = GatewayConfiguration()
        bad.pingReply = "shout"; bad.slotCapacity = 0
        #expect(bad.problems.count == 2)
    }
}
