import IPC
import System

/// The `"signals"` section of the configuration file. Every key has a documented default; a file
/// only names what it changes. All durations are market seconds or minutes.
public struct SignalsConfiguration: Codable, Sendable, Equatable {
    /// `gap`: open (or expected open before 09:00) against the previous close.
    public struct Gap: Codable, Sendable, Equatable {
        /// |gap| at or beyond this fires, percent. Default 3.
        public var thresholdPercent = 3.0
        /// Minutes after 09:00 during which an actual-open gap is still news. Default 30.
        public var windowMinutes = 30.0
        /// Cooldown per stock, seconds. Default 1800.
        public var cooldownSeconds = 1800.0
        public init() {}
    }

    /// `volume_surge`: cumulative volume against the previous day's at the same time.
    public struct VolumeSurge: Codable, Sendable, Equatable {
        /// Ratio that fires a signal. Default 3.
        public var signalRatio = 3.0
        /// Ratio that only raises the stock's score with the allocator (watch level). Default 2.
        public var watchRatio = 2.0
        /// Cumulative volume below this is too thin to judge against the previous day. Default 10,000 shares.
        public var minimumVolume = 10_000
        /// A burst also fires (the cumulative ratio barely moves for a few busy minutes at 10:30, and
        /// REST quotes carry no previous-day volume): each of the last `windowMinutes` minutes at
        /// this multiple of the stock's median minute over the `baselineMinutes` before them (the
        /// lowest of them over the median: `SustainedVolume`). Default 2.
        public var windowRatio = 2.0
        /// … and worth at least this much, won (price × shares in the window). Default 3,000,000.
        public var minimumWindowValue = 3_000_000.0
        /// The burst window, whole minutes, every one of which must be lifted. Default 3.
        public var windowMinutes = 3.0
        /// The minutes before the burst window whose median is the stock's usual minute (window +
        /// baseline at most 14: the tape holds 15 minutes). Default 10.
        public var baselineMinutes = 10.0
        /// Cooldown per stock, seconds. Default 900.
        public var cooldownSeconds = 900.0
        public init() {}
    }

    /// `volume_breakout`: the day's volume crossing each multiple of the stock's previous-day volume
    /// (once a day each).
    public struct VolumeBreakout: Codable, Sendable, Equatable {
        /// Multiples of the previous day's whole volume, ascending. Default [2, 4].
        public var multiples = [2.0, 4.0]
        /// … and at least this many shares (a thin stock doubling a few hundred shares is no news).
        /// Default 50,000.
        public var minimumVolume = 50_000
        public init() {}
    }

    /// The false-alarm budget (`FalseAlarmBudget`): each rule's threshold from the chance signals a
    /// day the whole universe may produce, under each stock's null of the rule's statistic.
    public struct Budget: Codable, Sendable, Equatable {
        /// Expected chance signals per kind per day across the universe; 0 turns the budget off (the
        /// rules' configured thresholds alone). Default 20.
        public var signalsPerKindPerDay = 20.0
        /// Stocks tested (the universe). Default 2,600.
        public var universeStocks = 2_600
        /// Samples (market minutes) of a stock's own statistic before its own null is used; before,
        /// the pool of its market and liquidity band. Default 30.
        public var minimumHistory = 30
        /// Samples a pool needs before it is used. Default 200.
        public var minimumPoolSamples = 200
        /// The shape of the null's tail beyond the stock's location and scale: `pooled` (the pool's
        /// fitted heavy tail, `TailFit`: the default, which keeps the budget within about 2× on
        /// kis-sim and whose `momentum` and `breakout` signals follow through) or `student`
        /// (Student's t: 50–200× the budget on kis-sim, far more planted moves caught, no edge by outcome;
        /// README, "The false-alarm budget").
        public var tailShape = TailShape.pooled
        /// Whether a budgeted statistic tested all day holds fire on a stock until a null exists (its
        /// own `minimumHistory`, or its pool's `minimumPoolSamples`): before, there is no threshold
        /// the budget sets. On a market that is the statistic's first minute or so (2,600 stocks
        /// fill a pool within it); on a lone stock, its first `minimumHistory` minutes. `false`: the
        /// rule's configured threshold decides alone until then. Default true.
        public var holdUntilNull = true
        public init() {}
    }

    /// What a budgeted threshold and a confidence take as the tail of a standardized statistic.
    public enum TailShape: String, Codable, Sendable, Equatable {
        /// Student's t with the stock's null's degrees of freedom.
        case student
        /// The generalized Pareto tail fitted to the pool's standardized samples.
        case pooled
    }

