import Foundation
import IPC
@testable import SignalEngine

/// 2026-11-25 00:00 KST.
let testDay: Double = 1_795_532_400

/// Market time of `HH:MM:SS` KST on the test day.
func at(_ hour: Int, _ minute: Int, _ second: Double = 0) -> Double {
    testDay + Double(hour * 3600 + minute * 60) + second
}

/// One synthetic data point that can travel as a WebSocket trade or as a REST quote.
struct Tick {
    var code = "005930"
    var price: Int
    var previousClose = 10_000
    var open: Int?
    var high = 0
    var low = 0
    var volume: Int
    var previousDayVolume: Int?
    var expectedPrice: Int?

    var trade: Trade {
        Trade(code: code, time: "000000", price: price, change: price - previousClose,
              changeRate: Double(price - previousClose) / Double(previousClose) * 100, volume: 1,
              cumulativeVolume: volume, open: open ?? price, high: high, low: low, ask: price + 10, bid: price,
              previousDayVolumeRate: previousDayVolume.map { Double(volume) / Double($0) * 100 }, receivedAt: 0)
    }

    var quote: Quote {
        Quote(code: code, price: price, previousClose: previousClose, change: price - previousClose,
              changeRate: Double(price - previousClose) / Double(previousClose) * 100, cumulativeVolume: volume,
              open: open ?? (price > 0 ? price : 0), high: high, low: low, expectedPrice: expectedPrice,
              previousDayVolume: previousDayVolume, receivedAt: 0)
    }
}

/// Feeds `ticks` to `evaluator` through one path and returns the signals (and hints) in order.
func feed(_ ticks: [(Double, Tick)], via source: DataSource, into evaluator: inout SignalEvaluator) -> SignalBatch {
    var out = SignalBatch()
    for (time, tick) in ticks {
        let batch = source == .websocket ? evaluator.ingest(tick.trade, now: time) : evaluator.ingest(tick.quote, now: time)
        out.signals += batch.signals
        out.hints += batch.hints
    }
    return out
}

/// Signals of `ticks` through one path with `configuration`.
func signals(_ ticks: [(Double, Tick)], via source: DataSource = .websocket,
             configuration: SignalsConfiguration = .init()) -> [TradeSignal] {
    var evaluator = SignalEvaluator(configuration: configuration)
    return feed(ticks, via: source, into: &evaluator).signals
}

extension SignalsConfiguration {
    /// The defaults without the budget's wait for a null (`budget.holdUntilNull`): a lone stock has
    /// no pool, so its budgeted rules would hold fire for its first `minimumHistory` minutes of each
    /// statistic, where on a market the pool exists within the first one. For tests of a rule's
    /// logic early in its statistic's life.
    static var lone: SignalsConfiguration {
        var configuration = SignalsConfiguration()
        configuration.budget.holdUntilNull = false
        return configuration
    }
}

/// A calm tape: a tick every `step` seconds from `start` to `end`, price wobbling ±0.2 % around
/// `price`, `volumePerStep` shares each step, the previous day traded the same amount.
func calmTape(from start: Double, to end: Double, step: Double = 10, price: Int = 10_000, volumePerStep: Int = 1_000,
              startVolume: Int = 0, previousDayFactor: Double? = 1) -> [(Double, Tick)] {
    var ticks: [(Double, Tick)] = []
    var time = start, volume = startVolume, i = 0
    while time <= end {
        volume += volumePerStep
        let wobble = [0, 10, 20, 10, 0, -10, -20, -10][i % 8]
        ticks.append((time, Tick(price: price + wobble, open: price, volume: volume,
                                 previousDayVolume: previousDayFactor.map { Int(Double(volume) / $0) })))
        time += step; i += 1
    }
    return ticks
}

/// The kinds of `signals`, in order.
func kinds(_ signals: [TradeSignal]) -> [String] { signals.map(\.kind.rawValue) }

/// `signals` without the fields that legitimately differ between the two paths.
func comparable(_ signals: [TradeSignal]) -> [TradeSignal] {
    signals.map { var s = $0; s.source = .websocket; return s }
}

/// Builds a tape segment by segment, carrying time, price and cumulative volume along.
struct TapeBuilder {
    var time: Double
    var price: Int
    var volume = 0
    var previousClose = 10_000
    var open: Int?
    var ticks: [(Double, Tick)] = []

    init(from time: Double, price: Int = 10_000, previousClose: Int = 10_000) {
        self.time = time; self.price = price; self.previousClose = previousClose
    }

    private mutating func tick(_ price: Int, volume step: Int) {
        volume += step
        ticks.append((time, Tick(price: price, previousClose: previousClose, open: open ?? previousClose, volume: volume)))
    }

    /// Ticks every `step` s until `end`, wobbling ±0.2 % around the current price.
    mutating func calm(until end: Double, step: Double = 10, volumePerStep: Int = 1_000) {
        var i = 0
        while time <= end {
            tick(price + price * [0, 1, 2, 1, 0, -1, -2, -1][i % 8] / 1000, volume: volumePerStep)
            time += step; i += 1
        }
    }

    /// Ticks every `step` s until `end` at an unchanged price (a quiet stock).
    mutating func quiet(until end: Double, step: Double = 10, volumePerStep: Int = 1_000) {
        while time <= end {
            tick(price, volume: volumePerStep)
            time += step
        }
    }

    /// Ticks every `step` s until `end`, swinging ±`percent` around the current price over a
    /// 4-minute cycle (a volatile stock).
    mutating func swing(until end: Double, percent: Double, step: Double = 10, volumePerStep: Int = 1_000) {
        let center = Double(price)
        var i = 0
        while time <= end {
            let phase = Double(i) * step / 240 * 2 * Double.pi
            tick(Int((center * (1 + percent / 100 * sin(phase))).rounded()), volume: volumePerStep)
            time += step; i += 1
        }
        price = Int(center)
    }

    /// Moves the price linearly to `target` over `steps` ticks `step` s apart.
    mutating func move(to target: Int, steps: Int, step: Double = 10, volumePerStep: Int) {
        let start = price
        for i in 1...steps {
            price = start + (target - start) * i / steps
            tick(price, volume: volumePerStep)
            time += step
        }
    }
}
