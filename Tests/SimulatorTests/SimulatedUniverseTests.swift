import Testing
@testable import Simulator

@Suite struct SimulatedUniverseTests {
    static let full = SimulatedUniverse(seed: 41)

    @Test func fullUniverse_hasAbout950KOSPIAnd1650KOSDAQListings() {
        let u = Self.full
        #expect(abs(u.count(in: .kospi) - 950) <= 2)
        #expect(abs(u.count(in: .kosdaq) - 1_650) <= 2)
        #expect(u.listings.filter(\.isKOSPI200).count == 200)
    }

    @Test func codes_areUniqueSixDigitAndIndexed() {
        let u = Self.full
        #expect(Set(u.listings.map(\.code)).count == u.count)
        #expect(Set(u.listings.map(\.name)).count == u.count)
        for (i, l) in u.listings.enumerated() {
            #expect(l.code.count == 6 && l.code.allSatisfy { $0.isNumber })
            #expect(u.index(of: l.code) == i)
        }
    }

    @Test func wellKnownLargeCaps_keepTheirRealCodesAndNames() {
        let u = Self.full
        let expected = ["005930": "삼성전자", "000660": "SK하이닉스", "035420": "NAVER", "035720": "카카오",
                        "373220": "LG에너지솔루션", "263750": "펄어비스", "247540": "에코프로비엠", "028300": "HLB"]
        for (code, name) in expected { #expect(u.listing(code)?.name == name) }
        #expect(u.listing("005930")?.market == .kospi)
        #expect(u.listing("086520")?.market == .kosdaq)
        #expect(u.listing("005930")?.isKOSPI200 == true)
    }

    @Test func listings_havePlausiblePricesVolumesAndActivity() {
        for l in Self.full.listings {
            #expect(KRXRules.isOnTick(l.previousClose))
            #expect((1_000...900_000).contains(l.previousClose), "\(l.code) \(l.previousClose)")
            #expect(l.averageDailyVolume >= 1_000 && l.listedShares > 0)
            #expect(l.activity >= 0.03 && l.activity <= 40)
        }
        // Heavy tail: the busiest percent trades far more than the median stock.
        let adv = Self.full.listings.map { Double($0.averageDailyVolume) * Double($0.previousClose) }.sorted()
        #expect(adv[adv.count * 99 / 100] > 20 * adv[adv.count / 2])
        #expect(Set(Self.full.listings.map(\.sector)).count >= 20)
    }

    @Test func sameSeed_givesTheSameUniverse_andAnotherSeedDoesNot() {
        let a = SimulatedUniverse(seed: 7, scale: 0.2), b = SimulatedUniverse(seed: 7, scale: 0.2), c = SimulatedUniverse(seed: 8, scale: 0.2)
        #expect(a.listings == b.listings)
        #expect(a.listings != c.listings)
    }

    @Test func scale_shrinksTheSyntheticPart_butKeepsTheRealNames() {
        let small = SimulatedUniverse(seed: 41, scale: 0.1)
        #expect(small.count < 400 && small.count > 200)
        #expect(small.listing("005930") != nil && small.listing("028300") != nil)
    }
}
