import Testing
@testable import Simulator

@Suite struct IntradayProfileTests {
    let profile = IntradayProfile()

    @Test func intensity_isUShaped_withAMeanOfOne() {
        let open = profile.intensity(at: TestMarket.at(9, 1))
        let lunch = profile.intensity(at: TestMarket.at(12, 30))
        let close = profile.intensity(at: TestMarket.at(15, 19))
        #expect(open > 2.5 * lunch && close > 1.5 * lunch)
        var sum = 0.0
        for s in stride(from: KRXRules.continuousStart, to: KRXRules.closingAuctionStart, by: 1) {
            sum += profile.intensity(at: s + 0.5)
        }
        #expect(abs(sum / KRXRules.continuousLength - 1) < 0.01)
        #expect(profile.intensity(at: TestMarket.at(8, 45)) == 0 && profile.intensity(at: TestMarket.at(15, 25)) == 0)
    }

    @Test func cumulativeShare_risesFromTheOpeningCrossToOneAtTheClose() {
        #expect(profile.cumulativeShare(at: TestMarket.at(8, 59)) == 0)
        #expect(abs(profile.cumulativeShare(at: TestMarket.at(9, 0)) - profile.openingShare) < 1e-9)
        #expect(abs(profile.cumulativeShare(at: TestMarket.at(15, 20)) - (1 - profile.closingShare)) < 1e-6)
        #expect(profile.cumulativeShare(at: TestMarket.at(15, 30)) == 1)
        var last = 0.0
        for s in stride(from: TestMarket.at(9, 0), to: TestMarket.at(15, 20), by: 97) {
            let share = profile.cumulativeShare(at: s)
            #expect(share >= last)
            last = share
        }
    }
}
