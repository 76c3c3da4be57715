import Foundation
import SignalEngine
import Simulator

/// `bench detectability`: the ceiling of any price/volume detector on the planted events. Runs the
/// seeded day in-process over the whole universe (every stock watched, the complete tape), builds
/// minute bars, and judges each planted non-noise event's exact window with `Detectability` against
/// every other window of the same length of the same stock, of its pool (market and liquidity band,
/// the false-alarm budget's `NullPoolKey.band`) and of the universe, outside any planted event or
/// decoy. A window's tail probability p becomes the chance alarms a day an oracle detector would
/// accept to catch it: p × 380 tests (minutes) per stock × the stocks.
public enum DetectabilityBenchmark {
    /// The false-alarm budget the aims are judged at (chance signals per kind per day).
    public static let budget = 20.0
    /// Tests per stock per day: one per minute of the continuous session (09:00–15:20).
    public static let testsPerStock = 380.0
    /// Minutes around each planted event or decoy that no null window may touch.
    public static let margin = 2

    /// One null's verdicts on a kind's events.
    public struct Null: Sendable {
        /// Chance alarms a day per event (p × tests × stocks; infinity where the statistic is
        /// undefined), counting every window as a test, and counting each excursion once (episodes).
        public var alarms: [Double] = []
        public var episodeAlarms: [Double] = []
        /// Events beyond every window of the null, and the null's median size (its resolution).
        public var beyondAll = 0
        public var medianSize = 0

        /// Alarms a day at the null's floor, p = 1 / (size + 1).
        public func floor(stocks: Int) -> Double {
            medianSize > 0 ? testsPerStock * Double(stocks) / Double(medianSize + 1) : .infinity
        }
    }

    /// One event kind judged on one statistic.
    public struct Row: Sendable {
        public var kind: EventKind
        public var statistic: Detectability.Statistic
        public var orientation: Detectability.Orientation
        /// Events of the kind inside the window (whole windows only), and of the whole day.
        public var events: Int
        public var eventsPerDay: Int
        public var own = Null()
        public var pool = Null()
        public var universe = Null()
        /// Per event, in the order of the nulls' arrays: its id, stock code, planted magnitude, window
        /// length (minutes), the statistic's value (nil: undefined) and the stock's trades in the window.
        public var details: [(id: String, code: String, magnitude: Double, length: Int, value: Double?, trades: Int)] = []
    }

    public struct Result: Sendable {
        public var rows: [Row]
        public var stocks: Int
        public var minutes: Int
        public var wallSeconds: Double
    }

    /// The statistics each kind is judged on, and their orientation.
    public static func statistics(for kind: EventKind) -> [(Detectability.Statistic, Detectability.Orientation)] {
        switch kind {
        case .breakout: return [(.logReturn, .signed), (.zReturn, .signed), (.scaledReturn, .signed), (.joint, .signed)]
        case .momentumRun: return [(.logReturn, .absolute), (.zReturn, .absolute), (.scaledReturn, .absolute), (.joint, .absolute)]
        case .closingRun: return [(.logReturn, .absolute), (.zReturn, .absolute), (.scaledReturn, .absolute)]
        case .volumeSurge: return [(.volumeRatio, .signed), (.minuteFloor, .signed), (.scaledVolume, .signed)]
        case .openingGap, .volumeBlip, .priceWiggle: return []
        }
    }

    public static let kinds: [EventKind] = [.momentumRun, .breakout, .closingRun, .volumeSurge]

    /// The event's window in minutes from `from`: price statistics take every minute the event
    /// touches (the whole move); volume statistics only the minutes wholly inside it (no dilution by
    /// a partial first or last minute). Nil when it does not fit inside the bars (a return needs the
    /// minute before).
    public static func window(stock: Int, start: Double, end: Double, from: Double, minutes: Int, volume: Bool) -> Detectability.Window? {
        let first = volume ? Int(((start - from) / 60).rounded(.up)) : Int(((start - from) / 60).rounded(.down))
        let last = volume ? Int(((end - from) / 60).rounded(.down)) - 1 : Int(((end - from) / 60).rounded(.up)) - 1
        guard first >= 1, last >= first, last < minutes else { return nil }
        return Detectability.Window(stock: stock, start: first, length: last - first + 1)
    }

