import Testing
import IPC
@testable import Polling

/// A subscriber connecting after the pre-open sweep gets the day's halts at once (issue 16: halts
/// were signalled ~54 market seconds late because the first answers reached no subscriber).
@Suite struct HaltedStatusReplayTests {
    func quote(_ code: String, halted: Bool?, at receivedAt: Double = 0) -> Quote {
        var quote = Quote(code: code, price: 10_000, previousClose: 10_000, change: 0, changeRate: 0, cumulativeVolume: 0,
                          open: 0, high: 0, low: 0, receivedAt: receivedAt)
        quote.isHalted = halted
        return quote
    }

    func codes(_ message: Message?) -> [String] {
        guard case .quotes(let quotes) = message else { return [] }
        return quotes.map(\.code)
    }

    @Test func aHaltedAnswer_isReplayed_untilAnAnswerSaysTradingAgain() {
        var replay = HaltedStatusReplay()
        #expect(replay.replay() == nil)
        replay.record(.quotes([quote("000800", halted: true, at: 1), quote("005930", halted: false), quote("007890", halted: true)]))
        #expect(codes(replay.replay()) == ["000800", "007890"])
        // A multi-price row has no halt flag: it changes nothing.
        replay.record(.quotes([quote("000800", halted: nil, at: 2)]))
        guard case .quotes(let kept) = replay.replay() else { Issue.record("no replay"); return }
        #expect(kept.first { $0.code == "000800" }?.receivedAt == 1)
        // Resumed: forgotten.
        replay.record(.quotes([quote("007890", halted: false)]))
        #expect(codes(replay.replay()) == ["000800"])
        // Other messages are not status answers.
        replay.record(.viStatus(VIStatus(events: [], receivedAt: 0)))
        #expect(codes(replay.replay()) == ["000800"])
    }

    @Test func aSubscriberOfSomeCodes_getsOnlyThose() {
        var replay = HaltedStatusReplay()
        replay.record(.quotes([quote("000800", halted: true), quote("007890", halted: true)]))
        #expect(codes(replay.replay(codes: ["007890", "005930"])) == ["007890"])
        #expect(replay.replay(codes: ["005930"]) == nil)
    }
}
