import IPC

/// What became of one signal: the price path over the following horizon, measured in the
/// signal's direction.
public struct SignalOutcome: Codable, Sendable, Equatable {
    public var code: String
    public var kind: String
    public var window: String
    public var direction: String
    /// Market time and price of the signal.
    public var entryTime: Double
    public var entryPrice: Int
    /// Last price seen within the horizon: the exit of naively following the signal.
    public var exitPrice: Int
    /// Best and worst move in the signal's direction within the horizon, percent.
    public var maxFavorablePercent: Double
    public var maxAdversePercent: Double
    /// Whether the horizon has passed.
    public var isClosed: Bool

    /// Return of following the signal, entry to exit, in its direction, percent.
    public var returnPercent: Double { signed(exitPrice) }

    func signed(_ price: Int) -> Double {
        guard entryPrice > 0 else { return 0 }
        let move = Double(price - entryPrice) / Double(entryPrice) * 100
        return direction == SignalDirection.down.rawValue ? -move : move
    }
}

/// Follows each signal's stock for `horizon` market seconds after it fired.
public struct SignalOutcomeTracker: Sendable, Codable {
    public let horizon: Double
    public private(set) var outcomes: [SignalOutcome] = []
    private var open: [String: [Int]] = [:]
    /// Outcomes kept per day at most (memory bound); later signals are counted but not followed.
    public static let capacity = 100_000

    public init(horizonMinutes: Double) { horizon = horizonMinutes * 60 }

    /// Starts following a signal fired at market time `time`.
    public mutating func record(_ signal: TradeSignal, window: StrategyWindow, at time: Double) {
        guard signal.price > 0, outcomes.count < Self.capacity else { return }
        open[signal.code, default: []].append(outcomes.count)
        outcomes.append(SignalOutcome(code: signal.code, kind: signal.kind.rawValue, window: window.rawValue,
                                      direction: signal.direction.rawValue, entryTime: time, entryPrice: signal.price,
                                      exitPrice: signal.price, maxFavorablePercent: 0, maxAdversePercent: 0,
                                      isClosed: false))
    }

    /// Feeds a later price of `code` observed at market time `time`.
    public mutating func observe(code: String, price: Int, at time: Double) {
        guard price > 0, let indices = open[code] else { return }
        var stillOpen: [Int] = []
        for index in indices {
            if time - outcomes[index].entryTime > horizon {
                outcomes[index].isClosed = true
                continue
            }
            let move = outcomes[index].signed(price)
            outcomes[index].exitPrice = price
            outcomes[index].maxFavorablePercent = max(outcomes[index].maxFavorablePercent, move)
            outcomes[index].maxAdversePercent = min(outcomes[index].maxAdversePercent, move)
            stillOpen.append(index)
        }
        open[code] = stillOpen.isEmpty ? nil : stillOpen
    }

    /// Closes every outcome whose horizon has passed by `time`.
    public mutating func settle(at time: Double) {
        for (code, indices) in open {
            let stillOpen = indices.filter { index in
                if time - outcomes[index].entryTime > horizon { outcomes[index].isClosed = true; return false }
                return true
            }
            open[code] = stillOpen.isEmpty ? nil : stillOpen
        }
    }

    /// Forgets the day.
    public mutating func reset() { outcomes = []; open = [:] }
}
