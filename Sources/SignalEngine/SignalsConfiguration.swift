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
        /// Cumulative volume below this is too thin to judge. Default 10,000 shares.
        public var minimumVolume = 10_000
        /// A burst also fires: the last `windowMinutes`' volume at this multiple of the day's average
        /// for that length (the cumulative ratio barely moves for a few busy minutes at 10:30). Default 3.
        public var windowRatio = 3.0
        /// The burst window, minutes. Default 5.
        public var windowMinutes = 5.0
        /// Cooldown per stock, seconds. Default 900.
        public var cooldownSeconds = 900.0
        public init() {}
    }

    /// `volume_breakout`: cumulative volume crossing each threshold (once a day each).
    public struct VolumeBreakout: Codable, Sendable, Equatable {
        /// Shares, ascending. Default [1,000,000].
        public var thresholds = [1_000_000]
        public init() {}
    }

    /// `momentum`: 1- or 5-minute return with volume confirmation.
    public struct Momentum: Codable, Sendable, Equatable {
        /// |1-minute return| at or beyond this, percent. Default 1.5.
        public var oneMinutePercent = 1.5
        /// |5-minute return| at or beyond this, percent. Default 1.5 (runs of 2–6 % over 5–15 min
        /// move about 1–2 % in five minutes).
        public var fiveMinutePercent = 1.5
        /// The window's volume must be this multiple of the day's average for that length. Default 1.5
        /// (the day's average includes the heavy open, so a run's doubled volume shows as ~1.5×).
        public var volumeFactor = 1.5
        /// Cooldown per stock, seconds. Default 300.
        public var cooldownSeconds = 300.0
        public init() {}
    }

    /// `breakout`: a new intraday high (or low) on rising volume.
    public struct Breakout: Codable, Sendable, Equatable {
        /// No breakouts in the first minutes of the session, when every tick is a new extreme. Default 10.
        public var minutesAfterOpen = 10.0
        /// Last minute's volume against the day's average minute. Default 2.
        public var volumeFactor = 2.0
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
    }

    public var gap = Gap()
    public var volumeSurge = VolumeSurge()
    public var volumeBreakout = VolumeBreakout()
    public var momentum = Momentum()
    public var breakout = Breakout()
    public var closingMomentum = ClosingMomentum()
    public var bookImbalance = BookImbalance()
    public var feedback = Feedback()
    public var evaluation = Evaluation()
    /// Rolling-window sample spacing, seconds: ticks within one bucket replace each other. Default 1.
    public var sampleSeconds = 1.0
    /// Write each signal as a JSON line to stdout (also `--stdout` or `KIS41_SIGNALS_STDOUT=1`). Default false.
    public var writesStandardOutput = false

    public init() {}
}
