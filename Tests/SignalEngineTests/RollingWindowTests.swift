import Testing
@testable import SignalEngine

@Suite struct RollingWindowTests {
    @Test func append_keepsOneSamplePerBucket_theLatest() {
        var window = RollingWindow(span: 60, resolution: 1)
        window.append(TapeSample(time: 10.1, price: 100, cumulativeVolume: 1))
        window.append(TapeSample(time: 10.7, price: 101, cumulativeVolume: 5))
        #expect(window.count == 1)
        #expect(window.last == TapeSample(time: 10.7, price: 101, cumulativeVolume: 5))
    }

    @Test func memory_isBounded_whateverTheTickRate() {
        var window = RollingWindow(span: 900, resolution: 1)
        for i in 0..<20_000 { window.append(TapeSample(time: Double(i) * 0.25, price: 100, cumulativeVolume: i)) }
        #expect(window.count <= 902)
        #expect(window.last?.cumulativeVolume == 19_999)
    }

    @Test func sampleAtOrBefore_findsTheAnchor_orNilWhenTooShort() {
        var window = RollingWindow(span: 300, resolution: 1)
        for t in stride(from: 0.0, through: 600, by: 10) { window.append(TapeSample(time: t, price: Int(t), cumulativeVolume: Int(t))) }
        #expect(window.sample(atOrBefore: 545)?.time == 540)
        #expect(window.sample(atOrBefore: 300)?.time == 300)
        // Older than the span (plus one anchor) is gone.
        #expect(window.sample(atOrBefore: 250) == nil)
    }
}
