/// A stock's own trading phase, on top of the market session (the KRX mechanics layer).
public enum TradingPhase: UInt8, Sendable {
    /// Trades as the session allows.
    case normal
    /// Single-price call auction after a VI trigger: 2 minutes plus a random extension ≤ 30 s.
    case viAuction
    /// Single-price call auction that reopens a halted stock (10 minutes).
    case resumeAuction
    /// Trading halt (거래정지): nothing prints, no quotes move.
    case halted

    /// Whether the stock is in a call auction of its own.
    public var isAuction: Bool { self == .viAuction || self == .resumeAuction }
}

/// One market-operation notice for a stock, as KIS pushes it on H0STMKO0 (장운영정보, protocol.md
/// §6.11): VI trigger and release, halt and resume. The model logs them in time order; kis-sim sends
/// them to registered stocks and `MarketTape` hands them to its reader, so VI and halt counts are
/// recomputable from the tape alone.
public struct MarketOperation: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case viTrigger, viRelease, halt, resume
    }

    public var kind: Kind
    public var stockIndex: Int32
    public var code: String
    /// Market seconds since midnight KST.
    public var time: Double
    /// `TRHT_YN`: halted after this notice.
    public var isHalted: Bool
    /// `VI_CLS_CODE`: in VI after this notice.
    public var isVI: Bool
    /// The VI kind (trigger and release only).
    public var viKind: VIKind?
    /// `ISCD_STAT_CLS_CODE` (51–59).
    public var statusCode: Int
    /// The session the notice falls in (`MKOP_CLS_CODE`).
    public var session: MarketSession
}

/// A finished mechanics episode, the ground truth written to `events.jsonl` beside the planted events:
/// a VI (trigger to release), a limit lock (lock to unlock or the close) or a halt (halt to resume).
public struct PhaseEpisode: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case viStatic, viDynamic, viStaticDynamic, upperLimitLock, lowerLimitLock, halt
    }

    public var kind: Kind
    public var code: String
    public var start: Double
    public var end: Double
    /// The VI trigger price, the limit price, or 0 for a halt.
    public var price: Int
    /// The VI's static reference (VI) or the base price (locks), 0 for a halt.
    public var reference: Int
}

/// The day's VI record of one stock, what inquire-vi-status (FHPST01390000) lists.
public struct VIRecord: Sendable, Equatable {
    public var kind: VIKind
    public var triggerTime: Double
    /// Nil while the VI is in force.
    public var releaseTime: Double?
    /// The would-be trade price that triggered it (`vi_prc`).
    public var triggerPrice: Int
    /// The static reference (`vi_stnd_prc`) and the last trade (`vi_dmc_stnd_prc`) at the trigger.
    public var staticReference: Int
    public var dynamicReference: Int
    /// VIs of this stock so far today, this one included (`vi_count`).
    public var count: Int
}

/// Per-stock state of the mechanics layer (struct of arrays, like `MarketModel`).
struct KRXMechanics: Sendable {
    var schedule = MechanicsSchedule()
    var phase: [TradingPhase] = []
    /// Market time a VI or resume auction ends (then it crosses).
    var auctionEnd: [Double] = []
    /// Orders accumulated in the stock's own auction (its cross volume).
    var auctionVolume: [Int64] = []
    /// +1 locked at the upper limit, −1 at the lower, 0 not locked.
    var lock: [Int8] = []
    /// Resting quantity at the locked limit (the bid queue of a limit-up lock).
    var queue: [Int64] = []
    var lockStart: [Double] = []
    /// Trade-price bounds for the current step's intra-step trades (limits, VI bands, locks).
    var low: [Int] = []
    var high: [Int] = []
    var status: [UInt8] = []
    /// Dynamic VI band of each stock in continuous trading, per mille (KOSPI200 30, others 60).
    var dynamicBand: [Int] = []
    var vi: [VIRecord?] = []
    var haltStart: [Double] = []
    /// Stocks not in the normal phase (a short list, so the per-step pass is cheap).
    var special: [Int] = []
    /// Halts not started yet, in start order, and their cursor.
    var haltCursor = 0
    var haltEnds: [Int: Double] = [:]
    var operations: [MarketOperation] = []
    var episodes: [PhaseEpisode] = []
}
