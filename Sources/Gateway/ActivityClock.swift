import Foundation

/// A ``LivenessMonitor`` shared by the reader and the watchdog.
final class ActivityClock: @unchecked Sendable {
    private let lock = NSLock()
    private var monitor: LivenessMonitor
    init(timeout: Double, now: Double) { monitor = LivenessMonitor(timeout: timeout, now: now) }
    func record(at now: Double) { lock.withLock { monitor.recordActivity(at: now) } }
    func isStale(at now: Double) -> Bool { lock.withLock { monitor.isStale(at: now) } }
    func remaining(at now: Double) -> Double { lock.withLock { monitor.remaining(at: now) } }
}
