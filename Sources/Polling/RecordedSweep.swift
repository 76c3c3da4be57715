import IPC
import KIS
import Net

/// A replay's poll plan: the recorded session's own quote calls (``RecordedCall``), each made when
/// the market clock reaches the time its recorded answer arrived, in recorded order, instead of
/// what the ``PollScheduler`` would choose. Replayed against the same recording (`kis-sim
/// --replay`), every REST answer the recorded pipeline read is read again, with its recorded
/// `Date`, so each stock's REST observations are the recorded ones, in the recorded order, at the
/// recorded market times — however fast this machine polls. A pure state machine over market time.
///
/// A call waits while another call for one of its stocks (or the same list) is in flight, as the
/// recorded one never overlapped one for the same stock: so each stock's answers arrive, and are
/// published, in recorded order even when a replay running behind makes several calls at once.
///
/// A call that fails (refused by the rate limit, a transport error) is tried again after
/// ``retryDelaySeconds`` while it is younger than ``retryWindowSeconds``: the recorded one was
/// answered, and an answer older than that would not be believed as the data's time anyway
/// (`DataTime.maximumLag`).
public struct RecordedSweep: Sendable {
    /// One call to make and the market time from which it is due.
    public struct Entry: Sendable, Equatable {
        public var time: Double
        public var call: PollCall
    }

    public static let retryDelaySeconds = 0.5
    public static let retryWindowSeconds = 30.0

    /// The calls, in recorded order.
    public let entries: [Entry]
    /// Recorded calls this poller cannot make (an endpoint it does not use).
    public let skipped: Int
    private var nextIndex = 0
    /// Failed calls waiting for their retry: (due, recorded time, call), oldest first.
    private var retries: [(due: Double, time: Double, call: PollCall)] = []
    /// Calls in flight: the recorded time of each (a call may be in flight more than once).
    private var inFlight: [PollCall: [Double]] = [:]
    /// What the calls in flight read (``subjects(of:)``), counted.
    private var busy: [String: Int] = [:]

    public init(calls: [RecordedCall]) {
        var entries: [Entry] = []
        var skipped = 0
        for recorded in calls {
            if let call = Self.pollCall(path: recorded.path, query: recorded.query) {
                entries.append(Entry(time: recorded.marketTime, call: call))
            } else {
                skipped += 1
            }
        }
        // Stable by time: calls answered at the same instant keep their recorded order.
        self.entries = entries.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
        self.skipped = skipped
    }

    /// The ``PollCall`` that sends `path?query`; nil for an endpoint the poller does not call.
    public static func pollCall(path: String, query: String) -> PollCall? {
        let items = QueryString.parse(query)
        let values = Dictionary(items.map { ($0.name.uppercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        switch path {
        case KISEndpoint.multiPrice.path:
            let codes = MultiPriceQuery(query: values).items.map(\.code)
            return codes.isEmpty ? nil : .quotes(codes)
        case KISEndpoint.inquirePrice.path:
            return values["FID_INPUT_ISCD"].map(PollCall.quote)
        case KISEndpoint.askingPrice.path:
            return values["FID_INPUT_ISCD"].map(PollCall.orderBook)
        case KISEndpoint.volumeRank.path:
            return .ranking(.volume)
        case KISEndpoint.fluctuation.path:
            return .ranking(values["FID_RANK_SORT_CLS_CODE"] == "0" ? .rise : .fall)
        case KISEndpoint.indexPrice.path:
            return values["FID_INPUT_ISCD"].map(PollCall.index)
        case KISEndpoint.viStatus.path:
            return .viStatus
        default:
            return nil
        }
    }

    /// Skips the calls recorded before `time` (a poller restarted mid-replay: their answers are
    /// too old to be believed as the data's time, and making them all at once would only delay the
    /// ones that are due). Returns how many were skipped.
    @discardableResult
    public mutating func skip(before time: Double) -> Int {
        let start = nextIndex
        while nextIndex < entries.count, entries[nextIndex].time < time { nextIndex += 1 }
        return nextIndex - start
    }

    /// Whether every call has been made and answered (none left, none waiting for a retry).
    public var isFinished: Bool { nextIndex == entries.count && retries.isEmpty && inFlight.isEmpty }

    /// Calls not made yet (retries included).
    public var remaining: Int { entries.count - nextIndex + retries.count }

    /// The next call due at `now`: a retry that is due, else the next recorded call whose time has
    /// come; nil while that one waits for a call in flight on the same stock.
    public mutating func next(now: Double) -> PollCall? {
        if let index = retries.firstIndex(where: { $0.due <= now && !isBlocked($0.call) }) {
            let retry = retries.remove(at: index)
            start(retry.call, recordedAt: retry.time)
            return retry.call
        }
        guard nextIndex < entries.count, entries[nextIndex].time <= now, !isBlocked(entries[nextIndex].call) else { return nil }
        let entry = entries[nextIndex]
        nextIndex += 1
        start(entry.call, recordedAt: entry.time)
        return entry.call
    }

    /// What a call reads, for ordering: the stocks of a quote call, else the call itself.
    static func subjects(of call: PollCall) -> [String] {
        call.quoteCodes.isEmpty ? ["\(call)"] : call.quoteCodes
    }

    private func isBlocked(_ call: PollCall) -> Bool { Self.subjects(of: call).contains { busy[$0] != nil } }

    private mutating func start(_ call: PollCall, recordedAt time: Double) {
        inFlight[call, default: []].append(time)
        for subject in Self.subjects(of: call) { busy[subject, default: 0] += 1 }
    }

    /// When the next call becomes due (market time), or nil when none is left to make.
    public func nextWakeUp(now: Double) -> Double? {
        var wake = retries.map(\.due).min()
        if nextIndex < entries.count { wake = min(wake ?? .infinity, entries[nextIndex].time) }
        return wake.map { max(now, $0) }
    }

    /// Records how a call made by ``next(now:)`` ended: a failure is tried again while it is young
    /// enough (``retryWindowSeconds`` after its recorded time).
    public mutating func complete(_ call: PollCall, succeeded: Bool, now: Double) {
        guard var times = inFlight[call], !times.isEmpty else { return }
        let time = times.removeFirst()
        inFlight[call] = times.isEmpty ? nil : times
        for subject in Self.subjects(of: call) {
            let count = (busy[subject] ?? 1) - 1
            busy[subject] = count > 0 ? count : nil
        }
        guard !succeeded, now + Self.retryDelaySeconds - time < Self.retryWindowSeconds else { return }
        retries.append((due: now + Self.retryDelaySeconds, time: time, call: call))
    }
}
