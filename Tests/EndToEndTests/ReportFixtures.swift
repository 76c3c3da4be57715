import Foundation
import IPC
import Reports

/// A small synthetic session in a temporary run directory: timeline, signals and events files.
enum ReportFixtures {
    static let day = 1_795_564_800.0 - 9 * 3600  // 2026-11-25 00:00 KST
    static func at(_ h: Int, _ m: Int, _ s: Int = 0) -> Double { day + Double(h * 3600 + m * 60 + s) }

    static func timeline() -> [TimelineRecord] {
        var records: [TimelineRecord] = []
        records.append(.allocation(t: at(9, 0), generation: 1, window: "gap_focus", strategy: "day", holders: [
            .init(code: "005930", tier: 1), .init(code: "035420", tier: 2), .init(code: "0001", tier: 0),
        ], slotsUsed: 4, capacity: 41, fallback: false))
        records.append(.allocation(t: at(9, 5), generation: 2, window: "gap_focus", strategy: "day", holders: [
            .init(code: "005930", tier: 1), .init(code: "<b>x&y</b>", tier: 2), .init(code: "0001", tier: 0),
        ], slotsUsed: 4, capacity: 41, fallback: false))
        for second in stride(from: 0, to: 600, by: 10) {
            var sample = TimelineRecord.sample(t: at(9, 0, second))
            sample.callsPerSecond = 15 + Double(second % 30) / 10
            sample.limitPerSecond = 18
            sample.successRate = 0.99
            sample.covered = 2600
            sample.staleness = ["high": .init(codes: 150, p50: 2, p95: 4.5), "background": .init(codes: 2450, p50: 3, p95: 6)]
            sample.slotsUsed = 4; sample.capacity = 41; sample.connected = true
            records.append(sample)
        }
        return records
    }

    static func signal(_ time: String, _ code: String, _ kind: String, name: String = "NAVER") -> TradeSignal {
        TradeSignal(time: "2026-11-25T\(time)+09:00", code: code, name: name, kind: SignalKind(rawValue: kind)!, direction: .up, strength: 4.2,
                    price: 142_500, changeRate: 4.2, volume: 1_234_567, source: .websocket, tier: 1, dataAgeSeconds: 0.2,
                    reason: "test", receivedAt: 0)
    }

    static func signals() -> [TradeSignal] {
        [signal("08:59:10", "035420", "gap"), signal("09:01:00", "005930", "volume_surge", name: "<script>alert(1)</script>"),
         signal("09:04:00", "000660", "breakout", name: "SK하이닉스")]
    }

    static func events() -> [GroundTruthEvent] {
        [GroundTruthEvent(id: "E1", kind: "openingGap", code: "035420", name: "NAVER", start: 8 * 3600 + 59 * 60, end: 9 * 3600 + 600, magnitude: 4.2),
         GroundTruthEvent(id: "E2", kind: "volumeSurge", code: "005930", name: "삼성전자", start: 9 * 3600 + 50, end: 9 * 3600 + 400, magnitude: 5),
         GroundTruthEvent(id: "E3", kind: "momentumRun", code: "068270", name: "Celltrion & Co", start: 9 * 3600 + 100, end: 9 * 3600 + 500, magnitude: 3),
         GroundTruthEvent(id: "E4", kind: "volumeBlip", code: "000660", start: 9 * 3600 + 200, end: 9 * 3600 + 260, noise: true),
         GroundTruthEvent(id: "E5", kind: "closingRun", code: "005930", start: 14 * 3600, end: 15 * 3600)]
    }

    /// Writes the three files into a fresh temporary run directory.
    static func writeRunDirectory() throws -> RunDirectory {
        let path = NSTemporaryDirectory() + "k41-report-\(UUID().uuidString.prefix(8))"
        let directory = RunDirectory(path: path)
        try directory.prepare()
        let encoder = JSONEncoder()
        func lines<T: Encodable>(_ items: [T]) throws -> Data {
            Data(try items.map { String(decoding: try encoder.encode($0), as: UTF8.self) + "\n" }.joined().utf8)
        }
        try Data((timeline().map { $0.jsonLine() }.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: directory.path("timeline.jsonl")))
        try lines(signals()).write(to: URL(fileURLWithPath: directory.path("signals.jsonl")))
        var events = try lines(events())
        events.append(Data("{not json\n".utf8))  // a broken line is skipped
        try events.write(to: URL(fileURLWithPath: directory.path("events.jsonl")))
        return directory
    }
}
