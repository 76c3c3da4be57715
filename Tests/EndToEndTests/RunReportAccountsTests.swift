import Foundation
import Testing
import IPC
@testable import Reports

/// The report's Accounts section (issue 17): each account's ledger, REST use and health, from the
/// recorder's per-account sample figures; none with one account.
struct RunReportAccountsTests {
    /// Ten samples of two accounts: `main` up all along at 17/18 calls/s with 41 held; `spare` down
    /// (session lost) for the last four, its gateway silent in one, at 16/18 with 30 then 0 held.
    static func timeline() -> [TimelineRecord] {
        (0..<10).map { index in
            var sample = TimelineRecord.sample(t: ReportFixtures.at(9, 10, index))
            sample.callsPerSecond = 33; sample.limitPerSecond = 36
            var main = TimelineRecord.Account(name: "main")
            main.slotsUsed = 41; main.capacity = 41; main.connected = true; main.reconnects = 0
            main.callsPerSecond = 17; main.limitPerSecond = 18; main.calls = 100 + index * 17; main.refusals = 0; main.token = "valid"
            var spare = TimelineRecord.Account(name: "<i>spare</i>")
            spare.callsPerSecond = 16; spare.limitPerSecond = 18; spare.calls = 90 + index * 16; spare.refusals = index >= 6 ? 2 : 0
            spare.token = "valid"
            if index != 9 {
                spare.slotsUsed = index < 6 ? 30 : 0; spare.capacity = 41; spare.connected = index < 6; spare.reconnects = index < 6 ? 0 : 1
            }
            sample.accounts = [main, spare]
            return sample
        }
    }

    @Test func summaries_giveEachAccountsLedgerRESTUseAndHealth() {
        let summaries = RunReport(timeline: Self.timeline(), signals: [], events: nil).accountSummaries()
        #expect(summaries.map(\.name) == ["main", "<i>spare</i>"])
        let main = summaries[0], spare = summaries[1]
        #expect(main.samples == 10 && main.meanSlots == 41 && main.capacity == 41 && main.upShare == 1)
        #expect(main.meanCallsPerSecond == 17 && main.limitPerSecond == 18 && main.calls == 100 + 9 * 17 && main.refusals == 0)
        // spare: 30 held in six answered samples, 0 in three; silent once; up in six of ten.
        #expect(spare.meanSlots == 20 && spare.connected == 6 && spare.unanswered == 1 && spare.upShare == 0.6)
        #expect(spare.reconnects == 1 && spare.refusals == 2 && spare.token == "valid")
    }

    @Test func html_hasAnAccountsSection_withARowAndChartSeriesPerAccount() {
        let html = RunReport(timeline: ReportFixtures.timeline() + Self.timeline(), signals: [], events: nil).html()
        #expect(html.contains("<h2>Accounts</h2>"))
        #expect(html.contains("2 KIS accounts"))
        #expect(html.contains("61.0/82 registrations held on average"))
        #expect(html.contains("33.0/36 REST calls/s (92 % used)"))
        #expect(html.contains("<tr><td>main</td><td>41.0/41</td><td>17.00/18</td><td>94.4 %</td><td>253</td><td>0</td><td>100.0 %</td><td>0</td><td>0 samples</td><td>valid</td></tr>"))
        #expect(html.contains("<tr><td>&lt;i&gt;spare&lt;/i&gt;</td><td>20.0/41</td><td>16.00/18</td><td>88.9 %</td><td>234</td><td>2</td><td>60.0 %</td><td>1</td><td>1 samples</td>"))
        #expect(!html.contains("<i>spare</i>"))
        #expect(html.contains("<svg id=\"account-rest\" class=\"chart\""))
        #expect(html.contains("<svg id=\"account-slots\" class=\"chart\""))
    }

    @Test func oneAccount_hasNoAccountsSection() {
        let html = RunReport(timeline: ReportFixtures.timeline(), signals: [], events: nil).html()
        #expect(!html.contains("<h2>Accounts</h2>") && !html.contains("account-rest"))
    }

    /// What the recorder writes: the gateways' and the poller's status details merged per account,
    /// nothing with one account, and the line round-trips.
    @Test func accountsMerge_fromStatusDetails_andRoundTrip() throws {
        let poller: [String: JSONValue] = ["accounts": .array([
            .object(["account": "main", "calls_per_s": .number(17.123), "limit_per_s": .number(18), "calls": .number(500),
                     "egw00201": .number(1), "token": "valid"]),
            .object(["account": "spare", "calls_per_s": .number(16), "limit_per_s": .number(18), "calls": .number(480),
                     "egw00201": .number(0), "token": "failed"]),
        ])]
        let gateways: [[String: JSONValue]?] = [["account": "main", "slots_used": .number(41), "slots_capacity": .number(41),
                                                 "connected": .bool(true), "reconnects": .number(0)], nil]
        let accounts = TimelineRecord.Account.merge(gateways: gateways, poller: poller)
        #expect(accounts.map(\.name) == ["main", "spare"])
        #expect(accounts[0].slotsUsed == 41 && accounts[0].connected == true && accounts[0].callsPerSecond == 17.12 && accounts[0].refusals == 1)
        #expect(accounts[1].connected == nil && accounts[1].slotsUsed == nil && accounts[1].token == "failed" && accounts[1].calls == 480)
        #expect(TimelineRecord.Account.merge(gateways: [gateways[0]], poller: ["accounts": .array([.object(["account": "1"])])]).isEmpty)
        var sample = TimelineRecord.sample(t: 1)
        sample.accounts = accounts
        let line = sample.jsonLine()
        #expect(line.contains("\"accounts\":[{") && line.contains("\"egw00201\":1"))
        #expect(try JSONDecoder().decode(TimelineRecord.self, from: Data(line.utf8)) == sample)
    }
}