    public static func run(configuration: SimulationConfiguration, from: Double, to: Double) -> Result {
        let started = Date()
        var model = MarketModel(configuration: configuration)
        let bars = MinuteBars.record(&model, from: from, to: to).bars
        let minutes = bars.minutes
        let listings = model.universe.listings
        let index = Dictionary(listings.indices.map { (listings[$0].code, $0) }, uniquingKeysWith: { a, _ in a })
        var excluded = [[Bool]](repeating: [Bool](repeating: false, count: minutes), count: listings.count)
        for event in model.schedule.events {
            guard let i = index[event.code] else { continue }
            let a = max(0, Int(((event.start - from) / 60).rounded(.down)) - margin)
            let b = min(minutes - 1, Int(((event.end - from) / 60).rounded(.up)) + margin)
            if a <= b { for m in a...b { excluded[i][m] = true } }
        }
        var pools: [String: Int] = [:]
        let series = listings.indices.map { i -> Detectability.Series in
            let key = "\(listings[i].market.rawValue)/\(NullPoolKey.band(price: listings[i].previousClose, volume: Int(listings[i].previousDayVolume)))"
            let pool = pools[key] ?? pools.count
            pools[key] = pool
            let closes = bars.closes(i)?.map { Foundation.log($0) } ?? []
            let volumes = Array(bars.volume[(i * minutes)..<((i + 1) * minutes)])
            return Detectability.Series(logCloses: closes, volumes: volumes, excluded: excluded[i], pool: pool)
        }
        let tape = Detectability(series: series)
        let stocks = listings.count
        func alarms(_ p: Double?) -> Double {
            p.map { Detectability.alarmsPerDay(p: $0, stocks: stocks, testsPerStock: testsPerStock) } ?? .infinity
        }
        var rows: [Row] = []
        for kind in kinds {
            let all = model.schedule.events(of: kind)
            for (statistic, orientation) in statistics(for: kind) {
                let volume = statistic.isVolume
                let windows = all.compactMap { e in
                    index[e.code].flatMap { window(stock: $0, start: e.start, end: e.end, from: from, minutes: minutes, volume: volume) }.map { (e, $0) }
                }
                var row = Row(kind: kind, statistic: statistic, orientation: orientation, events: windows.count, eventsPerDay: all.count)
                var sizes: [[Double]] = [[], [], []]
                for (_, group) in Dictionary(grouping: windows, by: \.1.length).sorted(by: { $0.key < $1.key }) {
                    for ((event, w), judgement) in zip(group, tape.judge(group.map(\.1), statistic, orientation)) {
                        let trades = (w.start..<(w.start + w.length)).reduce(0) { $0 + Int(bars.count[w.stock * minutes + $1]) }
                        row.details.append((event.id, event.code, event.magnitude, w.length, judgement?.value, trades))
                        let tails = [judgement?.own, judgement?.pool, judgement?.universe]
                        for (n, path) in [\Row.own, \Row.pool, \Row.universe].enumerated() {
                            row[keyPath: path].alarms.append(alarms(tails[n]?.p))
                            row[keyPath: path].episodeAlarms.append(alarms(tails[n]?.episodeP))
                            guard let tail = tails[n] else { continue }
                            sizes[n].append(Double(tail.count))
                            if tail.beyondAll && tail.count > 0 { row[keyPath: path].beyondAll += 1 }
                        }
                    }
                }
                for (n, path) in [\Row.own, \Row.pool, \Row.universe].enumerated() {
                    row[keyPath: path].medianSize = Int(TapeStatistics.median(sizes[n]) ?? 0)
                }
                rows.append(row)
            }
        }
        return Result(rows: rows, stocks: stocks, minutes: minutes, wallSeconds: Date().timeIntervalSince(started))
    }

    /// The q-quantile (nearest rank, 0 < q ≤ 1) of values; infinity counts as the largest; nil when empty.
    public static func quantile(_ values: [Double], _ q: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = max(1, Int((q * Double(sorted.count)).rounded(.up)))
        return sorted[min(sorted.count, rank) - 1]
    }

    /// Precision of a detector that catches `share` of `eventsPerDay` events and accepts `alarms` chance alarms a day.
    public static func precision(eventsPerDay: Int, share: Double, alarms: Double) -> Double {
        let caught = share * Double(eventsPerDay)
        return caught + alarms > 0 ? caught / (caught + alarms) : 0
    }
}
