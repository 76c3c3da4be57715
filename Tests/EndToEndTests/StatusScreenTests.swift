import Testing
import IPC
import Reports

/// `StatusScreen`: the live view's frame, with everything up and with components down.
struct StatusScreenTests {
    func report(_ component: String, _ details: [String: JSONValue], state: String = "running") -> StatusReport {
        StatusReport(id: "r", component: component, state: state, uptimeSeconds: 10, details: details)
    }

    @Test func lines_showSlotsRestSignalsAndHealth_whenEverythingAnswers() {
        let allocation = Allocation(generation: 7, time: 0, window: "gap_focus", strategy: "day", holders: [
            SlotHolder(code: "005930", tier: 1, feeds: [.trade, .orderbook], score: 90, since: 0, reason: "gap"),
            SlotHolder(code: "035420", tier: 2, feeds: [.trade], score: 50, since: 0, reason: "surge"),
            SlotHolder(code: "0001", tier: 0, feeds: [.index], score: 0, since: 0, reason: "index"),
        ], slotsUsed: 4, capacity: 41, isFallback: false)
        let screen = StatusScreen(
            marketTime: ReportFixtures.at(9, 3, 12), speed: 20, isSimulated: true, allocation: allocation,
            components: [
                .init(name: "ws-gateway", state: "running", restarts: 1, report: report("ws-gateway", ["connected": true, "slots_used": 4, "slots_capacity": 41, "records_per_s": 120])),
                .init(name: "rest-poller", state: "running", restarts: 0, report: report("rest-poller", [
                    "calls_per_s": 16.5, "limit_per_s": 18, "success_rate": 0.995, "active_codes": 2600,
                    "staleness": ["high": ["codes": 150, "p50_s": 2, "p95_s": 4.5]]])),
                .init(name: "signals", state: "running", restarts: 0, report: report("signals", ["signals": ["total": 3, "by_kind": ["gap": 2, "breakout": 1]]])),
            ],
            latestSignals: ReportFixtures.signals(), names: ["005930": "삼성전자", "035420": "NAVER"], width: 200)
        let text = screen.lines().joined(separator: "\n")
        #expect(text.contains("market 09:03:12 KST"))
        #expect(text.contains("window gap_focus"))
        #expect(text.contains("4/41 slots · connected"))
        #expect(text.contains("tier 1 (1) ×2: 005930 삼성전자"))
        #expect(text.contains("tier 2 (1)   : 035420 NAVER"))
        #expect(text.contains("reserve: 37 free"))
        #expect(text.contains("16.5/18 calls/s (92 %) · success 99.5 % · 2,600 stocks covered"))
        #expect(text.contains("high 150: p50 2s p95 4.5s"))
        #expect(text.contains("3 total · gap 2 · breakout 1"))
        #expect(text.contains("08:59:10 gap 035420 NAVER +4.2 % (142,500) ws"))
        #expect(text.contains("ws-gateway running ↻1"))
    }

    /// Issue 22: the view shows each holder's hazard in its tier line, and as many holders as the
    /// terminal has room for with why they hold the slot; the frame still fits the terminal.
    @Test func lines_showEachHoldersHazardAndReason_withinTheTerminal() {
        let holders = (0..<30).map { i in
            SlotHolder(code: String(format: "%06d", i), tier: i < 4 ? 1 : 2, feeds: [.trade], score: Double(90 - i), since: ReportFixtures.at(9, 1, 0),
                       reason: "day tier \(i < 4 ? 1 : 2) · heat: gap \(40 - i)", hazard: 0.5 - Double(i) / 100)
        }
        let allocation = Allocation(generation: 3, time: 0, window: "morning", strategy: "day", holders: holders,
                                    slotsUsed: 34, capacity: 41, isFallback: false)
        for height in [24, 40, 80] {
            let screen = StatusScreen(marketTime: nil, speed: 1, isSimulated: true, allocation: allocation, components: [],
                                      latestSignals: [], names: ["000000": "삼성전자"], width: 120, height: height)
            let lines = screen.lines()
            let text = lines.joined(separator: "\n")
            #expect(text.contains("tier 1 (4) ×2: 000000 삼성전자 50.0%, 000001 49.0%"))
            #expect(text.contains("  T1 000000 삼성전자         score  90.0  hazard  50.0 %  since 09:01:00  day tier 1 · heat: gap 40"))
            let why = lines.filter { $0.hasPrefix("  T1 ") || $0.hasPrefix("  T2 ") }
            if height >= 80 {
                #expect(why.count == 30 && !text.contains("more holders"))
                #expect(lines.count <= height)
            } else {
                #expect(why.count >= 3 && why.count < 30)
                #expect(text.contains("… \(30 - why.count) more holders (./run status lists them all)"))
                #expect(lines.count <= max(height, 24))
            }
        }
    }

