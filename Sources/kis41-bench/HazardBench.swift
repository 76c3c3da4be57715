import Allocation
import Benchmarks
import Foundation
import IPC
import Reports
import SignalEngine
import Simulator
import System

/// `bench hazard [--seed N] [--from HH:MM] [--to HH:MM | --day] [--horizon S] [--sweep S] [--sample S]
/// [--k N] [--features sweep,sector,history] [--raw] [--json]`: how predictable the next signal is, in-process
/// (no sockets, no pipeline, ≈ 1–3 wall minutes for the default window).
///
/// One seeded day is played second by second (`MarketTape`). The **reference** (`ReferenceRun.detector`,
/// the yardstick of `bench capture`, unchanged) reads the complete tape and says which stocks fire a
/// price or volume signal (every kind but the order-book ones) in the next `--horizon` market seconds
/// (default 60): the label. The **allocator's view** is rebuilt as the REST sweep gives it: every
/// stock quoted every `--sweep` seconds (default 5: 18 calls/s × 30 codes cover ≈ 2,600 stocks in
/// ≈ 5 s; `SweepView`), a volume, rise or fall ranking (top 30) every 5 s, and the signals the
/// pipeline's own engine (`SignalEvaluator`, default configuration) raises from those quotes. An
/// `AllocatorState` ingests it exactly as the allocator does and learns its hazard model online
/// from those signals (`advanceHazard`). No stock holds a WebSocket slot here, so the `websocket`
/// feature group has nothing to see: the bench measures what the budget-limited REST view can predict.
///
/// Every `--sample` seconds (default 15) each stock is scored by: `hazard` (the model's probability),
/// `slot-ev` (hazard × value of real-time data, what `slotScoring: hazard` ranks by), `heat` (the
/// default slot score), `ref-recency` (exp(−age/300 s) of the stock's last *reference* signal: a
/// diagnostic of how much signals cluster in time, with a view no allocator has), and `base` (a
/// constant). Reported per score, overall and by hour: AUC, precision@k (k = 41: the share of the
/// top 41 that fire within the horizon, the ceiling of a slot hit rate), recall@k (the share of the
/// firing stocks in the top k), and for `hazard` its calibration by decile against the reference.
enum HazardBench {
    static let scorers = ["hazard", "slot-ev", "heat", "ref-recency", "base"]

    struct Options {
        var capture: CaptureBench.Options
        var horizon = 60.0
        var sweep = 5
        var sample = 15
        var k = 41
        var features = HazardFeatureGroup.allCases
        /// `--raw`: the base model's probability, without the Platt recalibration.
        var recalibrate = true

        init(_ arguments: [String]) throws {
            capture = try CaptureBench.Options(arguments)
            func number(_ name: String) throws -> Double? {
                guard let text = BenchOptions.value(name, in: arguments) else { return nil }
                guard let value = Double(text), value > 0, value.isFinite else { throw ExitError(.usage, "\(name): not a positive number: \(text)") }
                return value
            }
            recalibrate = !arguments.contains("--raw")
            horizon = try number("--horizon") ?? horizon
            sweep = try number("--sweep").map { Int($0.rounded()) } ?? sweep
            sample = try number("--sample").map { Int($0.rounded()) } ?? sample
            k = try number("--k").map { Int($0.rounded()) } ?? k
            guard sweep >= 1, sample >= 1, k >= 1 else { throw ExitError(.usage, "--sweep, --sample and --k must be at least 1") }
            if let text = BenchOptions.value("--features", in: arguments) {
                let names = text.split(separator: ",").map(String.init)
                let groups = names.compactMap(HazardFeatureGroup.init(rawValue:))
                guard groups.count == names.count else {
                    throw ExitError(.usage, "--features: a comma-separated subset of \(HazardFeatureGroup.allCases.map(\.rawValue).joined(separator: ","))")
                }
                features = groups
            }
        }
    }

