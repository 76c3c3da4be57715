import Foundation
import Testing
@testable import Simulator

@Suite struct EventScheduleTests {
    static func log(seed: UInt64, scale: Double = 1) -> String {
        let configuration = SimulationConfiguration(seed: seed, universeScale: scale)
        let universe = SimulatedUniverse(seed: seed, scale: scale)
        let schedule = EventSchedule(universe: universe, configuration: configuration)
        return EventLog(schedule: schedule, universe: universe, tradingDate: configuration.tradingDate).jsonLines()
    }

    @Test func sameSeed_givesIdenticalEventLogBytes() {
        #expect(Array(Self.log(seed: 41).utf8) == Array(Self.log(seed: 41).utf8))
    }

    @Test func differentSeed_givesADifferentEventLog() {
        #expect(Self.log(seed: 41) != Self.log(seed: 42))
    }

    @Test func defaultSchedule_plants40GapsAnd150OtherEventsPlusDecoys() {
        let configuration = SimulationConfiguration()
        let universe = SimulatedUniverse(seed: 41)
        let schedule = EventSchedule(universe: universe, configuration: configuration)
        let gaps = schedule.events(of: .openingGap)
        let real = schedule.events.filter { !$0.kind.isNoise && $0.kind != .openingGap }
        #expect(gaps.count == 40)
        #expect(real.count == 150)
        #expect(schedule.events.filter(\.kind.isNoise).count == 80)
        // Distinct stocks, spread over the universe and the day.
        #expect(Set(schedule.events.map(\.code)).count == schedule.events.count)
        #expect(schedule.events.contains { universe.listing($0.code)?.market == .kosdaq })
        let starts = real.map(\.start)
        #expect(starts.min()! < 10 * 3600 && starts.max()! > 14 * 3600)
        for gap in gaps { #expect((3...15).contains(abs(gap.magnitude))) }
        for event in real { #expect(event.end > event.start && event.end <= KRXRules.closingAuctionStart) }
    }

    @Test func eventLog_writesOneStableJSONObjectPerLine() throws {
        let text = Self.log(seed: 41, scale: 0.1)
        let lines = text.split(separator: "\n")
        #expect(!lines.isEmpty && text.hasSuffix("\n"))
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["id"] is String && object["code"] is String && object["magnitude"] is NSNumber)
            #expect(line.hasPrefix("{\"id\":\"E"))
            #expect(line.contains(",\"kind\":") && line.contains("+09:00\""))
        }
    }

    @Test func iso8601_formatsMarketSecondsInKST() {
        let date = TradingDate(year: 2026, month: 11, day: 25)
        #expect(date.iso8601(9 * 3600 + 3 * 60 + 12.7) == "2026-11-25T09:03:12+09:00")
        #expect(date.compact == "20261125")
    }

    @Test func eventLogLine_hasFixedKeyOrder() {
        let universe = SimulatedUniverse(seed: 1, scale: 0.05)
        let event = MarketEvent(id: "E0001", kind: .volumeSurge, code: "005930", start: 36_000, end: 36_300, magnitude: 4.5)
        let log = EventLog(schedule: EventSchedule(events: [event]), universe: universe,
                           tradingDate: TradingDate(year: 2026, month: 11, day: 25))
        #expect(log.line(for: event) == "{\"id\":\"E0001\",\"kind\":\"volumeSurge\",\"code\":\"005930\",\"name\":\"삼성전자\","
            + "\"market\":\"KOSPI\",\"start\":36000,\"end\":36300,\"startTime\":\"2026-11-25T10:00:00+09:00\","
            + "\"endTime\":\"2026-11-25T10:05:00+09:00\",\"magnitude\":4.5,\"noise\":false}")
    }

    @Test func eventLog_writesTheFileItDescribes() throws {
        let model = TestMarket.generated(scale: 0.1)
        let log = EventLog(schedule: model.schedule, universe: model.universe, tradingDate: model.tradingDate)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("events-\(getpid()).jsonl")
        defer { try? FileManager.default.removeItem(at: url) }
        try log.write(to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == log.jsonLines())
    }
}