    /// `momentum`: a move large for the stock's own volatility, on volume above its recent pace.
    public struct Momentum: Codable, Sendable, Equatable {
        /// Windows the move is measured over, minutes, shortest first, each a statistic (a channel of
        /// the false-alarm budget) of its own; at most 30 (`maximumWindowMinutes`: the tape reaches
        /// back over the longest and the `baselineMinutes` before it, `tapeSeconds`). Default
        /// [3, 5, 10, 15] (a planted run lasts 5–15 minutes; a steady drift's z grows like √T up to
        /// its length).
        public var windowsMinutes = [3.0, 5.0, 10.0, 15.0]
        /// The move is measured between prices that held this long at either end of the window
        /// (`StockState.heldLogReturn`): a print counts once the next one, or the prints of this many
        /// seconds, did not take it back. 0 = the last print. Default 1. On trade-fed stocks only: on a stock
        /// only REST quotes reach, a quote's price is taken as it stands (`MomentumRule`).
        public var holdSeconds = 1.0
        /// The move must be at least this many standard deviations of the stock's own returns over
        /// the window. Default 4.
        public var zScore = 4.0
        /// … and at least this large, percent. Default 1.
        public var minimumPercent = 1.0
        /// Minutes of 1-minute returns the volatility estimate needs. Default 5.
        public var minimumHistoryMinutes = 5.0
        /// A floor under the 1-minute volatility, percent (a stock that has not moved all day is not
        /// infinitely surprised by one tick). Default 0.05.
        public var minimumMinuteVolatilityPercent = 0.05
        /// The window's volume must be this multiple of the stock's pace over the `baselineMinutes`
        /// before it. Default 1.3 (a run trades about twice its usual volume).
        public var volumeFactor = 1.3
        /// The pace's span, minutes. Default 10.
        public var baselineMinutes = 10.0
        /// Cooldown per stock, seconds. Default 300.
        public var cooldownSeconds = 300.0
        public init() {}
    }

    /// `breakout`: a new intraday high (or low), reached by a move large for the stock, on rising volume.
    public struct Breakout: Codable, Sendable, Equatable {
        /// No breakouts in the first minutes of the session, when every tick is a new extreme. Default 10.
        public var minutesAfterOpen = 10.0
        /// The window before the new extreme, minutes. Default 2.
        public var windowMinutes = 2.0
        /// The move over the window, in standard deviations of the stock's own returns over that
        /// length (`ReturnVariance`), at least. Default 4.
        public var zScore = 4.0
        /// The window's volume against the stock's pace over the `baselineMinutes` before it. Default 2.
        public var volumeFactor = 2.0
        /// The pace's span, minutes. Default 10.
        public var baselineMinutes = 10.0
        /// Cooldown per stock, seconds. Default 600.
        public var cooldownSeconds = 600.0
        public init() {}
    }

    /// `closing_momentum`: continuation of the day's move between 14:00 and 15:20.
    public struct ClosingMomentum: Codable, Sendable, Equatable {
        /// |change from the previous close| at least this, percent. Default 2.
        public var dayChangePercent = 2.0
        /// Return over the window in the same direction, at least this, percent. Default 0.5.
        public var windowReturnPercent = 0.5
        /// … and at least this many standard deviations of the stock's own returns over the window
        /// (`ReturnVariance`; 0 = no such test). Default 2 (without it, any stock 2 % up on the day
        /// drifting on in the busy afternoon fired: ~1,900 signals for 30 closing runs on seed 41).
        public var zScore = 2.0
        /// Window length, minutes (1, 5 or 15). Default 15.
        public var windowMinutes = 15.0
        /// Window volume against the day's average for that length. Default 1.2.
        public var volumeFactor = 1.2
        /// Cooldown per stock, seconds. Default 1200.
        public var cooldownSeconds = 1200.0
        public init() {}
    }

    /// `book_imbalance`: total bid against total ask quantity (stocks with order books).
    public struct BookImbalance: Codable, Sendable, Equatable {
        /// bid / (bid + ask) at or above this fires `up`; at or below 1 − this fires `down`. Default 0.7.
        public var bidShare = 0.7
        /// Books with fewer shares in total are ignored. Default 10,000.
        public var minimumTotalQuantity = 10_000
        /// Cooldown per stock, seconds. Default 300.
        public var cooldownSeconds = 300.0
        public init() {}
    }

