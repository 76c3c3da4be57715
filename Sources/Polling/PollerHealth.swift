/// Whether the poller's link to KIS works, judged from its calls and its token: a pure state
/// machine whose transitions are what gets logged, so a failing live connection shows at the
/// default level once per change (not once per retry), and `status` reads `degraded` with the reason.
public struct PollerHealth: Sendable, Equatable {
    public enum State: Sendable, Equatable {
        case healthy
        /// `cause` names the failing part (`token`, `calls`); `reason` is the last failure.
        case degraded(cause: String, reason: String)

        public var isDegraded: Bool { if case .degraded = self { return true }; return false }
    }

    /// Calls failing in a row before the link counts as degraded (one failure is a blip).
    public var failureThreshold = 3
    public private(set) var state: State = .healthy
    private var failuresInARow = 0
    private var lastCallFailure: String?

    public init(failureThreshold: Int = 3) { self.failureThreshold = max(1, failureThreshold) }

    /// A call was answered (whatever KIS said about particular codes).
    public mutating func recordSuccess() {
        failuresInARow = 0
        lastCallFailure = nil
    }

    /// A call failed for a reason that is not about the codes asked for.
    public mutating func recordFailure(_ reason: String) {
        failuresInARow += 1
        lastCallFailure = reason
    }

    /// Re-evaluates with the token's last failure (nil once a token was issued). Returns the new
    /// state when it changed in kind (healthy, or degraded for another cause): what to log.
    public mutating func evaluate(tokenFailure: String?) -> State? {
        let next: State
        if let tokenFailure {
            next = .degraded(cause: "token", reason: tokenFailure)
        } else if failuresInARow >= failureThreshold, let lastCallFailure {
            next = .degraded(cause: "calls", reason: "\(failuresInARow) calls failed in a row; last: \(lastCallFailure)")
        } else {
            next = .healthy
        }
        defer { state = next }
        switch (state, next) {
        case (.healthy, .healthy): return nil
        case (.degraded(let was, _), .degraded(let now, _)) where was == now: return nil
        default: return next
        }
    }
}
