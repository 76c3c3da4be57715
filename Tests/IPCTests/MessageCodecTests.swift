import Foundation
import Testing
@testable import IPC

@Suite struct MessageCodecTests {
    let codec = MessageCodec()

    static let samples: [Message] = [
        .hello(Hello(id: "1", name: "signals", topics: ["trade", "quote"], codes: ["005930"])),
        .welcome(Welcome(id: "1", name: "ws-gateway")),
        .ack(Ack(id: "2", result: "slots_full", detail: "41/41")),
        .error(ErrorReply(id: nil, code: "invalid_json", reason: "bad")),
        .status(StatusRequest(id: "3")),
        .statusReport(StatusReport(id: "3", component: "allocator", state: "idle", uptimeSeconds: 1.5,
                                   details: ["note": "waiting", "slots": 3, "nested": ["a": [1, true, .null]]])),
        .trades([Trade(code: "005930", time: "090001", price: 71_000, change: 500, changeRate: 0.71, volume: 10,
                       cumulativeVolume: 1000, open: 70_500, high: 71_100, low: 70_400, ask: 71_100, bid: 71_000,
                       previousDayVolumeRate: 120.5, receivedAt: 1.25)]),
        .orderBooks([OrderBook(code: "005930", time: "090001", asks: [BookLevel(price: 71_100, quantity: 5)],
                               bids: [BookLevel(price: 71_000, quantity: 9)], totalAskQuantity: 5, totalBidQuantity: 9, receivedAt: 2)]),
        .indices([IndexTick(code: "0001", time: "090001", value: 2500.5, change: 3.2, changeRate: 0.13, cumulativeVolume: 5, receivedAt: 3)]),
        .notices([ExecutionNoticeTick(code: "005930", orderNumber: "0001", side: "buy", quantity: 1, price: 71_000, isFill: true, time: "090001", receivedAt: 4)]),
        .quotes([Quote(code: "035420", price: 142_500, previousClose: 136_700, change: 5800, changeRate: 4.24,
                       cumulativeVolume: 100, open: 140_000, high: 143_000, low: 139_000, expectedPrice: 141_000, receivedAt: 5)]),
        .viStatus(VIStatus(events: [VIEvent(code: "005930", name: "삼성전자", isActive: false, kind: "static", triggerTime: "090512",
                                            releaseTime: "090742", triggerPrice: 11_000, referencePrice: 10_000,
                                            deviationPercent: 10, count: 1)], receivedAt: 5.5)),
        .ranking(Ranking(kind: "volume", rows: [RankingRow(rank: 1, code: "005930", name: "삼성전자", price: 1, changeRate: 0, cumulativeVolume: 2)], receivedAt: 6)),
        .subscribe(FeedCommand(id: "4", code: "005930", feed: .trade)),
        .unsubscribe(FeedCommand(id: "5", code: "005930", feed: .orderbook)),
        .ledgerRequest(LedgerRequest(id: "6")),
        .ledger(Ledger(id: nil, connected: true, capacity: 41, entries: [LedgerEntry(code: "005930", feed: .trade, state: "held", since: 7)])),
        .pollPlan(PollPlan(id: "7", generation: 3, entries: [PollPlanEntry(code: "000660", priority: .medium, intervalSeconds: 15, reason: "volume")])),
        .allocation(Allocation(generation: 1, time: 8, window: "open", strategy: "gap", holders: [
            SlotHolder(code: "005930", tier: 1, feeds: [.trade, .orderbook], score: 90, since: 8, reason: "gap +4%")],
            slotsUsed: 2, capacity: 41, isFallback: false)),
        .signal(TradeSignal(time: "2026-11-25T09:03:12+09:00", code: "035420", name: "NAVER", kind: .gap, direction: .up,
                            strength: 4.2, price: 142_500, changeRate: 4.2, volume: 10, source: .rest, tier: 0,
                            dataAgeSeconds: 0.4, reason: "open vs previous close", receivedAt: 9)),
        .score(ScoreCommand(id: "8", code: "005930", score: 85.5)),
        .watch(WatchCommand(id: "9", codes: ["005930"])),
        .unwatch(WatchCommand(id: "10", codes: ["005930"])),
        .emergency(EmergencyCommand(id: "11", code: "096770", priority: 95, reason: "volume surge")),
        .strategy(StrategyCommand(id: "12", action: "switch", name: "lunch")),
    ]

