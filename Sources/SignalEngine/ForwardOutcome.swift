import Foundation

/// Signals judged by the tape alone: did the price follow the signal's direction over the next
/// 5, 15 and 30 market minutes? Needs no knowledge of what generated the market, and it is what a
/// trader cares about. Entry is the close of the signal's minute (after the signal: no look-ahead;
/// the first minute's, 09:00, for a signal before the open),
/// exit the close `h` minutes later (the last close before it when the stock did not trade then);
/// a signal whose exit falls after the last minute seen is left out of that horizon.
///
/// - **hit rate**: the share of signals whose return in their direction was above 0 (an unchanged
///   price is no hit);
/// - **edge**: the mean return in the signal's direction less that of random times of the same
///   stock (the mean `h`-minute return over all its minutes of the day, in the same direction), in
///   the stock's own standard deviations of `h`-minute returns: 0 is no better than a coin, > 0
///   the signal knew something.
public enum ForwardOutcome {
    public static let horizons = [5, 15, 30]

    /// One signal, reduced to what judging needs.
    public struct Signal: Sendable, Equatable {
        public var code: String
        public var kind: String
        /// +1 up, −1 down.
        public var sign: Double
        public var secondOfDay: Double
        public init(code: String, kind: String, sign: Double, secondOfDay: Double) {
            self.code = code; self.kind = kind; self.sign = sign; self.secondOfDay = secondOfDay
        }
    }

    /// Figures at one horizon.
    public struct Horizon: Codable, Sendable, Equatable {
        /// Signals judged at this horizon.
        public var count = 0
        public var hitRate = 0.0
        /// Mean return in the signal's direction less random times', in σ of the stock's `h`-minute returns.
        public var edgeSigma = 0.0
        /// Mean return in the signal's direction, percent.
        public var meanReturnPercent = 0.0
        public init() {}
    }

    /// Figures of a group of signals: its size and each horizon (`"5"`, `"15"`, `"30"` minutes).
    public struct Figures: Codable, Sendable, Equatable {
        public var signals = 0
        public var horizons: [String: Horizon] = [:]
        public init() {}
        public func at(_ minutes: Int) -> Horizon? { horizons[String(minutes)] }
    }

    /// The day judged per kind, and per kind and hour of the day (`"09"` … `"15"`).
    public struct Report: Codable, Sendable, Equatable {
        public var byKind: [String: Figures] = [:]
        public var byKindAndHour: [String: [String: Figures]] = [:]
        public init() {}
    }

    /// A stock's `h`-minute returns over the day: their mean and standard deviation (log returns).
    struct Baseline { var mean: Double; var deviation: Double }

    static func baseline(_ series: [Int], horizon: Int) -> Baseline? {
        var sum = 0.0, squares = 0.0, n = 0.0
        var index = 0
        while index + horizon < series.count {
            let a = series[index], b = series[index + horizon]
            if a > 0, b > 0 {
                let r = log(Double(b) / Double(a))
                sum += r; squares += r * r; n += 1
            }
            index += 1
        }
        guard n > 1 else { return nil }
        let mean = sum / n
        let variance = max(0, (squares - n * mean * mean) / (n - 1))
        return Baseline(mean: mean, deviation: variance.squareRoot())
    }

    /// Judges `signals` on `closes`, with exits up to minute close `lastMinute` (inclusive).
    public static func judge(_ signals: [Signal], closes: MinuteCloses, lastMinute: Int) -> Report {
        var series: [String: [Int]] = [:]
        var baselines: [String: [Int: Baseline]] = [:]
        // Per signal and horizon: (hit, return, standardized excess) or nil.
        struct Judged { var kind: String; var hour: String; var results: [Int: (hit: Bool, r: Double, excess: Double)] }
        var judged: [Judged] = []
        for signal in signals {
            guard let entryMinute = MinuteCloses.entryMinute(signal.secondOfDay) else { continue }
            if series[signal.code] == nil { series[signal.code] = closes.filled(signal.code) }
            let closesOfStock = series[signal.code]!
            var results: [Int: (hit: Bool, r: Double, excess: Double)] = [:]
            for h in horizons where entryMinute + h <= lastMinute && entryMinute + h < closesOfStock.count {
                let entry = closesOfStock[entryMinute], exit = closesOfStock[entryMinute + h]
                guard entry > 0, exit > 0 else { continue }
                if baselines[signal.code]?[h] == nil, let b = baseline(closesOfStock, horizon: h) { baselines[signal.code, default: [:]][h] = b }
                let r = signal.sign * log(Double(exit) / Double(entry))
                var excess = 0.0
                if let b = baselines[signal.code]?[h], b.deviation > 0 { excess = (r - signal.sign * b.mean) / b.deviation }
                results[h] = (r > 0, r, excess)
            }
            let hour = Int(signal.secondOfDay / 3600)
            judged.append(Judged(kind: signal.kind, hour: hour < 10 ? "0\(hour)" : String(hour), results: results))
        }
        func figures(_ group: [Judged]) -> Figures {
            var f = Figures()
            f.signals = group.count
            for h in horizons {
                let values = group.compactMap { $0.results[h] }
                guard !values.isEmpty else { continue }
                var horizon = Horizon()
                horizon.count = values.count
                let n = Double(values.count)
                horizon.hitRate = round(Double(values.filter(\.hit).count) / n, 3)
                horizon.edgeSigma = round(values.reduce(0) { $0 + $1.excess } / n, 3)
                horizon.meanReturnPercent = round(values.reduce(0) { $0 + (exp($1.r) - 1) * 100 } / n, 3)
                f.horizons[String(h)] = horizon
            }
            return f
        }
        var report = Report()
        for (kind, group) in Dictionary(grouping: judged, by: \.kind) {
            report.byKind[kind] = figures(group)
            report.byKindAndHour[kind] = Dictionary(grouping: group, by: \.hour).mapValues(figures)
        }
        return report
    }

    static func round(_ value: Double, _ digits: Int) -> Double {
        let scale = pow(10, Double(digits))
        return (value * scale).rounded() / scale
    }
}
