import IPC

/// REST refresh targets (market seconds) per poll priority.
public struct PollIntervals: Codable, Sendable, Equatable {
    public var critical: Double
    public var high: Double
    public var medium: Double
    public var low: Double
    public var background: Double

    public init(critical: Double, high: Double, medium: Double, low: Double, background: Double) {
        self.critical = critical; self.high = high; self.medium = medium; self.low = low; self.background = background
    }

    /// The interval of `priority`.
    public func seconds(_ priority: PollPriority) -> Double {
        switch priority {
        case .critical: critical
        case .high: high
        case .medium: medium
        case .low: low
        case .background: background
        }
    }
}
