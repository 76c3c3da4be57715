import Testing
import IPC
@testable import Simulator

/// `MarketTape`: every trade of every stock, a book of every stock every second, expected prices in
/// the auction, in time order, the same for the same seed.
struct MarketTapeTests {
    func play(from: Double, to: Double, seed: UInt64 = 41) -> [Message] {
        var tape = MarketTape(configuration: TestMarket.configuration(seed: seed), from: from)
        var messages: [Message] = []
        tape.play(to: to) { messages.append($0) }
        return messages
    }

    func trades(_ messages: [Message]) -> [Trade] {
        messages.flatMap { message -> [Trade] in if case .trades(let t) = message { return t }; return [] }
    }

    @Test func everyTradeOfEveryStock_addsUpToTheMarketsVolume() {
        let from = TestMarket.at(9, 0), to = TestMarket.at(9, 3)
        let tape = trades(play(from: from, to: to))
        var model = TestMarket.generated()
        _ = model.advance(to: from - 1)
        let before = Dictionary(uniqueKeysWithValues: model.universe.listings.map { ($0.code, model.quote($0.code)!.cumulativeVolume) })
        _ = model.advance(to: to)
        var traded: [String: Int] = [:]
        for trade in tape { traded[trade.code, default: 0] += trade.volume }
        #expect(Set(traded.keys).count > model.universe.count / 2)
        for listing in model.universe.listings {
            let expected = Int(model.quote(listing.code)!.cumulativeVolume - before[listing.code]!)
            #expect(traded[listing.code, default: 0] == expected, "\(listing.code)")
        }
    }

    @Test func ticks_comeInTimeOrder_eachAtItsMarketTime() {
        let messages = play(from: TestMarket.at(10, 0), to: TestMarket.at(10, 1))
        let dayStart = DayClock.dayStart(of: TestMarket.configuration().tradingDate)
        var last = 0.0
        for message in messages {
            let times: [Double] = switch message {
            case .trades(let trades): trades.map(\.receivedAt)
            case .orderBooks(let books): books.map(\.receivedAt)
            case .quotes(let quotes): quotes.map(\.receivedAt)
            default: []
            }
            for time in times {
                #expect(time >= last)
                last = time
            }
        }
        #expect(last == dayStart + TestMarket.at(10, 1))
    }

    @Test func everyStocksBook_everySecond_inTheSession() {
        let messages = play(from: TestMarket.at(10, 0), to: TestMarket.at(10, 0, 4))
        let books = messages.compactMap { message -> [OrderBook]? in if case .orderBooks(let b) = message { return b }; return nil }
        #expect(books.count == 5)
        #expect(books.allSatisfy { $0.count == TestMarket.generated().universe.count })
        #expect(books.allSatisfy { $0.allSatisfy { $0.expectedPrice == nil && $0.asks.count == 10 } })
    }

    @Test func openingAuction_quotesEveryStocksExpectedPrice_andNoTrades() {
        let messages = play(from: TestMarket.at(8, 55), to: TestMarket.at(8, 55, 2))
        #expect(trades(messages).isEmpty)
        let quotes = messages.flatMap { message -> [Quote] in if case .quotes(let q) = message { return q }; return [] }
        #expect(quotes.count == 3 * TestMarket.generated().universe.count)
        #expect(quotes.contains { $0.expectedPrice != nil })
    }

    @Test func sameSeed_givesTheSameTape_anotherSeedAnother() {
        let a = play(from: TestMarket.at(9, 30), to: TestMarket.at(9, 31))
        #expect(a == play(from: TestMarket.at(9, 30), to: TestMarket.at(9, 31)))
        #expect(trades(a) != trades(play(from: TestMarket.at(9, 30), to: TestMarket.at(9, 31), seed: 7)))
    }
}
