import IPC

extension SignalEvaluator {
    /// The poller's whole-market VI list, received `dataAge` market seconds before `now`: each row
    /// updates its stock's VI (KIS `HHMMSS` times read as today's market times) and runs the
    /// status rules, so a VI on a stock without a slot is signalled — and asks for one — within a
    /// poll of the trigger. Rows are taken oldest trigger first.
    /// `statusRulesOnly`: run only the KRX status rules (`statusKinds`) on the rows' stocks, leaving
    /// every other rule's state as it was (the reference detector: a notice is not a new price).
    public mutating func ingest(_ status: VIStatus, now: Double, dataAge: Double = 0, statusRulesOnly: Bool = false) -> SignalBatch {
        let time = now - max(0, dataAge)
        let midnight = time - MarketClock.secondsOfDay(time)
        func marketTime(_ text: String?) -> Double? {
            guard let text, text.count == 6, text != "000000" else { return nil }
            let chars = Array(text)
            // KIS `HHMMSS` in the one time-of-day parser's `HH:MM:SS`.
            guard let second = MarketClock.secondsOfDay(parsing: "\(String(chars[0..<2])):\(String(chars[2..<4])):\(String(chars[4..<6]))") else { return nil }
            return midnight + second
        }
        var batch = SignalBatch()
        let rows = status.events.compactMap { event in marketTime(event.triggerTime).map { (event, $0) } }.sorted { $0.1 < $1.1 }
        for (event, triggeredAt) in rows where !event.code.isEmpty {
            if !event.name.isEmpty { names[event.code] = event.name }
            var tracking = take(event.code, at: time)
            tracking.state.apply(event, triggeredAt: triggeredAt, releasedAt: marketTime(event.releaseTime))
            let found = evaluate(&tracking, trigger: .tape, time: time, now: now, dataAge: dataAge, source: .rest,
                                 receivedAt: status.receivedAt, statusRulesOnly: statusRulesOnly)
            stocks[event.code] = tracking
            batch.signals += found.signals
            batch.hints += found.hints
        }
        return batch
    }

    /// The rules that read a stock's KRX trading status (`TradingStatus`): VI, the limits, halts.
    public static let statusKinds: Set<SignalKind> = [.vi, .limitApproach, .limitLock, .limitUnlock, .halt, .resume]

    /// A market-operation notice for `code` at market time `now` (what H0STMKO0 pushes: a halt or a
    /// resumption, `TRHT_YN`): folds the status in, with no price, and runs only the status rules
    /// (`statusKinds`), so a stock that is not trading still gets its `halt` and `resume`.
    public mutating func ingestNotice(code: String, _ status: StatusObservation, now: Double, source: DataSource,
                                      receivedAt: Double) -> SignalBatch {
        var tracking = take(code, at: now)
        tracking.state.applyStatus(status, at: now)
        let batch = evaluate(&tracking, trigger: .tape, time: now, now: now, dataAge: 0, source: source,
                             receivedAt: receivedAt, statusRulesOnly: true)
        stocks[code] = tracking
        return batch
    }
}
