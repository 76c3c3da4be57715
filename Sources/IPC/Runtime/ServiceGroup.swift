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

/// Starts services in order and stops them in reverse order on SIGTERM/SIGINT (or when one of
/// them fails): each is cancelled and given `gracePeriod` seconds before the next is stopped.
public struct ServiceGroup: Sendable {
    public let services: [(name: String, service: any Service)]
    public let gracePeriod: Double
    public let logger: Logger

    public init(_ services: [(name: String, service: any Service)], gracePeriod: Double = 3, logger: Logger) {
        self.services = services; self.gracePeriod = gracePeriod; self.logger = logger
    }

    private enum Event: Sendable { case signal(Int32), finished(String, (any Error)?) }

    /// Runs the group; returns after a signal-initiated shutdown, rethrows the first failure.
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

        var failure: (any Error)?
        for await event in events {
            switch event {
            case .signal(let number):
                logger.info("received signal \(number), shutting down")
            case .finished(let name, let error):
                if let error {
                    logger.error("service \(name) failed: \(error)")
                    failure = error
                } else if Task.isCancelled == false {
                    logger.info("service \(name) finished")
                }
            }
            break
        }
        await shutdown(tasks)
        continuation.finish()
        if let failure { throw failure }
    }

    private func shutdown(_ tasks: [(String, Task<Void, Never>)]) async {
        for (name, task) in tasks.reversed() {
            task.cancel()
            let finished = await withTaskGroup(of: Bool.self) { group in
                group.addTask { await task.value; return true }
                group.addTask {
                    try? await Task.sleep(nanoseconds: UInt64(gracePeriod * 1e9))
                    return false
                }
                let first = await group.next() ?? false
                group.cancelAll()
                return first
            }
            if !finished { logger.warning("service \(name) did not stop within \(gracePeriod) s") }
        }
    }
}
