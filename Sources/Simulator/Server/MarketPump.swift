import Foundation
import KIS
import Net

/// Drives the market on the scaled clock and feeds the sessions: every tick (50 ms real by default)
/// it advances the model to the market time, watching exactly the subscribed stocks, and queues per
/// session the data frames of its registrations — trades batched per stock (several records per
/// frame when busy), order books when they changed, indices once a market second, and encrypted
/// execution notices. It also sends PINGPONGs, drops silent sessions and injects WebSocket faults.
final class MarketPump: @unchecked Sendable {
    /// KIS frames count records in 3 digits; batches stay far below.
    static let maximumRecordsPerFrame = 50
    /// A synthetic execution notice every this many market seconds per notice registration.
    static let noticeInterval: Double = 60

    private let options: SimulatorOptions
    private let market: MarketHost
    private let hub: RealtimeHub
    private let state: SimulatorState
    private let dayClock: DayClock
    private let date: TradingDate
    private let encoder = DataFrameEncoder()
    // Pump-private state (only `tick()` touches it, from one task).
    private var lastBookSecond: [String: Int] = [:]
    private var lastIndexSecond = -1
    private var lastIndexTotals: [String: (volume: Int64, amount: Int64)] = [:]
    private var nextDropAt: Double?
    private var lastExpectedSecond: [String: Int] = [:]
    /// How many of the model's market operations (H0STMKO0) and finished episodes were handled.
    private var operationCursor = 0
    private var episodeCursor = 0
    /// `events.jsonl` of the run, where finished mechanics episodes are appended as they end.
    private let eventsFile: URL?
    private let eventLog: EventLog?

    /// Set in replay: recorded frames instead of the model's.
    private let replay: ReplayFeed?
    private var lastReplayTime: Double

    init(options: SimulatorOptions, market: MarketHost, hub: RealtimeHub, state: SimulatorState, dayClock: DayClock, date: TradingDate,
         replay: ReplayFeed? = nil) {
        self.replay = replay
        lastReplayTime = dayClock.clock.now()
        self.options = options
        self.market = market
        self.hub = hub
        self.state = state
        self.dayClock = dayClock
        self.date = date
        nextDropAt = options.faults.dropWebSocketEvery.map { dayClock.now() + $0 }
        eventsFile = replay == nil ? options.runDirectory.map { URL(fileURLWithPath: $0).appendingPathComponent("events.jsonl") } : nil
        eventLog = eventsFile == nil ? nil : market.read { EventLog(schedule: $0.schedule, universe: $0.universe, tradingDate: date) }
    }

    /// Ticks until cancelled.
    func run() async {
        let interval = UInt64(max(0.005, options.tickInterval) * 1e9)
        while !Task.isCancelled {
            tick()
            do { try await Task.sleep(nanoseconds: interval) } catch { return }
        }
    }

    /// One frame of bytes and the number of records in it.
    typealias Frame = (bytes: [UInt8], records: Int)