    static func run(_ arguments: [String]) async throws -> BenchReport {
        guard CaptureBench.explicitlyNamed("hazard") else {
            return BenchReport(name: "hazard", lines: ["skipped: a simulated day in-process; run ./run bench hazard"], figures: [("skipped", .bool(true))])
        }
        let options = try Options(arguments)
        let started = Date()
        let day = play(options)
        let wall = Date().timeIntervalSince(started)
        return report(day, options: options, wall: wall)
    }

    struct Day {
        var quality: [String: RankingQuality]
        var referenceSignals = 0
        var viewSignals = 0
        var stocks = 0
        var model: HazardModel
        /// The model's own calibration: against the signals it learns from (the sweep's view).
        var ownCalibration: HazardCalibration
        /// Against the reference, only the instants when the recalibration was fitted (not the
        /// day's first minutes, when it has too few outcomes and the base model's chance stands).
        var fittedCalibration: HazardCalibration
    }

    /// Plays the day and scores every sampled instant once its horizon has passed.
    static func play(_ options: Options) -> Day {
        let from = options.capture.fromSeconds, to = options.capture.toSeconds
        var tape = MarketTape(configuration: SimulationConfiguration(seed: options.capture.seed), from: from)
        var detector = ReferenceRun.detector(for: tape, from: from)
        let listings = tape.model.universe.listings
        let profiles = Dictionary(listings.map {
            ($0.code, StockProfile(market: $0.market.rawValue, previousDayVolume: Int($0.previousDayVolume)))
        }, uniquingKeysWith: { first, _ in first })
        var view = SignalEvaluator(profileLookup: { profiles[$0] })
        var configuration = AllocatorConfiguration()
        configuration.hazard.features = options.features
        configuration.hazard.recalibrate = options.recalibrate
        // As the allocator reads the master files: the previous day's whole volume (kis-sim's master
        // file writes the listing's as `전일거래량`), from which, with the sweep's cumulative volume,
        // the hazard estimates the volume against the same time of day (`SameTimeVolume`).
        let universe = StockUniverse(stocks: listings.map {
            UniverseStock(code: $0.code, name: $0.name, market: $0.market.rawValue, sector: "\($0.sector)",
                          previousDayVolume: Int($0.previousDayVolume))
        })
        var state = AllocatorState(configuration: configuration, universe: universe)
        let indexByCode = Dictionary(listings.indices.map { (listings[$0].code, $0) }, uniquingKeysWith: { first, _ in first })
        let bookKinds = ReferenceDetector.orderBookKinds
        var firing = FiringTimes(stocks: listings.count)
        var quality = Dictionary(uniqueKeysWithValues: scorers.map { ($0, RankingQuality(k: options.k, isProbability: $0 == "hazard")) })
        var pending: [(second: Double, scores: [String: [Double]], fitted: Bool)] = []
        var fittedCalibration = HazardCalibration()
        var referenceCursor = 0
        var viewSignals = 0
        let scorer = HeatScorer()
        var second = from
        while second <= to {
            tape.play(to: second) { detector.ingest($0) }
            let signals = detector.signals
            while referenceCursor < signals.count {
                let signal = signals[referenceCursor]
                referenceCursor += 1
                if !bookKinds.contains(signal.kind), let i = indexByCode[signal.code] { firing.record(index: i, second: signal.secondOfDay) }
            }
            let model = tape.model
            let now = tape.dayStart + second
            let whole = Int(second)
            if model.session != .closed {
                var quotes: [Quote] = []
                for i in listings.indices where SweepView.isDue(index: i, second: whole, period: options.sweep) {
                    quotes.append(SweepView.quote(model.quote(at: i), book: model.orderBook(listings[i].code), now: now))
                }
                state.ingest(quotes, now: now)
                for quote in quotes {
                    for signal in view.ingest(quote, now: now).signals {
                        state.ingest(signal, now: now)
                        viewSignals += 1
                    }
                }
                if whole % 5 == 0 { state.ingest(ranking(model, turn: whole / 5, now: now), now: now) }
            }
            state.advanceHazard(now: now)
            if whole % options.sample == 0 {
                let window = state.window(at: now)
                let hazards = state.hazards(now: now)
                let auction = MarketClock.secondsOfDay(now) < 9 * 3600
                var scores: [String: [Double]] = [:]
                scores["hazard"] = hazards
                scores["slot-ev"] = state.expectedValueScores(hazards: hazards, window: window, now: now)
                scores["heat"] = state.activity.map { scorer.score($0, weights: window.weights, now: now, inAuction: auction) }
                scores["ref-recency"] = listings.indices.map { i in firing.secondsSinceLast(index: i, now: second).map { exp(-$0 / 300) } ?? 0 }
                scores["base"] = [Double](repeating: 0, count: listings.count)
                pending.append((second, scores, state.hazard.model.isRecalibrating && state.hazard.model.recalibration.isActive))
            }
            // An instant is labelled once the tape has passed its horizon (the reference has spoken).
            while let first = pending.first, first.second + options.horizon <= second || second >= to {
                pending.removeFirst()
                guard first.second + options.horizon <= to else { continue }
                let fired = listings.indices.map { firing.fired(index: $0, after: first.second, horizon: options.horizon) }
                let hour = Int(first.second / 3600)
                for (name, values) in first.scores { quality[name]?.record(scores: values, fired: fired, hour: hour) }
                if first.fitted, let hazards = first.scores["hazard"] {
                    for i in hazards.indices { fittedCalibration.record(predicted: hazards[i], fired: fired[i]) }
                }
            }
            second += 1
        }
        return Day(quality: quality, referenceSignals: priceAndVolumeCount(detector, excluding: bookKinds), viewSignals: viewSignals,
                   stocks: listings.count, model: state.hazard.model,
                   ownCalibration: state.hazard.calibration, fittedCalibration: fittedCalibration)
    }

