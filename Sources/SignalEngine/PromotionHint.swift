import Foundation
import IPC

/// A hint for the allocator, derived from a finding.
public enum PromotionHint: Sendable, Equatable {
    /// Asks for a WebSocket slot now (`EmergencyCommand`).
    case emergency(code: String, priority: Double, reason: String)
    /// Updates the stock's performance score (`ScoreCommand`).
    case score(code: String, score: Double)

    public var code: String {
        switch self { case .emergency(let code, _, _), .score(let code, _): code }
    }

    /// The IPC message to send.
    public var message: Message {
        switch self {
        case .emergency(let code, let priority, let reason): .emergency(EmergencyCommand(code: code, priority: priority, reason: reason))
        case .score(let code, let score): .score(ScoreCommand(code: code, score: score))
        }
    }
}

/// Turns findings into hints: a priority from the kind and how far beyond its threshold the finding
/// is; strong enough (and the stock not already tier 1, and no emergency for it within the cooldown)
/// becomes an `emergency`, anything else a `score`.
public struct FeedbackPolicy: Sendable {
    public let configuration: SignalsConfiguration.Feedback
    /// When each stock's last emergency was sent (kept across restarts by `SignalsSnapshot`).
    var lastEmergency: [String: Double] = [:]

    public init(_ configuration: SignalsConfiguration.Feedback) { self.configuration = configuration }

    /// 60 at the threshold, +20 per doubling beyond it, plus the kind's weight; at most 100.
    // Source document: gap ≥ 3 % and volume ≥ 3× are CRITICAL (real-time), so both reach 80 at threshold.
    public static func priority(_ candidate: SignalCandidate) -> Double {
        let weight: Double = switch candidate.kind {
        case .gap, .volumeSurge: 20
        case .volumeBreakout: 15
        case .momentum, .breakout, .closingMomentum: 10
        case .bookImbalance: 0
        // A VI's release is where the move happens (krx-rules.md): a trigger or a stock nearing its
        // limit asks for a slot at once, so it is live before the 2-minute auction resolves.
        case .vi: 30
        case .limitApproach: 20
        case .limitLock, .limitUnlock, .resume: 10
        case .halt: 0
        }
        let base = candidate.isWatchOnly ? 60 : 60 + weight
        return min(100, (base + 20 * log2(candidate.intensity)).rounded())
    }

    /// The hint for `candidate` on a stock currently at `tier` (0 = REST only), at market time `now`.
    public mutating func hint(for candidate: SignalCandidate, code: String, tier: Int, now: Double) -> PromotionHint? {
        guard configuration.isEnabled else { return nil }
        let priority = Self.priority(candidate)
        if !candidate.isWatchOnly, priority >= configuration.emergencyPriority, tier != 1,
           now - (lastEmergency[code] ?? -.infinity) >= configuration.emergencyCooldownSeconds {
            lastEmergency[code] = now
            return .emergency(code: code, priority: priority, reason: "\(candidate.kind.rawValue): \(candidate.reason)")
        }
        return .score(code: code, score: priority)
    }

    /// Forgets emergency times (a new day).
    public mutating func reset() { lastEmergency = [:] }
}
