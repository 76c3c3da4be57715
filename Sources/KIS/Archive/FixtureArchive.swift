import Foundation
import IPC
import System

/// The real KIS payloads of `../shared/kis/fixtures/` (copied into `Tests/KISTests/Fixtures`) as a
/// short session archive, so the pipeline can run on the only real KRX bytes the project has
/// (`kisctl fixture-archive`, and the replay tests).
///
/// The frames come from different days and hours, so they are stamped 10 market seconds apart from
/// 09:00:00 on one trading day, in file order; the documented inquire-price answer (SK hynix)
/// comes first, at 08:59:50.
public enum FixtureArchive {
    /// Files holding real WebSocket text frames, one a line.
    public static let frameFiles = [
        "h0stcnt0_frame_001.txt", "h0stcnt0_frame_002_thirdparty_test.txt",
        "h0stasp0_frame_066570_thirdparty_test.txt", "h0upcnt0_frame_doc.txt",
        "ws_subscribe_response_H0STASP0_real_thirdparty_test.json", "ws_pingpong.json",
    ]
    /// The documented inquire-price answer and the query it answers.
    public static let inquirePrice = (file: "inquire_price_response_doc.json", code: "000660")
    /// The day the real trade frames carry (`BSOP_DATE` 20230612).
    public static let tradingDay = (year: 2023, month: 6, day: 12)

    /// The records, in time order.
    /// - Throws: when a fixture file cannot be read.
    public static func records(fixtureDirectory: URL) throws -> [WireRecord] {
        let midnight = dayStart()
        var records: [WireRecord] = []
        var time = midnight + 9 * 3600
        for file in frameFiles {
            let text = String(decoding: try Data(contentsOf: fixtureDirectory.appendingPathComponent(file)), as: UTF8.self)
            let frames = text.hasPrefix("{") ? [compact(text)] : text.split(separator: "\n").map(String.init).filter { $0.hasPrefix("0|") }
            for frame in frames {
                records.append(.webSocket(WebSocketFrameRecord(receivedAt: time, marketTime: time, text: frame)))
                time += 10
            }
        }
        let body = String(decoding: try Data(contentsOf: fixtureDirectory.appendingPathComponent(inquirePrice.file)), as: UTF8.self)
        let at = midnight + 9 * 3600 - 10
        records.append(.rest(RESTCallRecord(receivedAt: at, marketTime: at, trID: KISEndpoint.inquirePrice.trID(isVirtual: false) ?? "",
                                            path: KISEndpoint.inquirePrice.path,
                                            query: "FID_COND_MRKT_DIV_CODE=J&FID_INPUT_ISCD=\(inquirePrice.code)",
                                            status: 200, body: compact(body))))
        return records.sorted { $0.marketTime < $1.marketTime }
    }

    /// Writes the records into `directory` as one segment.
    public static func write(fixtureDirectory: URL, to directory: String, logger: Logger) throws -> Int {
        let records = try records(fixtureDirectory: fixtureDirectory)
        let writer = try WireArchiveWriter(directory: directory, component: "fixtures", logger: logger)
        for record in records { writer.append(record) }
        writer.flush()
        return records.count
    }

    /// Market epoch seconds of 00:00 KST on ``tradingDay``.
    static func dayStart() -> Double {
        var parts = tm()
        parts.tm_year = Int32(tradingDay.year - 1900); parts.tm_mon = Int32(tradingDay.month - 1); parts.tm_mday = Int32(tradingDay.day)
        return Double(timegm(&parts)) - MarketClock.kstOffset
    }

    /// A pretty-printed fixture as KIS sends it: one line.
    static func compact(_ json: String) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)),
              let data = try? JSONSerialization.data(withJSONObject: object) else { return json }
        return String(decoding: data, as: UTF8.self)
    }
}
