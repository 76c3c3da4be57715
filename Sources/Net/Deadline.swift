import Foundation

/// Runs `operation`; if it has not finished after `duration`, calls `onExpiry` (which must make the
/// operation return, typically by closing its stream) and reports `NetError.timedOut(what)`.
///
/// One timer task per deadline: used per connect, per HTTP response and per close handshake, never
/// per frame.
func withDeadline<T>(
    _ duration: Duration, _ what: String,
    isolation: isolated (any Actor)? = #isolation,
    onExpiry: @escaping @Sendable () -> Void,
    operation: () async throws -> T
) async throws -> T {
    let expiry = ExpiryFlag()
    let timer = Task {
        do { try await Task.sleep(for: duration) } catch { return }
        expiry.set()
        onExpiry()
    }
    defer { timer.cancel() }
    do {
        let value = try await operation()
        if expiry.isSet { throw NetError.timedOut(what) }
        return value
    } catch {
        if expiry.isSet { throw NetError.timedOut(what) }
        throw error
    }
}

/// A flag set once by a timer and read by the operation it guards.
final class ExpiryFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