    /// Promotion hints to the allocator.
    public struct Feedback: Codable, Sendable, Equatable {
        /// Send hints at all. Default true.
        public var isEnabled = true
        /// A signal whose priority reaches this becomes an `emergency`; below, a `score`. Default 80.
        public var emergencyPriority = 80.0
        /// At most one emergency per stock in this many seconds. Default 120.
        public var emergencyCooldownSeconds = 120.0
        public init() {}
    }

    /// Outcome measurement for the daily report.
    public struct Evaluation: Codable, Sendable, Equatable {
        /// A signal is a hit when price moves this far its way within the horizon, percent. Default 1.
        public var targetPercent = 1.0
        /// Horizon, market minutes; following a signal naively exits at its end. Default 10.
        public var horizonMinutes = 10.0
        /// Market time (HH:MM KST) after which the day's report is written. Default "15:30".
        public var reportAt = "15:30"
        /// File names in the run directory.
        public var journalFile = "signals.jsonl"
        public var reportFile = "signal-report.json"
        public init() {}

        /// `reportAt` as seconds since midnight.
        /// - Throws: `ExitError(.configuration, …)` when it is not `HH:MM`.
        public func reportSecond() throws -> Double {
            guard let second = MarketClock.secondsOfDay(parsing: reportAt, allowsSeconds: false) else {
                throw ExitError(.configuration, "configuration: signals.evaluation.reportAt: expected HH:MM, got \"\(reportAt)\"")
            }
            return second
        }
    }

    /// The KRX exchange-event kinds (`SignalsConfiguration+KRX.swift`).
    public var vi = VI()
    public var limitApproach = LimitApproach()
    public var limitLock = LimitLock()
    public var halt = Halt()

    public var gap = Gap()
    public var volumeSurge = VolumeSurge()
    public var volumeBreakout = VolumeBreakout()
    public var momentum = Momentum()
    public var breakout = Breakout()
    public var closingMomentum = ClosingMomentum()
    public var bookImbalance = BookImbalance()
    public var budget = Budget()
    public var feedback = Feedback()
    public var evaluation = Evaluation()
    /// Rolling-window sample spacing, seconds: ticks within one bucket replace each other. Default 1.
    public var sampleSeconds = 1.0
    /// How far back each stock's tape reaches, seconds: 15 minutes, or the longest momentum window
    /// (capped at `Momentum.maximumWindowMinutes`), the `baselineMinutes` before it (capped at 60)
    /// and a minute's margin (which covers the hold, at most 60 s), whichever is longer: 26 minutes
    /// by default. Memory per stock stays bounded: at most `tapeSeconds / sampleSeconds + 2` samples.
    public var tapeSeconds: Double {
        let longest = min(momentum.windowsMinutes.filter(\.isFinite).max() ?? 0, Momentum.maximumWindowMinutes)
        let baseline = momentum.baselineMinutes.isFinite ? min(max(0, momentum.baselineMinutes), 60) : 0
        return max(StockState.tapeSpan, (longest + baseline + 1) * 60)
    }
    /// How many minutes of 1-minute return sums each stock keeps (`ReturnVariance.keep`): the
    /// volatility is read as of a window's start, so at least the longest window and a few more. Default 20.
    public var varianceMinutes: Int {
        let longest = min(momentum.windowsMinutes.filter(\.isFinite).max() ?? 0, Momentum.maximumWindowMinutes)
        return max(20, Int(longest.rounded(.up)) + 5)
    }
    /// How often the day's state is saved to `signals-state.json`, wall seconds, so a restarted
    /// `signals` carries on where it was (`SignalsSnapshot`); 0 turns it off. Default 2.
    public var persistIntervalSeconds = 2.0

    public init() {}
}

extension SignalsConfiguration.Momentum {
    /// The longest window a configuration may name, minutes.
    public static let maximumWindowMinutes = 30.0
    /// The longest hold, seconds.
    public static let maximumHoldSeconds = 60.0

    /// - Throws: `ExitError(.configuration, …)` naming the key: a window not in (0, 30] minutes, or a
    ///   hold not in [0, 60] seconds.
    public func validate() throws {
        for window in windowsMinutes where !(window > 0 && window <= Self.maximumWindowMinutes) {
            throw ExitError(.configuration, "configuration: signals.momentum.windowsMinutes: each window must be more than 0 and at most \(Int(Self.maximumWindowMinutes)) minutes, got \(window)")
        }
        guard holdSeconds >= 0, holdSeconds <= Self.maximumHoldSeconds else {
            throw ExitError(.configuration, "configuration: signals.momentum.holdSeconds: must be 0 to \(Int(Self.maximumHoldSeconds)) seconds, got \(holdSeconds)")
        }
    }
}
