import Foundation
import IPC
import System
import KIS
import Net

/// A recorded session (``WireArchiveReader``) as kis-sim serves it again: what KIS answered each
/// quote call with, and which data frame arrived when, indexed for lookups by market time.
///
/// - REST: a quote call gets the recorded answer for the same code nearest before the market time
///   (multi-price rows per code, so other batches than the recorded ones work); rankings the
///   latest recorded list; a code or endpoint never recorded gets KIS's "no data" answer. The
///   answer's time (its HTTP `Date`) is the recorded one: the data's, not the replay's.
///   A multi-price call that asks for the codes of a recorded call, in its order, gets that
///   call's recorded answer, byte for byte, once, oldest first (a replay's poller following the
///   recorded sweep, ``sweep``, asks exactly those); any other batch gets each code's rows, each
///   served once in recorded order (``catchUpSeconds``): a replayed poller whose own sweep runs a
///   little behind the recorded one still reads every answer the recorded session read, each
///   stamped with its own time, rather than skipping to the newest.
/// - WebSocket: data frames for a registered (TR, code), at their recorded market times.
final class ReplayFeed: @unchecked Sendable {
    /// One recorded data frame.
    struct Frame: Sendable {
        var marketTime: Double
        var registration: Registration
        var bytes: [UInt8]
    }

    /// Recorded data frames, in market-time order.
    let frames: [Frame]
    /// Market time of the first and last record.
    let firstMarketTime: Double
    let lastMarketTime: Double
    /// Codes that appear in the recording (trades, quotes), sorted.
    let codes: [String]
    private let multiPriceRows: [String: Timeline<Dated<MultiPriceRow>>]
    /// Recorded multi-price answers by the codes asked, in request order (``batchKey(_:)``).
    private let multiPriceCalls: [String: [RecordedAnswer]]
    /// Per batch key, the first recorded answer not served yet.
    private var nextCall: [String: Int] = [:]
    /// The answered quote calls, in recorded order: the sweep a replay's poller follows.
    let sweep: [RecordedCall]
    /// Per code, the index of the last multi-price row served.
    private var served: [String: Int] = [:]
    private let lock = NSLock()
    /// How far behind the market time an unserved row may still be served first, market seconds:
    /// the signal engine believes a data time up to this old (`DataTime.maximumLag`).
    static let catchUpSeconds = 30.0
    private let bodies: [String: Timeline<Dated<[UInt8]>>]

    /// A recorded value and the time of its answer (the recorded `Date`, else the arrival).
    struct Dated<Value: Sendable>: Sendable {
        var value: Value
        var time: Double
    }

    /// A recorded answer as served: the body and its time (Unix seconds, for the `Date` header).
    struct Answer: Sendable, Equatable {
        var body: [UInt8]
        var time: Double
    }

    /// A recorded multi-price answer: when it arrived, what it said, and which row of each code's
    /// timeline it carried.
    struct RecordedAnswer: Sendable {
        var marketTime: Double
        var answer: Answer
        var rows: [(code: String, index: Int)]
    }

    /// Values at market times, oldest first; `latest(atOrBefore:)` by binary search.
    struct Timeline<Value: Sendable>: Sendable {
        var times: [Double] = []
        var values: [Value] = []
        mutating func append(_ time: Double, _ value: Value) { times.append(time); values.append(value) }
        func latest(atOrBefore time: Double) -> Value? { index(atOrBefore: time).map { values[$0] } }
        func index(atOrBefore time: Double) -> Int? {
            var low = 0, high = times.count
            while low < high { let mid = (low + high) / 2; if times[mid] <= time { low = mid + 1 } else { high = mid } }
            return low == 0 ? nil : low - 1
        }
    }

    init(contents: WireArchiveReader.Contents) throws {
        var frames: [Frame] = []
        var rows: [String: Timeline<Dated<MultiPriceRow>>] = [:]
        var bodies: [String: Timeline<Dated<[UInt8]>>] = [:]
        var calls: [String: [RecordedAnswer]] = [:]
        var codes = Set<String>()
        for record in contents.records {
            switch record {
            case .webSocket(let frame):
                guard let (registration, bytes) = Self.dataFrame(frame.text) else { continue }
                frames.append(Frame(marketTime: frame.marketTime, registration: registration, bytes: bytes))
                if registration.trID != RealtimeTR.index { codes.insert(registration.trKey) }
            case .rest(let call):
                guard call.status == 200 else { continue }
                let date = call.serverDate ?? call.marketTime.rounded(.down)
                let query = QueryLookup(QueryString.parse(call.query)).values
                if call.path == KISEndpoint.multiPrice.path {
                    let response = try? JSONDecoder().decode(RESTSingleResponse<[MultiPriceRow]>.self, from: Data(call.body.utf8))
                    var carried: [(code: String, index: Int)] = []
                    for row in response?.output ?? [] {
                        guard let code = row.code else { continue }
                        carried.append((code, rows[code]?.times.count ?? 0))
                        rows[code, default: Timeline()].append(call.marketTime, Dated(value: row, time: date))
                        codes.insert(code)
                    }
                    let key = Self.batchKey(MultiPriceQuery(query: query).items)
                    calls[key, default: []].append(RecordedAnswer(marketTime: call.marketTime,
                                                                  answer: Answer(body: Array(call.body.utf8), time: date), rows: carried))
                } else {
                    bodies[Self.key(path: call.path, query: query), default: Timeline()].append(call.marketTime, Dated(value: Array(call.body.utf8), time: date))
                    if call.path != KISEndpoint.indexPrice.path, let code = query["FID_INPUT_ISCD"], code.count == 6 { codes.insert(code) }
                }
            }
        }
        guard let first = contents.records.first, let last = contents.records.last else {
            throw ExitError(.configuration, "the archive holds no record")
        }
        self.frames = frames
        self.multiPriceRows = rows
        self.multiPriceCalls = calls
        sweep = RecordedCall.sweep(of: contents.records)
        self.bodies = bodies
        self.codes = codes.sorted()
        firstMarketTime = first.marketTime
        lastMarketTime = last.marketTime
    }

