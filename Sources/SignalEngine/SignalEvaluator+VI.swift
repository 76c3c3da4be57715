import IPC

extension SignalEvaluator {
    /// The poller's whole-market VI list, received `dataAge` market seconds before `now`: each row
    /// updates its stock's VI (KIS `HHMMSS` times read as today's market times) and runs the
    /// status rules, so a VI on a stock without a slot is signalled — and asks for one — within a
    /// poll of the trigger. Rows are taken oldest trigger first.
    public mutating func ingest(_ status: VIStatus, now: Double, dataAge: Double = 0) -> SignalBatch {
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
                                 receivedAt: status.receivedAt)
            stocks[event.code] = tracking
            batch.signals += found.signals
            batch.hints += found.hints
        }
        return batch
    }
}
