import Testing
@testable import Simulator

@Suite struct KRXRulesTests {
    @Test func tickSize_followsThe2023Table_atEveryBandBoundary() {
        let cases: [(Int, Int)] = [
            (1, 1), (1_999, 1), (2_000, 5), (4_995, 5), (5_000, 10), (19_990, 10), (20_000, 50), (49_950, 50),
            (50_000, 100), (199_900, 100), (200_000, 500), (499_500, 500), (500_000, 1_000), (900_000, 1_000),
        ]
        for (price, tick) in cases { #expect(KRXRules.tickSize(at: price) == tick, "price \(price)") }
    }

    @Test func rounding_staysOnTheGrid_acrossBandBoundaries() {
        #expect(KRXRules.roundDown(1_999.9) == 1_999)
        #expect(KRXRules.roundUp(1_999.5) == 2_000)
        #expect(KRXRules.roundUp(2_001) == 2_005)
        #expect(KRXRules.roundDown(2_004) == 2_000)
        #expect(KRXRules.roundToTick(4_997.4) == 4_995)
        #expect(KRXRules.roundToTick(4_998) == 5_000)
        #expect(KRXRules.roundToTick(19_996) == 20_000)
        #expect(KRXRules.roundToTick(199_960) == 200_000)
        #expect(KRXRules.roundToTick(500_400) == 500_000)
        for raw in stride(from: 1_000.3, to: 950_000, by: 137.77) {
            #expect(KRXRules.isOnTick(KRXRules.roundToTick(raw)))
            #expect(KRXRules.isOnTick(KRXRules.roundDown(raw)))
            #expect(KRXRules.isOnTick(KRXRules.roundUp(raw)))
        }
    }

    @Test func nextTicks_stepAcrossBandBoundaries() {
        #expect(KRXRules.nextTickUp(from: 1_999) == 2_000)
        #expect(KRXRules.nextTickUp(from: 2_000) == 2_005)
        #expect(KRXRules.nextTickDown(from: 2_000) == 1_999)
        #expect(KRXRules.nextTickDown(from: 50_000) == 49_950)
        #expect(KRXRules.nextTickDown(from: 500_000) == 499_500)
    }

    @Test func limitPrices_roundUpperDownAndLowerUp() {
        // protocol.md §5.1: base 128,500 → 167,000 / 90,000.
        #expect(KRXRules.upperLimit(base: 128_500) == 167_000)
        #expect(KRXRules.lowerLimit(base: 128_500) == 90_000)
        #expect(KRXRules.upperLimit(base: 10_000) == 13_000)
        #expect(KRXRules.lowerLimit(base: 10_000) == 7_000)
        #expect(KRXRules.upperLimit(base: 1_999) == 2_595)  // 2,598.7 → tick 5 → 2,595
        #expect(KRXRules.lowerLimit(base: 1_999) == 1_400)  // 1,399.3 → 1,400
        #expect(KRXRules.upperLimit(base: 72_000) == 93_600)
        #expect(KRXRules.lowerLimit(base: 72_000) == 50_400)
    }

    @Test func limitPrices_areOnTickAndWithinThirtyPercent() {
        for base in stride(from: 1_000, to: 900_000, by: 997) {
            let b = KRXRules.roundToTick(Double(base))
            let up = KRXRules.upperLimit(base: b), down = KRXRules.lowerLimit(base: b)
            #expect(KRXRules.isOnTick(up) && KRXRules.isOnTick(down))
            #expect(Double(up) <= Double(b) * 1.3 + 1e-9 && Double(down) >= Double(b) * 0.7 - 1e-9)
        }
    }

    @Test func session_followsTheKRXCalendar() {
        #expect(KRXRules.session(at: 8 * 3600 + 29 * 60 + 59) == .closed)
        #expect(KRXRules.session(at: 8 * 3600 + 30 * 60) == .openingAuction)
        #expect(KRXRules.session(at: 9 * 3600 - 0.001) == .openingAuction)
        #expect(KRXRules.session(at: 9 * 3600) == .continuous)
        #expect(KRXRules.session(at: 15 * 3600 + 19 * 60 + 59) == .continuous)
        #expect(KRXRules.session(at: 15 * 3600 + 20 * 60) == .closingAuction)
        #expect(KRXRules.session(at: 15 * 3600 + 30 * 60) == .closed)
    }
}
