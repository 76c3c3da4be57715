import Foundation
import IPC
import System

/// One KIS session after another, with capped exponential backoff and jitter in between, until cancelled.
struct SessionSupervisor: Sendable {
    let session: KISSession
    let configuration: GatewayConfiguration
    let counters: SessionCounters
    let clock: MarketClock
    let logger: Logger

    func run() async {
        var policy = ReconnectPolicy(configuration: configuration)
        while !Task.isCancelled {
            let (end, uptime) = await session.run()
            if Task.isCancelled { break }
            let delay = policy.delay(after: end, uptime: uptime)
            counters.add("session_ends")
            // A lingering session is KIS's own timeout, a market interval (kis-sim scales it by its
            // speed); the ordinary backoff waits on the network, which no speed makes faster.
            let onMarketTime = end == .appKeyInUse
            logger.warning("KIS session ended after \(String(format: "%.1f", uptime)) s: \(end); reconnecting in \(String(format: "%.2f", delay)) \(onMarketTime ? "market " : "")s (attempt \(policy.attempt))")
            do {
                if onMarketTime { try await clock.sleep(marketSeconds: delay) } else { try await Task.sleep(nanoseconds: UInt64(delay * 1e9)) }
            } catch { break }
        }
    }
}