    @Test func holderLines_fromStatusDetails_matchTheAllocations() {
        let status: JSONValue = .array([["code": "005930", "tier": 1, "score": 72.3, "hazard": 0.314, "since": "09:01:12",
                                         "reason": "opening tier 1 · heat: gap 38, volume 21"],
                                        ["code": "0001", "tier": 0, "score": 100, "hazard": .null, "since": "08:55:00", "reason": "index"],
                                        ["tier": 2]])
        let lines = HolderLines.lines(HolderLines.rows(status: status), names: ["005930": "삼성전자"])
        #expect(lines == ["  T1 005930 삼성전자         score  72.3  hazard  31.4 %  since 09:01:12  opening tier 1 · heat: gap 38, volume 21",
                          "  IX 0001                    score 100.0  hazard     -    since 08:55:00  index"])
    }

    @Test func lines_degradeGracefully_whenComponentsAreDown() {
        let screen = StatusScreen(marketTime: nil, speed: 1, isSimulated: false, allocation: nil, components: [
            .init(name: "ws-gateway", state: "backoff", restarts: 3, report: nil),
            .init(name: "rest-poller", state: "running", restarts: 0, report: nil),
        ], latestSignals: [], names: [:], width: 60)
        let lines = screen.lines()
        let text = lines.joined(separator: "\n")
        #expect(text.contains("--:--:--"))
        #expect(text.contains("ws-gateway not answering"))
        #expect(text.contains("rest-poller not answering"))
        #expect(text.contains("(no allocation yet)"))
        #expect(text.contains("(no signals yet)"))
        #expect(text.contains("ws-gateway backoff ↻3"))
        #expect(lines.allSatisfy { $0.count <= 60 })
    }

    @Test func aGapLine_showsTheGap_notTheChange() {
        // Before the open there is no change yet: the line read "gap … +0.0 %".
        let gap = TradeSignal(time: "2026-11-25T08:55:00+09:00", code: "035420", name: "NAVER", kind: .gap, direction: .up,
                              strength: 4.2, price: 142_500, changeRate: 0, volume: 0, source: .rest, tier: 0,
                              dataAgeSeconds: 0, reason: "", receivedAt: 0)
        #expect(StatusScreen.describe(gap) == "08:55:00 gap 035420 NAVER +4.2 % (142,500) rest")
        var momentum = gap
        momentum.kind = .momentum; momentum.strength = 1.5; momentum.changeRate = 3.1
        #expect(StatusScreen.describe(momentum).contains("+3.1 %"))
    }

    /// Issue 17: with two accounts the view shows one line per account with what `./run status`
    /// shows of it — ledger and session, REST calls/s against its limit, mean hold, grid restarts.
    @Test func lines_showOneLinePerAccount_withRestUseHoldAndGridRestarts() {
        func account(_ name: String, _ calls: Double, hold: Double, restarts: Int, token: String = "valid") -> JSONValue {
            ["account": .string(name), "calls_per_s": .number(calls), "limit_per_s": 18, "calls": 900, "egw00201": 0,
             "token": .string(token), "token_failure": .null, "hold_ms": .number(hold), "grid_restarts": .number(Double(restarts))]
        }
        let screen = StatusScreen(marketTime: nil, speed: 1, isSimulated: true, allocation: nil, components: [
            .init(name: "ws-gateway@1", state: "running", restarts: 0, report: report("ws-gateway", [
                "account": "main", "connected": true, "slots": "41/41", "slots_used": 41, "slots_capacity": 41])),
            .init(name: "ws-gateway@2", state: "running", restarts: 2, report: report("ws-gateway", [
                "account": "second", "connected": false, "slots": "0/41", "last_session_end": "OPSP8996 already in use",
                "slots_used": 0, "slots_capacity": 41])),
            .init(name: "rest-poller", state: "running", restarts: 0, report: report("rest-poller", [
                "calls_per_s": 35, "limit_per_s": 36,
                "accounts": [account("main", 17.5, hold: 3, restarts: 0), account("second", 17.2, hold: 12.5, restarts: 4)]])),
        ], latestSignals: [], names: [:], width: 200)
        let lines = screen.lines()
        #expect(lines.filter { $0.hasPrefix("  main: ") } == [
            "  main: ledger 41/41 connected · REST 17.5/18 calls/s · hold 3 ms · grid restarts 0 · 900 calls · 0 EGW00201 · token valid"])
        #expect(lines.filter { $0.hasPrefix("  second: ") } == [
            "  second: ledger 0/41 DISCONNECTED (OPSP8996 already in use) · REST 17.2/18 calls/s · hold 12.5 ms · grid restarts 4 · 900 calls · 0 EGW00201 · token valid"])
        // The account lines sit under the REST block, before the signals.
        let rest = lines.firstIndex { $0.hasPrefix("REST ") }!, main = lines.firstIndex { $0.hasPrefix("  main: ") }!
        #expect(main > rest && main < lines.firstIndex { $0.hasPrefix("Signals ") }!)
    }

    @Test func accountLines_areAbsentWithOneAccount_andSayWhatDoesNotAnswer() {
        let one: [JSONValue] = [["account": "1", "calls_per_s": 17, "limit_per_s": 18]]
        #expect(AccountStatusLines.lines(gateways: [.init(name: "ws-gateway", details: nil)], rest: one).isEmpty)
        let down = AccountStatusLines.lines(gateways: [.init(name: "ws-gateway@1", details: nil), .init(name: "ws-gateway@2", details: nil)], rest: nil)
        #expect(down == ["  1: ledger - (ws-gateway@1 not answering) · REST - (rest-poller not answering)",
                         "  2: ledger - (ws-gateway@2 not answering) · REST - (rest-poller not answering)"])
        #expect(AccountStatusLines.gatewayNames(in: ["ws-gateway@10", "allocator", "ws-gateway@2", "ws-gateway@1"])
                == ["ws-gateway@1", "ws-gateway@2", "ws-gateway@10"])
    }

    @Test func fit_countsHangulAsTwoColumns() {
        #expect(StatusScreen.fit("abc", width: 10) == "abc")
        #expect(StatusScreen.fit("삼성전자삼성전자", width: 9) == "삼성전자…")
    }
}
