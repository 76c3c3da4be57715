import Foundation

/// Counters of the session layer, for `status` and tests.
final class SessionCounters: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: Int] = [:]
    func add(_ name: String, _ amount: Int = 1) { lock.withLock { values[name, default: 0] += amount } }
    subscript(_ name: String) -> Int { lock.withLock { values[name] ?? 0 } }
}