    /// Advances the market to now and queues what each session should receive.
    func tick() {
        let now = dayClock.now()
        let sessions = hub.all
        if let replay {
            replayTick(replay, now: now, sessions: sessions)
            return
        }
        var registrationsBySession: [(RealtimeSession, [Registration])] = []
        var tradeCodes = Set<String>(), bookCodes = Set<String>(), indexCodes = Set<String>()
        var expectedCodes = Set<String>(), operationCodes = Set<String>()
        for session in sessions {
            let registrations = session.registrations
            registrationsBySession.append((session, registrations))
            for r in registrations {
                switch r.trID {
                case RealtimeTR.trade: tradeCodes.insert(r.trKey)
                case RealtimeTR.orderBook: bookCodes.insert(r.trKey)
                case RealtimeTR.index: indexCodes.insert(r.trKey)
                case RealtimeTR.expectedTrade: expectedCodes.insert(r.trKey)
                case RealtimeTR.marketOperation: operationCodes.insert(r.trKey)
                default: break
                }
            }
        }
        let trades = market.advance(to: now, watching: tradeCodes)
        var tradesByCode: [String: [MarketTrade]] = [:]
        for trade in trades { tradesByCode[trade.code, default: []].append(trade) }
        var frames: [Registration: [Frame]] = [:]
        var noticeQuote: MarketQuote?
        let second = Int(now.rounded(.down))
        market.read { model in
            for (code, codeTrades) in tradesByCode where tradeCodes.contains(code) {
                guard let quote = model.quote(code), let book = model.orderBook(code) else { continue }
                let records = codeTrades.map { RealtimeRecord.trade(RealtimeRecords.trade($0, quote: quote, book: book, date: date)) }
                frames[Registration(trID: RealtimeTR.trade, trKey: code)] = batch(RealtimeTR.trade, records)
            }
            if model.session != .closed {
                for code in bookCodes where tradesByCode[code] != nil || lastBookSecond[code] != second {
                    guard let quote = model.quote(code), let book = model.orderBook(code) else { continue }
                    lastBookSecond[code] = second
                    frames[Registration(trID: RealtimeTR.orderBook, trKey: code)] =
                        batch(RealtimeTR.orderBook, [.orderBook(RealtimeRecords.orderBook(book, quote: quote))])
                }
                if second != lastIndexSecond {
                    lastIndexSecond = second
                    for code in indexCodes {
                        guard let index = model.indexQuote(code: code) else { continue }
                        let previous = lastIndexTotals[code] ?? (index.cumulativeVolume, index.cumulativeAmount)
                        lastIndexTotals[code] = (index.cumulativeVolume, index.cumulativeAmount)
                        let record = RealtimeRecords.index(index, tickVolume: index.cumulativeVolume - previous.volume,
                                                           tickAmount: index.cumulativeAmount - previous.amount)
                        frames[Registration(trID: RealtimeTR.index, trKey: code)] = batch(RealtimeTR.index, [.index(record)])
                    }
                }
            }
            mechanicsFrames(model, second: second, expectedCodes: expectedCodes, operationCodes: operationCodes, into: &frames)
            noticeQuote = model.quote("005930") ?? model.universe.listings.first.flatMap { model.quote($0.code) }
        }
        for (session, registrations) in registrationsBySession {
            deliver(frames: registrations.flatMap { frames[$0] ?? [] }, to: session)
            if let noticeQuote { deliverNotices(to: session, now: now, quote: noticeQuote) }
            heartbeat(session, now: now)
        }
        if let dropAt = nextDropAt, now >= dropAt, let every = options.faults.dropWebSocketEvery {
            nextDropAt = now + every
            drop(sessions, dirty: options.faults.dirtyDrop)
        }
    }

    /// H0STANC0 once a market second for registered stocks in a call auction (their own VI call
    /// included), H0STMKO0 for each new market-operation notice of a registered stock, and the newly
    /// finished mechanics episodes appended to `events.jsonl`.
    private func mechanicsFrames(_ model: MarketModel, second: Int, expectedCodes: Set<String>, operationCodes: Set<String>,
                                 into frames: inout [Registration: [Frame]]) {
        for code in expectedCodes where lastExpectedSecond[code] != second {
            guard let quote = model.quote(code), quote.isAuction, let book = model.orderBook(code) else { continue }
            lastExpectedSecond[code] = second
            frames[Registration(trID: RealtimeTR.expectedTrade, trKey: code)] =
                batch(RealtimeTR.expectedTrade, [MechanicsRecords.expectedTrade(quote, book: book, date: date)])
        }
        let operations = model.operations
        if operationCursor < operations.count {
            for op in operations[operationCursor...] where operationCodes.contains(op.code) {
                frames[Registration(trID: RealtimeTR.marketOperation, trKey: op.code), default: []] +=
                    batch(RealtimeTR.marketOperation, [MechanicsRecords.marketOperation(op)])
            }
            operationCursor = operations.count
        }
        let episodes = model.episodes
        guard episodeCursor < episodes.count else { return }
        let fresh = episodes[episodeCursor...].sorted { ($0.end, $0.code, $0.kind.rawValue) < ($1.end, $1.code, $1.kind.rawValue) }
        episodeCursor = episodes.count
        guard let eventsFile, let eventLog, let handle = try? FileHandle(forWritingTo: eventsFile) else { return }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        try? handle.write(contentsOf: Data(fresh.map { eventLog.line(for: $0) + "\n" }.joined().utf8))
    }

