import Foundation
import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// A long-running part of a process: runs until cancelled or failed.
public protocol Service: Sendable {
    /// Runs until cancelled (return or throw `CancellationError`) or failed (throw).
    func run() async throws
}

/// A `Service` made from a closure.
public struct ClosureService: Service {
    private let body: @Sendable () async throws -> Void
    public init(_ body: @escaping @Sendable () async throws -> Void) { self.body = body }
    public func run() async throws { try await body() }
}

/// Asks a ``ServiceGroup`` to shut down as SIGTERM would (tests, or a component ending itself).
public final class ShutdownTrigger: @unchecked Sendable {
    private let lock = NSLock()
    private var isTriggered = false
    private var action: (@Sendable () -> Void)?

    public init() {}

    /// Starts the group's orderly shutdown (at once if it is already running, else when it starts).
    public func trigger() {
        let action = lock.withLock { () -> (@Sendable () -> Void)? in isTriggered = true; return self.action }
        action?()
    }

    func install(_ body: @escaping @Sendable () -> Void) {
        let fire = lock.withLock { () -> Bool in action = body; return isTriggered }
        if fire { body() }
    }
}

/// Starts services in order and stops them in reverse order on SIGTERM/SIGINT, a ``ShutdownTrigger``,
/// or when one of them ends: each is cancelled and given `gracePeriod` seconds before the next is
/// stopped. The grace is enforced: a service that ignores its cancellation is left behind (and
/// logged), so the process exits on time whatever state it was in.
public struct ServiceGroup: Sendable {
    public let services: [(name: String, service: any Service)]
    public let gracePeriod: Double
    public let logger: Logger
    private let trigger: ShutdownTrigger

    public init(_ services: [(name: String, service: any Service)], gracePeriod: Double = 3, logger: Logger,
                shutdown: ShutdownTrigger = ShutdownTrigger()) {
        self.services = services; self.gracePeriod = gracePeriod; self.logger = logger; self.trigger = shutdown
    }

    private enum Event: Sendable { case signal(Int32), requested, finished(String, (any Error)?), graceExpired(String) }

    /// Runs the group; returns after a requested shutdown, rethrows the first failure.
    public func run() async throws {
        let (events, continuation) = AsyncStream<Event>.makeStream()
        let sources = [SIGTERM, SIGINT].map { number -> any DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(.signal(number)) }
            source.resume()
            return source
        }
        defer { sources.forEach { $0.cancel() } }
        trigger.install { continuation.yield(.requested) }

        var tasks: [(String, Task<Void, Never>)] = []
        for (name, service) in services {
            let task = Task {
                do {
                    try await service.run()
                    continuation.yield(.finished(name, nil))
                } catch is CancellationError {
                    continuation.yield(.finished(name, nil))
                } catch {
                    continuation.yield(.finished(name, error))
                }
            }
            tasks.append((name, task))
        }

        var iterator = events.makeAsyncIterator()
        var finished: Set<String> = []
        var failure: (any Error)?
        waiting: while let event = await iterator.next() {
            switch event {
            case .signal(let number):
                logger.info("received signal \(number), shutting down")
            case .requested:
                logger.info("shutdown requested")
            case .finished(let name, let error):
                finished.insert(name)
                if let error {
                    logger.error("service \(name) failed: \(error)")
                    failure = error
                } else {
                    logger.info("service \(name) finished")
                }
            case .graceExpired:
                continue waiting
            }
            break waiting
        }
        await shutdown(tasks, finished: finished, events: &iterator, continuation: continuation)
        continuation.finish()
        if let failure { throw failure }
    }

    /// Cancels each running service in reverse order and waits for it at most `gracePeriod`.
    private func shutdown(_ tasks: [(String, Task<Void, Never>)], finished: Set<String>,
                          events: inout AsyncStream<Event>.Iterator, continuation: AsyncStream<Event>.Continuation) async {
        var finished = finished
        for (name, task) in tasks.reversed() where !finished.contains(name) {
            task.cancel()
            let timer = Task { [gracePeriod] in
                try? await Task.sleep(nanoseconds: UInt64(gracePeriod * 1e9))
                continuation.yield(.graceExpired(name))
            }
            defer { timer.cancel() }
            waiting: while let event = await events.next() {
                switch event {
                case .finished(let other, let error):
                    finished.insert(other)
                    if let error { logger.debug("service \(other) ended with \(error) while stopping") }
                    if other == name { break waiting }
                case .graceExpired(let other) where other == name:
                    logger.warning("service \(name) did not stop within \(gracePeriod) s; leaving it behind")
                    break waiting
                default:
                    continue waiting
                }
            }
        }
    }
}
