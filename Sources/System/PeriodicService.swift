import Foundation

/// Work done every so often as a service (a decision loop, a persister): `tick` every `interval`
/// seconds (measured from one tick's start to the next) until graceful shutdown, then `finally`
/// once — the place for a last save. A cancellation stops it at once and skips `finally`.
public struct PeriodicService: Service {
    private let interval: Double
    private let immediately: Bool
    private let tick: @Sendable () async throws -> Void
    private let finally: @Sendable () async throws -> Void

    /// - Parameter immediately: tick at start, rather than one interval after it.
    public init(every interval: Double, immediately: Bool = false, _ tick: @escaping @Sendable () async throws -> Void,
                finally: @escaping @Sendable () async throws -> Void = {}) {
        self.interval = interval; self.immediately = immediately; self.tick = tick; self.finally = finally
    }

    public func run() async throws {
        var lastTick = immediately ? Date.distantPast : Date()
        while try await sleepUnlessShuttingDown(seconds: interval - Date().timeIntervalSince(lastTick)) {
            lastTick = Date()
            try await tick()
        }
        try await finally()
    }
}

/// Sleeps `seconds` (nothing when not positive), less when the current service's graceful shutdown begins first.
/// - Returns: `false` once the graceful shutdown has begun.
/// - Throws: `CancellationError` when cancelled.
public func sleepUnlessShuttingDown(seconds: Double) async throws -> Bool {
    try Task.checkCancellation()
    guard !isShuttingDownGracefully else { return false }
    guard seconds > 0 else { return true }
    return try await withThrowingTaskGroup(of: Bool.self) { group in
        group.addTask { try await Task.sleep(nanoseconds: UInt64(seconds * 1e9)); return true }
        group.addTask { try await gracefulShutdown(); return false }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}

/// Work done once, on graceful shutdown (a last flush); nothing on cancellation.
public struct ShutdownAction: Service {
    private let body: @Sendable () async throws -> Void
    public init(_ body: @escaping @Sendable () async throws -> Void) { self.body = body }

    public func run() async throws {
        try await gracefulShutdown()
        try await body()
    }
}