    /// Replay: each session gets the recorded frames of its registrations since the last tick, and
    /// its PINGPONGs as usual.
    private func replayTick(_ replay: ReplayFeed, now: Double, sessions: [RealtimeSession]) {
        let registrations = sessions.map { ($0, $0.registrations) }
        // Recordings are stamped in market epoch seconds; `now` is seconds of the trading day.
        let epoch = dayClock.clock.now()
        let frames = replay.frames(after: lastReplayTime, upTo: epoch, wanted: Set(registrations.flatMap(\.1)))
        lastReplayTime = max(lastReplayTime, epoch)
        for (session, held) in registrations {
            deliver(frames: held.flatMap { frames[$0] ?? [] }.map { ($0, 1) }, to: session)
            heartbeat(session, now: now)
        }
    }

    /// PINGPONG when due; a session silent too long is dropped.
    private func heartbeat(_ session: RealtimeSession, now: Double) {
        switch session.heartbeatTick(now: now) {
        case .none: break
        case .sendPing: session.enqueue(control: PingPong(datetime: date.compact + QuoteBodies.clock(now)).text)
        case .drop: session.enqueue(close: false)
        }
    }

    /// Drops every session: dirty = TCP closed without a close frame (the session then lingers).
    func drop(_ sessions: [RealtimeSession], dirty: Bool) {
        for session in sessions {
            if dirty { session.abort() } else { session.enqueue(close: false) }
        }
    }

    /// Frames of at most `maximumRecordsPerFrame` records; the malformed-frame fault miscounts one.
    private func batch(_ trID: String, _ records: [RealtimeRecord]) -> [Frame] {
        stride(from: 0, to: records.count, by: Self.maximumRecordsPerFrame).map { start in
            let chunk = Array(records[start..<min(records.count, start + Self.maximumRecordsPerFrame)])
            var bytes = encoder.encode(trID: trID, records: chunk)
            if state.roll(options.faults.malformedFrameRate) {
                // A record count that does not match the payload: `0|TR|NNN|…` with NNN one too high.
                bytes = Array("0|\(trID)|\(String(format: "%03d", chunk.count + 1))|".utf8) + encoder.payload(chunk)
            }
            return (bytes, chunk.count)
        }
    }

    private func deliver(frames: [Frame], to session: RealtimeSession) {
        guard !frames.isEmpty, let appKey = session.appKey else { return }
        let accepted = session.enqueue(data: frames.map { WebSocketFrame(opcode: .text, payload: $0.bytes) })
        let records = frames.reduce(0) { $0 + $1.records }
        state.count(appKey) { stats in
            if accepted { stats.framesSent += frames.count; stats.recordsSent += records } else { stats.framesDropped += frames.count }
        }
    }

    private func deliverNotices(to session: RealtimeSession, now: Double, quote: MarketQuote) {
        for (registration, sequence) in session.dueNotices(now: now, every: Self.noticeInterval) {
            guard let material = session.material(for: registration),
                  let cipher = try? NoticeCipher(key: material.key, iv: material.iv) else { continue }
            let notice = RealtimeRecords.notice(htsID: registration.trKey, sequence: sequence, quote: quote)
            guard let payload = try? cipher.encrypt(encoder.payloadString([.executionNotice(notice)])) else { continue }
            let text = encoder.encodeEncrypted(trID: registration.trID, count: 1, base64Payload: payload)
            deliver(frames: [(Array(text.utf8), 1)], to: session)
        }
    }
}
