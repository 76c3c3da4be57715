import Foundation
import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// A long-running part of a process: runs until its graceful shutdown (see ``GracefulShutdown``),
/// its cancellation, or its failure.
public protocol Service: Sendable {
    /// Runs until asked to stop: on graceful shutdown, finish the work in hand and return; on
    /// cancellation, return (or throw `CancellationError`) at once; throw on failure.
    func run() async throws
}

/// A `Service` made from a closure that knows only cancellation: it is cancelled as soon as its
/// graceful shutdown begins (a service with work to finish implements `Service` itself).
public struct ClosureService: Service {
    private let body: @Sendable () async throws -> Void
    public init(_ body: @escaping @Sendable () async throws -> Void) { self.body = body }
    public func run() async throws { _ = try await cancelOnGracefulShutdown(body) }
}

/// Asks a ``ServiceGroup`` to shut down gracefully, as SIGTERM would (tests, or a component ending itself).
public final class ShutdownTrigger: @unchecked Sendable {
    private let lock = NSLock()
    private var isTriggered = false
    private var action: (@Sendable () -> Void)?

    public init() {}

    /// Starts the group's graceful shutdown (at once if it is already running, else when it starts).
    public func trigger() {
        let action = lock.withLock { () -> (@Sendable () -> Void)? in isTriggered = true; return self.action }
        action?()
    }

    func install(_ body: @escaping @Sendable () -> Void) {
        let fire = lock.withLock { () -> Bool in action = body; return isTriggered }
        if fire { body() }
    }
}

/// Runs a process's services, started in order, and stops them in reverse order, in the shape of
/// swift-service-lifecycle's `ServiceGroup`.
///
/// A stop begins on SIGTERM/SIGINT, a ``ShutdownTrigger``, the graceful shutdown of an enclosing
/// service (a group may run inside another), or when a service returns or fails. It is graceful
/// first: each running service, last started first, is asked to finish (``GracefulShutdown``) and
/// awaited before the next is asked, all within `gracePeriod` seconds. Whatever still runs then is
/// cancelled and given `cancellationGrace` seconds; a service that ignores its cancellation is left
/// behind (and logged), so the process exits on time whatever state it was in. Cancelling the task
/// that runs the group skips the graceful part.
public struct ServiceGroup: Service {
    public let services: [(name: String, service: any Service)]
    /// Seconds the whole graceful shutdown may take.
    public let gracePeriod: Double
    /// Seconds the services still running after the grace get once cancelled.
    public let cancellationGrace: Double
    public let logger: Logger
    private let trigger: ShutdownTrigger
    private let signals: [Int32]

    /// - Parameter signals: the signals that start a graceful shutdown; a group inside a test or
    ///   inside another group passes none.
    public init(_ services: [(name: String, service: any Service)], gracePeriod: Double = 3, cancellationGrace: Double = 1,
                logger: Logger, shutdown: ShutdownTrigger = ShutdownTrigger(), signals: [Int32] = [SIGTERM, SIGINT]) {
        self.services = services; self.gracePeriod = gracePeriod; self.cancellationGrace = cancellationGrace
        self.logger = logger; self.trigger = shutdown; self.signals = signals
    }

    fileprivate enum Phase: Sendable { case graceful, cancelling }
    fileprivate enum Event: Sendable {
        case signal(Int32), requested, cancelled, finished(Int, (any Error)?), expired(Phase)
    }

    /// Runs the group; returns after a stop that no failure caused, else rethrows the failure
    /// that caused it.
    public func run() async throws {
        let (events, continuation) = AsyncStream<Event>.makeStream()
        let sources = signals.map { number -> any DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(.signal(number)) }
            source.resume()
            return source
        }
        defer { sources.forEach { $0.cancel() } }
        trigger.install { continuation.yield(.requested) }
        let enclosing = GracefulShutdown.current
        let registration = enclosing?.register { continuation.yield(.requested) }
        defer { enclosing?.unregister(registration) }
        // The coordinator is a task of its own: its waits must outlive a cancellation of `run()`.
        let coordinator = Task { await coordinate(events: events, continuation: continuation) }
        let failure = await withTaskCancellationHandler {
            await coordinator.value
        } onCancel: {
            continuation.yield(.cancelled)
        }
        if let failure { throw failure }
    }

    private func coordinate(events: AsyncStream<Event>, continuation: AsyncStream<Event>.Continuation) async -> (any Error)? {
        defer { continuation.finish() }
        var running: [(task: Task<Void, Never>, shutdown: GracefulShutdown)] = []
        for (index, entry) in services.enumerated() {
            let shutdown = GracefulShutdown()
            let task = Task {
                do {
                    try await shutdown.bind { try await entry.service.run() }
                    continuation.yield(.finished(index, nil))
                } catch is CancellationError {
                    continuation.yield(.finished(index, nil))
                } catch {
                    continuation.yield(.finished(index, error))
                }
            }
            running.append((task, shutdown))
        }

        var events = events.makeAsyncIterator()
        var finished: Set<Int> = []
        var failure: (any Error)?
        var graceful = true
        waiting: while let event = await events.next() {
            switch event {
            case .signal(let number): logger.info("received signal \(number), shutting down")
            case .requested: logger.info("shutdown requested")
            case .cancelled: graceful = false
            case .finished(let index, let error):
                finished.insert(index)
                if let error {
                    logger.error("service \(services[index].name) failed: \(error)")
                    failure = error
                } else {
                    logger.info("service \(services[index].name) finished")
                }
            case .expired: continue waiting
            }
            break waiting
        }

        let order = Array(services.indices.reversed())
        if graceful {
            let timer = Task { [gracePeriod] in
                try? await Task.sleep(nanoseconds: UInt64(gracePeriod * 1e9))
                continuation.yield(.expired(.graceful))
            }
            defer { timer.cancel() }
            stopping: for index in order where !finished.contains(index) {
                running[index].shutdown.begin()
                while !finished.contains(index) {
                    guard let event = await events.next() else { break stopping }
                    switch event {
                    case .finished(let other, let error):
                        finished.insert(other)
                        if let error { logger.warning("service \(services[other].name) failed while stopping: \(error)") }
                    case .expired(.graceful):
                        logger.warning("graceful shutdown took more than \(gracePeriod) s; cancelling what is left")
                        break stopping
                    case .cancelled:
                        break stopping
                    default:
                        continue
                    }
                }
            }
        }

        let left = order.filter { !finished.contains($0) }
        guard !left.isEmpty else { return failure }
        for index in left { running[index].task.cancel() }
        let timer = Task { [cancellationGrace] in
            try? await Task.sleep(nanoseconds: UInt64(cancellationGrace * 1e9))
            continuation.yield(.expired(.cancelling))
        }
        defer { timer.cancel() }
        while !left.allSatisfy(finished.contains), let event = await events.next() {
            switch event {
            case .finished(let other, let error):
                finished.insert(other)
                if let error { logger.debug("service \(services[other].name) ended with \(error) while cancelled") }
            case .expired(.cancelling):
                let names = left.filter { !finished.contains($0) }.map { services[$0].name }
                logger.warning("service(s) \(names.joined(separator: ", ")) did not stop within \(cancellationGrace) s of cancellation; leaving them behind")
                return failure
            default:
                continue
            }
        }
        return failure
    }
}
