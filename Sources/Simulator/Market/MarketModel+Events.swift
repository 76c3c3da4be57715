import Foundation

/// The effect an event has on one stock over a window: trade-rate and size multipliers and a drift
/// of the fair log-price (per second). Breakouts resolve their drift when they start, from the
/// intraday high reached by then.
struct EventEffect: Sendable {
    var stock: Int
    var start: Double
    var end: Double
    var rate = 1.0
    var size = 1.0
    var drift = 0.0
    var breakoutPercent = 0.0
}

/// An effect in force, with its resolved drift.
struct ActiveEffect: Sendable {
    var effect: Int
    var drift: Double
}

extension MarketModel {
    /// Translates the schedule into effects. A volume multiple m splits into rate m^0.6 × size m^0.4.
    static func effects(for schedule: EventSchedule, universe: SimulatedUniverse, seed: UInt64) -> [EventEffect] {
        var out: [EventEffect] = []
        func volume(_ e: inout EventEffect, _ multiple: Double) {
            e.rate = Foundation.pow(multiple, 0.6)
            e.size = Foundation.pow(multiple, 0.4)
        }
        for (n, event) in schedule.events.enumerated() {
            guard let i = universe.index(of: event.code), event.end > event.start else { continue }
            var rng = SeededGenerator(seed: seed, stream: 0x4546_4600 + UInt64(n))
            var e = EventEffect(stock: i, start: event.start, end: event.end)
            let move = Foundation.log(1 + event.magnitude / 100)
            switch event.kind {
            case .openingGap:
                // The price gap is set in the auction; here only the busy first minutes after the open.
                e.start = KRXRules.continuousStart
                volume(&e, 1 + 0.3 * abs(event.magnitude))
            case .volumeSurge:
                volume(&e, event.magnitude)
                let nudge = (rng.nextUnit() < 0.5 ? -1.0 : 1.0) * rng.nextDouble(in: 0.005...0.015)
                e.drift = nudge / event.duration
            case .breakout:
                volume(&e, 2.5)
                e.breakoutPercent = event.magnitude
            case .momentumRun:
                volume(&e, 2)
                e.drift = move / event.duration
            case .closingRun:
                // Lead-in: a slow drift the same way from 09:30, so the run continues the day's direction.
                let leadStart = KRXRules.continuousStart + 1_800
                var lead = EventEffect(stock: i, start: leadStart, end: event.start)
                lead.drift = (event.magnitude < 0 ? -1 : 1) * 0.015 / (event.start - leadStart)
                out.append(lead)
                volume(&e, 1.6)
                e.drift = move / event.duration
            case .volumeBlip:
                volume(&e, event.magnitude)
            case .priceWiggle:
                let middle = ((event.start + event.end) / 2).rounded(.down)
                var back = EventEffect(stock: i, start: middle, end: event.end)
                back.drift = -move / (event.end - middle)
                out.append(back)
                e.end = middle
                volume(&e, 1.3)
                e.drift = move / (middle - event.start)
            }
            out.append(e)
        }
        return out.sorted { ($0.start, $0.stock) < ($1.start, $1.stock) }
    }

    /// Ends effects whose window closed and starts those whose window opened, at step time `t0`.
    mutating func updateEffects(at t0: Double) {
        var touched: [Int] = []
        var k = 0
        while k < activeEffects.count {
            if effects[activeEffects[k].effect].end <= t0 {
                touched.append(effects[activeEffects[k].effect].stock)
                activeEffects.remove(at: k)
            } else {
                k += 1
            }
        }
        while nextEffect < effects.count, effects[nextEffect].start <= t0 {
            let e = effects[nextEffect]
            if e.end > t0 {
                var resolved = e.drift
                if e.breakoutPercent > 0 {
                    // Aim above the day's high (or the reference before any trade) by the planned percent.
                    let reference = Double(max(high[e.stock], price[e.stock]))
                    let target = Foundation.log(reference * (1 + e.breakoutPercent / 100))
                    let need = max(target - fair[e.stock], 0.5 * Foundation.log(1 + e.breakoutPercent / 100))
                    resolved = need / (e.end - t0)
                }
                activeEffects.append(ActiveEffect(effect: nextEffect, drift: resolved))
                touched.append(e.stock)
            }
            nextEffect += 1
        }
        for i in touched {
            rateMultiplier[i] = 1
            sizeMultiplier[i] = 1
            drift[i] = 0
            for active in activeEffects where effects[active.effect].stock == i {
                rateMultiplier[i] *= effects[active.effect].rate
                sizeMultiplier[i] *= effects[active.effect].size
                drift[i] += active.drift
            }
        }
    }
}