    @Test(arguments: samples)
    func decode_roundTrips_everyMessageKind(_ message: Message) throws {
        let body = try codec.encode(message)
        #expect(try codec.decode(body) == message)
        let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
        #expect(object?["type"] as? String == message.type)
    }

    @Test func signalKindAndDirection_travelAsTheirWireStrings() throws {
        let signal = TradeSignal(time: "2026-11-25T09:03:12+09:00", code: "035420", name: "NAVER", kind: .volumeSurge,
                                 direction: .down, strength: 4.2, price: 142_500, changeRate: -4.2, volume: 10, source: .rest,
                                 tier: 0, dataAgeSeconds: 0.4, reason: "r", receivedAt: 9)
        for body in [try codec.encode(.signal(signal)), Array(try JSONEncoder().encode(signal))] {
            let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
            #expect(object?["kind"] as? String == "volume_surge")
            #expect(object?["direction"] as? String == "down")
        }
        let wire = #"{"type":"signal","time":"","code":"1","name":"","kind":"KIND","direction":"up","strength":1,"price":1,"changeRate":0,"volume":0,"source":"rest","tier":0,"dataAgeSeconds":0,"reason":"","receivedAt":0}"#
        guard case .signal(let decoded) = try codec.decode(Array(wire.replacingOccurrences(of: "KIND", with: "closing_momentum").utf8)) else {
            Issue.record("not a signal"); return
        }
        #expect(decoded.kind == .closingMomentum && decoded.direction == .up)
        #expect(throws: (any Error).self) { try codec.decode(Array(wire.replacingOccurrences(of: "KIND", with: "gapp").utf8)) }
    }

    @Test func confidence_travelsWhenSet_andAnOlderSignalWithoutItDecodes() throws {
        var signal = TradeSignal(time: "2026-11-25T09:03:12+09:00", code: "035420", name: "NAVER", kind: .momentum,
                                 direction: .up, strength: 2.1, price: 142_500, changeRate: 3, volume: 10, source: .websocket,
                                 tier: 1, dataAgeSeconds: 0, reason: "r", receivedAt: 9, confidence: 0.9973)
        let object = try JSONSerialization.jsonObject(with: Data(try codec.encode(.signal(signal)))) as? [String: Any]
        #expect(object?["confidence"] as? Double == 0.9973)
        signal.confidence = nil
        let older = try JSONSerialization.jsonObject(with: Data(try codec.encode(.signal(signal)))) as? [String: Any]
        #expect(older?["confidence"] == nil)
        let wire = #"{"type":"signal","time":"","code":"1","name":"","kind":"gap","direction":"up","strength":1,"price":1,"changeRate":0,"volume":0,"source":"rest","tier":0,"dataAgeSeconds":0,"reason":"","receivedAt":0}"#
        guard case .signal(let decoded) = try codec.decode(Array(wire.utf8)) else { Issue.record("not a signal"); return }
        #expect(decoded.confidence == nil)
    }

    @Test func decode_throwsUnknownType_forUnknownKind() {
        #expect(throws: FramingError.unknownType("teleport")) {
            try codec.decode(Array(#"{"type":"teleport","id":"1"}"#.utf8))
        }
    }

    @Test func decode_throwsInvalidJSON_forGarbage() {
        for garbage in ["", "{", "[1,2]", "null", #"{"id":"1"}"#, #"{"type":"subscribe","id":"1","code":"005930","feed":"teleport"}"#] {
            #expect(throws: FramingError.self) { try codec.decode(Array(garbage.utf8)) }
        }
    }

    @Test func decode_throwsInvalidJSON_forInvalidUTF8() {
        #expect(throws: FramingError.self) { try codec.decode([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]) }
    }

    @Test func topic_ofDataMessages_isSet_andRequestsHaveNone() {
        #expect(Message.trades([]).topic == .trade)
        #expect(Message.subscribe(FeedCommand(code: "1", feed: .trade)).topic == nil)
        #expect(Message.ledger(Ledger(id: "x", connected: true, capacity: 41, entries: [])).topic == nil)
        #expect(Message.ledger(Ledger(connected: true, capacity: 41, entries: [])).topic == .ledger)
    }
}