    /// Reads an archive directory, from the moment the recorded pipeline was whole
    /// (`WireArchiveReader.readForReplay`).
    /// - Throws: `ExitError(.configuration, …)` for a directory without records.
    static func load(directory: String) throws -> ReplayFeed {
        try ReplayFeed(contents: WireArchiveReader.readForReplay(directory: URL(fileURLWithPath: directory)).contents)
    }

    /// The answer to a quote call at market time `time`, or nil for "no data". A multi-price
    /// answer assembled from rows of several recorded calls is as old as its newest row.
    func answer(path: String, query: QueryLookup, at time: Double) -> Answer? {
        if path == KISEndpoint.multiPrice.path {
            let items = MultiPriceQuery(query: query.values).items
            if let recorded = lock.withLock({ nextRecorded(Self.batchKey(items), at: time) }) { return recorded }
            let found = lock.withLock { items.compactMap { next(for: $0.code, at: time) } }
            guard let newest = found.map(\.time).max() else { return nil }
            return Answer(body: QuoteRoutes.encode(RESTSingleResponse(output: found.map(\.value))), time: newest)
        }
        return bodies[Self.key(path: path, query: query.values)]?.latest(atOrBefore: time).map { Answer(body: $0.value, time: $0.time) }
    }

    /// The oldest recorded answer to the batch `key` not served yet, arrived at or before `time`
    /// and not more than ``catchUpSeconds`` before it; its rows count as served. Called under `lock`.
    private func nextRecorded(_ key: String, at time: Double) -> Answer? {
        guard let answers = multiPriceCalls[key] else { return nil }
        var index = nextCall[key] ?? 0
        while index < answers.count, answers[index].marketTime < time - Self.catchUpSeconds { index += 1 }
        nextCall[key] = index
        guard index < answers.count, answers[index].marketTime <= time else { return nil }
        nextCall[key] = index + 1
        for (code, row) in answers[index].rows { served[code] = max(served[code] ?? -1, row) }
        return answers[index].answer
    }

    /// A multi-price batch's identity: its codes in request order.
    static func batchKey(_ items: [MultiPriceQuery.Item]) -> String { items.map(\.code).joined(separator: ",") }

    /// The multi-price row of `code` to serve at `time`: the one after the last served, unless that
    /// is older than ``catchUpSeconds`` (then the oldest that is not) or not yet recorded (then the
    /// newest at or before `time`, again). Called under `lock`.
    private func next(for code: String, at time: Double) -> Dated<MultiPriceRow>? {
        guard let timeline = multiPriceRows[code], let newest = timeline.index(atOrBefore: time) else { return nil }
        var index = min(newest, (served[code] ?? -1) + 1)
        while index < newest, timeline.times[index] < time - Self.catchUpSeconds { index += 1 }
        served[code] = index
        return timeline.values[index]
    }

    /// The recorded frames in `(after, upTo]` for the registrations in `wanted`.
    func frames(after start: Double, upTo end: Double, wanted: Set<Registration>) -> [Registration: [[UInt8]]] {
        guard !wanted.isEmpty, end > start else { return [:] }
        var low = 0, high = frames.count
        while low < high { let mid = (low + high) / 2; if frames[mid].marketTime <= start { low = mid + 1 } else { high = mid } }
        var out: [Registration: [[UInt8]]] = [:]
        var index = low
        while index < frames.count, frames[index].marketTime <= end {
            let frame = frames[index]
            if wanted.contains(frame.registration) { out[frame.registration, default: []].append(frame.bytes) }
            index += 1
        }
        return out
    }

    /// What identifies a recorded answer besides the time: the path and the query values that
    /// select the data (the code for single quotes, the ranking's sort for rankings).
    static func key(path: String, query: [String: String]) -> String {
        let selectors = ["FID_INPUT_ISCD", "FID_BLNG_CLS_CODE", "FID_RANK_SORT_CLS_CODE", "FID_PRC_CLS_CODE"]
        return ([path] + selectors.map { query[$0] ?? "" }).joined(separator: "|")
    }

    /// A plain data frame `0|TR|NNN|code^…`: its registration (TR, first field) and bytes.
    /// Encrypted frames (`1|…`, execution notices) cannot be replayed without their key.
    static func dataFrame(_ text: String) -> (Registration, [UInt8])? {
        guard text.hasPrefix("0|") else { return nil }
        let parts = text.split(separator: "|", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        let code = parts[3].prefix { $0 != "^" }
        guard !code.isEmpty else { return nil }
        return (Registration(trID: String(parts[1]), trKey: String(code)), Array(text.utf8))
    }
}
