import IPC
@testable import SignalEngine

/// A REST quote of a stock whose day has a 10,000 base price and ±30 % limits (13,000 / 7,000),
/// with the KRX status fields a multi-price row carries.
func krxQuote(_ price: Int, phase: String = "0", sign: Int? = nil, volume: Int = 100_000, bid: Int? = nil,
              bidQuantity: Int? = nil, halted: Bool? = nil, code: String = "005930") -> Quote {
    var quote = Quote(code: code, price: price, previousClose: 10_000, change: price - 10_000,
                      changeRate: Double(price - 10_000) / 100, cumulativeVolume: volume, open: 10_000, high: max(price, 10_000),
                      low: min(price, 10_000), ask: price + 10, bid: bid ?? price, receivedAt: 0)
    quote.phase = phase; quote.sign = sign ?? (price > 10_000 ? 2 : price < 10_000 ? 5 : 3)
    quote.upperLimit = 13_000; quote.lowerLimit = 7_000
    quote.bidQuantity = bidQuantity; quote.isHalted = halted
    return quote
}

/// Feeds `(time, quote)` pairs and returns everything that came out.
func feed(_ quotes: [(Double, Quote)], into evaluator: inout SignalEvaluator) -> SignalBatch {
    var out = SignalBatch()
    for (time, quote) in quotes {
        let batch = evaluator.ingest(quote, now: time)
        out.signals += batch.signals
        out.hints += batch.hints
    }
    return out
}

/// Quotes every `step` seconds from `start` through `end` at one price and phase.
func steady(_ price: Int, from start: Double, to end: Double, step: Double = 5, phase: String = "0", sign: Int? = nil,
            bid: Int? = nil, bidQuantity: Int? = nil, halted: Bool? = nil) -> [(Double, Quote)] {
    stride(from: start, through: end, by: step).map {
        ($0, krxQuote(price, phase: phase, sign: sign, bid: bid, bidQuantity: bidQuantity, halted: halted))
    }
}

/// One row of the whole-market VI list.
func viRow(active: Bool, trigger: String, release: String? = nil, kind: String = "dynamic", triggerPrice: Int = 10_600,
           reference: Int = 10_000, code: String = "005930") -> VIStatus {
    VIStatus(events: [VIEvent(code: code, name: "삼성전자", isActive: active, kind: kind, triggerTime: trigger, releaseTime: release,
                              triggerPrice: triggerPrice, referencePrice: reference,
                              deviationPercent: Double(triggerPrice - reference) / Double(reference) * 100, count: 1)],
             receivedAt: 0)
}