    static func priceAndVolumeCount(_ detector: ReferenceDetector, excluding kinds: Set<String>) -> Int {
        detector.signals.reduce(0) { $0 + (kinds.contains($1.kind) ? 0 : 1) }
    }

    /// The discovery rotation's rankings (volume, rise, fall), top 30, as the poller maps them.
    static func ranking(_ model: MarketModel, turn: Int, now: Double) -> Ranking {
        let kind = ["volume", "rise", "fall"][turn % 3]
        let rows: [MarketQuote] = switch kind {
        case "volume": model.topByVolume(count: 30)
        case "rise": model.topByChangeRate(count: 30, direction: .up)
        default: model.topByChangeRate(count: 30, direction: .down)
        }
        return Ranking(kind: kind, rows: rows.enumerated().map { n, q in
            RankingRow(rank: n + 1, code: q.code, name: q.name, price: q.price, changeRate: q.changeRate, cumulativeVolume: Int(q.cumulativeVolume))
        }, receivedAt: now)
    }

    static func report(_ day: Day, options: Options, wall: Double) -> BenchReport {
        let o = options
        var lines = ["seed \(o.capture.seed), \(o.capture.from)–\(o.capture.to): \(day.stocks) stocks, \(day.referenceSignals) reference price/volume "
                     + "signals, \(day.viewSignals) from the sweep's view; horizon \(Clock.format(o.horizon)) s, sweep every \(o.sweep) s, "
                     + "sampled every \(o.sample) s, k = \(o.k), features \(o.features.map(\.rawValue).joined(separator: ",")); "
                     + String(format: "%.0f wall s", wall)]
        func cell(_ value: Double?, percent: Bool) -> String {
            guard let value else { return "    n/a" }
            return percent ? String(format: "%6.1f%%", value * 100) : String(format: "%7.3f", value)
        }
        let hours = day.quality["base"]?.hours ?? []
        lines.append("score        " + (["all"] + hours.map { String(format: "%02d h", $0) }).map { $0.padding(toLength: 23, withPad: " ", startingAt: 0) }.joined())
        lines.append("             " + String(repeating: "AUC    P@k     R@k     ", count: hours.count + 1))
        var figures: [(String, JSONValue)] = [("seed", .number(Double(o.capture.seed))), ("horizon_s", .number(o.horizon)), ("k", .number(Double(o.k))),
                                              ("reference_signals", .number(Double(day.referenceSignals))), ("view_signals", .number(Double(day.viewSignals)))]
        for name in scorers {
            guard let q = day.quality[name] else { continue }
            let row = ([nil] + hours.map(Optional.some)).map { hour -> String in
                let s = q.summary(hour: hour)
                return cell(s.auc, percent: false) + cell(s.precisionAtK, percent: true) + cell(s.recallAtK, percent: true) + "  "
            }.joined()
            lines.append(name.padding(toLength: 12, withPad: " ", startingAt: 0) + " " + row)
            var byHour: [String: JSONValue] = [:]
            for hour in hours {
                let s = q.summary(hour: hour)
                byHour[String(hour)] = summaryJSON(s)
            }
            figures.append((name, .object(["all": summaryJSON(q.summary()), "by_hour": .object(byHour)])))
        }
        if let base = day.quality["base"]?.summary() {
            lines.append(String(format: "base rate: %.2f %% of stock-instants fire within the horizon (%d of %d, %d instants)",
                                (base.baseRate ?? 0) * 100, base.positives, base.examples, base.instants))
        }
        func deciles(_ calibration: HazardCalibration) -> String {
            calibration.bins.enumerated().filter { $0.element.count > 0 }.map { i, bin in
                String(format: "%d0%%: %.3f→%.3f (%d)", i, bin.meanPredicted ?? 0, bin.realisedRate ?? 0, bin.count)
            }.joined(separator: ", ") + String(format: "; expected calibration error %.4f", calibration.expectedCalibrationError ?? 0)
        }
        if let calibration = day.quality["hazard"]?.calibration {
            lines.append("hazard calibration against the reference, by decile (predicted→realised, examples): " + deciles(calibration))
            figures.append(("hazard_calibration_error", .number(Clock.round(calibration.expectedCalibrationError ?? 0, 4))))
        }
        if options.recalibrate {
            lines.append("  of which once the recalibration was fitted: " + deciles(day.fittedCalibration))
            figures.append(("hazard_fitted_calibration_error", .number(Clock.round(day.fittedCalibration.expectedCalibrationError ?? 0, 4))))
        }
        lines.append("hazard calibration against what it learns from (the view's signals): " + deciles(day.ownCalibration))
        figures.append(("hazard_own_calibration_error", .number(Clock.round(day.ownCalibration.expectedCalibrationError ?? 0, 4))))
        let platt = day.model.recalibration
        lines.append(String(format: "recalibration (Platt on held-out outcomes): %@, slope %.3f, offset %.3f over %d outcomes (%d fired)",
                            day.model.isRecalibrating ? (platt.isActive ? "on" : "on, not yet fitted") : "off (--raw)",
                            platt.slope, platt.offset, platt.outcomes, platt.positives))
        figures.append(("recalibration", .object(["on": .bool(day.model.isRecalibrating), "slope": .number(Clock.round(platt.slope, 4)),
                                                  "offset": .number(Clock.round(platt.offset, 4))])))
        let weights = zip(HazardFeatures.layout, day.model.averageWeights).map { String(format: "%@ %.2f", $0.name, $1) }
        lines.append("learned weights (averaged): " + weights.joined(separator: ", "))
        return BenchReport(name: "hazard", lines: lines, figures: figures)
    }

    static func summaryJSON(_ s: RankingQuality.Summary) -> JSONValue {
        func value(_ x: Double?) -> JSONValue { x.map { .number(Clock.round($0, 4)) } ?? .null }
        return .object(["auc": value(s.auc), "precision_at_k": value(s.precisionAtK), "recall_at_k": value(s.recallAtK),
                        "base_rate": value(s.baseRate), "instants": .number(Double(s.instants)), "examples": .number(Double(s.examples))])
    }
}
