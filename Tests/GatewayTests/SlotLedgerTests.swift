import Testing
import IPC
@testable import Gateway

@Suite struct SlotLedgerTests {
    func key(_ index: Int, _ tr: String = "H0STCNT0") -> SlotKey { SlotKey(trID: tr, trKey: String(format: "%06d", index)) }

    @Test func requestSubscribe_accepts41_refuses42nd_withoutAddingIt() {
        var ledger = SlotLedger(capacity: 41)
        for index in 0..<40 { #expect(ledger.requestSubscribe(key(index), code: "", feed: .trade, since: 0) == .send) }
        // The notice counts like any other registration.
        #expect(ledger.requestSubscribe(SlotKey(trID: "H0STCNI0", trKey: "hts"), code: "hts", feed: .notice, since: 0) == .send)
        #expect(ledger.count == 41 && ledger.isFull)
        #expect(ledger.requestSubscribe(key(99), code: "", feed: .trade, since: 0) == .slotsFull)
        #expect(ledger.count == 41)
        #expect(ledger.entry(key(99)) == nil)
    }

    @Test func requestSubscribe_sameStockOnTwoTRs_takesTwoSlots_sameTRTwice_isDuplicate() {
        var ledger = SlotLedger(capacity: 3)
        #expect(ledger.requestSubscribe(key(5930), code: "005930", feed: .trade, since: 0) == .send)
        #expect(ledger.requestSubscribe(key(5930, "H0STASP0"), code: "005930", feed: .orderbook, since: 0) == .send)
        #expect(ledger.requestSubscribe(key(5930), code: "005930", feed: .trade, since: 0) == .duplicate)
        #expect(ledger.count == 2)
    }

    @Test func apply_subscribed_makesEntryHeld_andAnswersOK() {
        var ledger = SlotLedger()
        _ = ledger.requestSubscribe(key(1), code: "000001", feed: .trade, since: 0)
        ledger.markSent(key(1))
        let resolution = ledger.apply(.subscribed(key(1), keyMaterial: nil))
        #expect(resolution == .init(key: key(1), operation: .subscribe, result: "ok", detail: "OPSP0000"))
        #expect(ledger.entry(key(1))?.state == .held)
        #expect(ledger.inFlight.isEmpty)
    }

    @Test func apply_alreadySubscribed_holdsIt_andAnswersDuplicate() {
        var ledger = SlotLedger()
        _ = ledger.requestSubscribe(key(1), code: "000001", feed: .trade, since: 0)
        ledger.markSent(key(1))
        #expect(ledger.apply(.alreadySubscribed(key(1)))?.result == "duplicate")
        #expect(ledger.entry(key(1))?.state == .held)
    }

    @Test(arguments: [ControlAnswer.slotsExceeded(nil), .invalidApproval(nil), .refused(nil, code: "OPSP8992")])
    func apply_failure_removesEntry_andAnswersRejectedWithCode(answer: ControlAnswer) {
        var ledger = SlotLedger()
        _ = ledger.requestSubscribe(key(1), code: "000001", feed: .trade, since: 0)
        ledger.markSent(key(1))
        // Body-only answers (no header) settle the oldest request in flight.
        let resolution = ledger.apply(answer)
        #expect(resolution == .init(key: key(1), operation: .subscribe, result: "rejected", detail: answer.messageCode))
        #expect(ledger.count == 0)
    }

    @Test func apply_appKeyInUse_settlesNothing() {
        var ledger = SlotLedger()
        _ = ledger.requestSubscribe(key(1), code: "000001", feed: .trade, since: 0)
        ledger.markSent(key(1))
        #expect(ledger.apply(.appKeyInUse) == nil)
        #expect(ledger.entry(key(1))?.state == .pending)
    }

    @Test func unsubscribe_held_sendsAndKeepsSlotUntilAnswered() {
        var ledger = SlotLedger(capacity: 1)
        _ = ledger.requestSubscribe(key(1), code: "000001", feed: .trade, since: 0)
        ledger.markSent(key(1))
        _ = ledger.apply(.subscribed(key(1), keyMaterial: nil))
        #expect(ledger.requestUnsubscribe(key(1), isConnected: true) == .send)
        #expect(ledger.requestSubscribe(key(2), code: "000002", feed: .trade, since: 0) == .slotsFull)
        #expect(ledger.requestUnsubscribe(key(1), isConnected: true) == .notSubscribed)
        ledger.markSent(key(1))
        #expect(ledger.apply(.unsubscribed(key(1)))?.operation == .unsubscribe)
        #expect(ledger.count == 0)
    }

    @Test func unsubscribe_unknown_isNotSubscribed_andNotFoundAnswerFreesSlot() {
        var ledger = SlotLedger()
        #expect(ledger.requestUnsubscribe(key(7), isConnected: true) == .notSubscribed)
        _ = ledger.requestSubscribe(key(1), code: "000001", feed: .trade, since: 0)
        ledger.markSent(key(1))
        _ = ledger.apply(.subscribed(key(1), keyMaterial: nil))
        _ = ledger.requestUnsubscribe(key(1), isConnected: true)
        ledger.markSent(key(1))
        #expect(ledger.apply(.unsubscribeNotFound(key(1))) == .init(key: key(1), operation: .unsubscribe, result: "ok", detail: "OPSP0003"))
        #expect(ledger.count == 0)
    }

    @Test func unsubscribe_whileDisconnected_removesAtOnce() {
        var ledger = SlotLedger()
        _ = ledger.requestSubscribe(key(1), code: "000001", feed: .trade, since: 0)
        #expect(ledger.requestUnsubscribe(key(1), isConnected: false) == .removed)
        #expect(ledger.count == 0)
    }

    @Test func sessionLost_makesHeldPending_dropsReleasing_inRequestOrder() {
        var ledger = SlotLedger()
        for index in 1...3 {
            _ = ledger.requestSubscribe(key(index), code: "", feed: .trade, since: 0)
            ledger.markSent(key(index))
            _ = ledger.apply(.subscribed(key(index), keyMaterial: nil))
        }
        _ = ledger.requestUnsubscribe(key(2), isConnected: true)
        #expect(ledger.sessionLost() == [key(2)])
        #expect(ledger.keysToRegister == [key(1), key(3)])
        #expect(ledger.inFlight.isEmpty)
        #expect(ledger.snapshot(connected: false, lastOutageSeconds: nil).entries.map(\.state) == ["pending", "pending"])
    }

    @Test func snapshot_showsCapacityEntriesAndOutage() {
        var ledger = SlotLedger(capacity: 41)
        _ = ledger.requestSubscribe(key(5930), code: "005930", feed: .trade, since: 33_000)
        let ledgerMessage = ledger.snapshot(id: "r1", connected: true, lastOutageSeconds: 2.5)
        #expect(ledgerMessage == Ledger(id: "r1", connected: true, capacity: 41,
                                        entries: [LedgerEntry(code: "005930", feed: .trade, state: "pending", since: 33_000)],
                                        lastOutageSeconds: 2.5))
    }
}
