import Foundation
import IPC
import KIS
import Testing
@testable import Gateway
import System

/// The data path on its own: frame bytes in, IPC tick batches out, malformed input counted.
@Suite struct FrameProcessorTests {
    /// Collects what a processor publishes.
    final class Published: @unchecked Sendable {
        private let lock = NSLock()
        private var storage: [Message] = []
        func add(_ message: Message) { lock.withLock { storage.append(message) } }
        var messages: [Message] { lock.withLock { storage } }
    }

    let cipher = try! NoticeCipher(key: "uvbpznjqabrxhowcftgehxghhhsxtwro", iv: "ca513e8bf725c575")

    func processor(cipher: NoticeCipher? = nil) -> (FrameProcessor, Published) {
        let published = Published()
        let processor = FrameProcessor(logger: Logger(label: "test", level: .critical), logInterval: 60,
                                       cipher: { _ in cipher }, publish: { published.add($0) })
        return (processor, published)
    }

    func trade(_ code: String, price: Int) -> TradeRecord {
        TradeRecord(code: code, time: "093354", price: price, changeSign: .rise, change: 100, changeRate: 0.14,
                    weightedAveragePrice: 72_000, open: 71_900, high: 72_400, low: 71_700, askPrice: price, bidPrice: price - 100,
                    volume: 3, cumulativeVolume: 1_000, cumulativeAmount: 72_000_000, sellTradeCount: 1, buyTradeCount: 2,
                    netBuyTradeCount: 1, tradeStrength: 100, sellVolume: 400, buyVolume: 600, buyRatio: 0.6,
                    volumeRateVersusPreviousDay: 20, businessDate: "20261125", askQuantity: 10, bidQuantity: 20,
                    totalAskQuantity: 100, totalBidQuantity: 200, volumeTurnover: 0.01, previousDaySameTimeVolume: 900,
                    previousDaySameTimeVolumeRate: 111.1, viStandardPrice: 72_000)
    }

    @Test func tradeFrame_isPublishedAsOneBatch_andCounted() {
        let (processor, published) = processor()
        let frame = DataFrameEncoder().encode(trades: [trade("005930", price: 72_000), trade("000660", price: 180_000)])
        processor.process(frame, receivedAt: 1_795_564_800.25)
        guard case .trades(let trades) = published.messages.first, published.messages.count == 1 else {
            Issue.record("expected one trade batch, got \(published.messages)"); return
        }
        #expect(trades.map(\.code) == ["005930", "000660"] && trades.map(\.price) == [72_000, 180_000])
        #expect(trades.allSatisfy { $0.receivedAt == 1_795_564_800.25 })
        let counters = processor.counters(now: 1_795_564_800.25)
        #expect(counters.frames == 1 && counters.records == 2 && counters.malformedRecords == 0 && counters.malformedFrames == 0)
    }

    @Test func malformedFrame_publishesNothing_andIsCountedAsAFrame() {
        let (processor, published) = processor()
        processor.process(Array("garbage without a header".utf8), receivedAt: 10)
        processor.process(Array("0|H0STCNT0|".utf8), receivedAt: 10)
        #expect(published.messages.isEmpty)
        let counters = processor.counters(now: 10)
        #expect(counters.frames == 2 && counters.malformedFrames == 2 && counters.records == 0)
    }

    @Test func badRecord_isCounted_andTheRestOfTheFrameIsDelivered() {
        let (processor, published) = processor()
        let good = DataFrameEncoder().payloadString([.trade(trade("005930", price: 72_000))])
        // The second record's price is not a number: that record alone is malformed.
        let bad = good.replacingOccurrences(of: "^72000^", with: "^7x000^")
        #expect(bad != good)
        processor.process(Array("0|H0STCNT0|002|\(good)^\(bad)".utf8), receivedAt: 20)
        guard case .trades(let trades) = published.messages.first else { Issue.record("no trades"); return }
        #expect(trades.count == 1 && trades[0].code == "005930")
        let counters = processor.counters(now: 20)
        #expect(counters.records == 1 && counters.malformedRecords == 1 && counters.malformedFrames == 0)
    }

    @Test func encryptedNotice_isDecryptedWithTheAckCipher_andPublished() throws {
        let (processor, published) = processor(cipher: cipher)
        let plaintext = try Fixture.line("h0stcni0_decrypted_accept_doc.txt")
        let text = DataFrameEncoder().encodeEncrypted(trID: "H0STCNI0", count: 1, base64Payload: try cipher.encrypt(plaintext))
        processor.process(Array(text.utf8), receivedAt: 30)
        guard case .notices(let notices) = published.messages.first else { Issue.record("no notice: \(published.messages)"); return }
        #expect(notices.map(\.code) == ["136480"])
        #expect(processor.counters(now: 30).records == 1)
    }

    @Test func encryptedNotice_withoutKeyMaterial_isCountedMalformed_andNotPublished() throws {
        let (processor, published) = processor(cipher: nil)
        let plaintext = try Fixture.line("h0stcni0_decrypted_accept_doc.txt")
        let text = DataFrameEncoder().encodeEncrypted(trID: "H0STCNI0", count: 1, base64Payload: try cipher.encrypt(plaintext))
        processor.process(Array(text.utf8), receivedAt: 40)
        #expect(published.messages.isEmpty)
        let counters = processor.counters(now: 40)
        #expect(counters.records == 0 && counters.malformedRecords == 1 && counters.malformedFrames == 0)
    }

    @Test func undecryptablePayload_isCountedMalformed_andNotPublished() throws {
        let (processor, published) = processor(cipher: cipher)
        processor.process(Array(try Fixture.line("h0stcni9_encrypted_frame_shape_thirdparty_test.txt").utf8), receivedAt: 50)
        #expect(published.messages.isEmpty)
        #expect(processor.counters(now: 50).malformedRecords == 1)
    }
}
