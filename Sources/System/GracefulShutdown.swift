import Foundation

/// The graceful-shutdown signal of one service, distinct from cancellation: a ``ServiceGroup``
/// begins it to ask a service to finish its work (drain its stream, write its last state) and
/// return; only a service still running when the group's grace has passed is cancelled.
///
/// A service reads its own signal through the task-local ``GracefulShutdown/current`` (the group
/// binds one per service), usually with ``gracefulShutdown()``, ``withGracefulShutdownHandler(operation:onGracefulShutdown:)``
/// or ``cancelOnGracefulShutdown(_:)``. Outside a group there is none: the service then runs until cancelled.
public final class GracefulShutdown: @unchecked Sendable {
    /// The signal of the service running on this task, if a group (or a test) bound one.
    @TaskLocal public static var current: GracefulShutdown?

    private let lock = NSLock()
    private var begun = false
    private var handlers: [Int: @Sendable () -> Void] = [:]
    private var nextHandler = 0

    public init() {}

    /// Whether the graceful shutdown has begun.
    public var hasBegun: Bool { lock.withLock { begun } }

    /// Begins the graceful shutdown (once; later calls do nothing) and runs the registered handlers.
    public func begin() {
        let pending = lock.withLock { () -> [@Sendable () -> Void] in
            guard !begun else { return [] }
            begun = true
            defer { handlers = [:] }
            return Array(handlers.values)
        }
        pending.forEach { $0() }
    }

    /// Runs `body` with this signal as the task's ``current`` one (what a group does for each service).
    public func bind<T>(_ body: () async throws -> T) async rethrows -> T {
        try await Self.$current.withValue(self) { try await body() }
    }

    /// Registers `handler` to run when the shutdown begins (at once, and `nil` returned, if it has).
    func register(_ handler: @escaping @Sendable () -> Void) -> Int? {
        let id = lock.withLock { () -> Int? in
            guard !begun else { return nil }
            nextHandler += 1
            handlers[nextHandler] = handler
            return nextHandler
        }
        if id == nil { handler() }
        return id
    }

    func unregister(_ id: Int?) {
        guard let id else { return }
        lock.withLock { _ = handlers.removeValue(forKey: id) }
    }
}

/// Whether the current service has been asked to shut down gracefully.
public var isShuttingDownGracefully: Bool { GracefulShutdown.current?.hasBegun ?? false }

/// Runs `operation`; calls `onGracefulShutdown` (once, from any thread) when the current service's
/// graceful shutdown begins, at once if it already has.
public func withGracefulShutdownHandler<T>(operation: () async throws -> T,
                                           onGracefulShutdown: @escaping @Sendable () -> Void) async rethrows -> T {
    guard let shutdown = GracefulShutdown.current else { return try await operation() }
    let id = shutdown.register(onGracefulShutdown)
    defer { shutdown.unregister(id) }
    return try await operation()
}

/// Returns when the current service's graceful shutdown begins.
/// - Throws: `CancellationError` when the task is cancelled first (outside a group, only then).
public func gracefulShutdown() async throws {
    let gate = Gate()
    try await withTaskCancellationHandler {
        try await withGracefulShutdownHandler(operation: { try await gate.wait() }, onGracefulShutdown: { gate.open() })
    } onCancel: {
        gate.cancel()
    }
}

/// Runs `body` and cancels it when the current service's graceful shutdown begins: for the parts
/// with nothing to finish (a listening socket, an upstream client). Returns `body`'s result, or
/// `nil` when the shutdown came first.
public func cancelOnGracefulShutdown<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T? {
    guard GracefulShutdown.current != nil else { return try await body() }
    return try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask { try await gracefulShutdown(); return nil }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}

/// A one-shot wait: opened (returns) or cancelled (throws), whichever comes first.
private final class Gate: @unchecked Sendable {
    private let lock = NSLock()
    private var outcome: Bool?  // true: opened, false: cancelled
    private var waiter: CheckedContinuation<Void, any Error>?

    func open() { settle(true) }
    func cancel() { settle(false) }

    private func settle(_ opened: Bool) {
        let resumed = lock.withLock { () -> CheckedContinuation<Void, any Error>? in
            guard outcome == nil else { return nil }
            outcome = opened
            defer { waiter = nil }
            return waiter
        }
        if opened { resumed?.resume() } else { resumed?.resume(throwing: CancellationError()) }
    }

    func wait() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let settled = lock.withLock { () -> Bool? in
                if let outcome { return outcome }
                waiter = continuation
                return nil
            }
            switch settled {
            case true?: continuation.resume()
            case false?: continuation.resume(throwing: CancellationError())
            case nil: break
            }
        }
    }
}
