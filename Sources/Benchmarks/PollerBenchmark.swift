import Foundation
import IPC
import KIS
import Polling
import System

/// What the poller benchmark runs against. `Polling` does not depend on `Simulator`, so the bench
/// executable builds this from a running `KISSimulator`: `restURL`, `clock`, the universe (its
/// master files are fetched from `restURL` when `universe` is empty) and a closure reading the
/// simulator's limit violations for the app key.
public struct PollerBenchmarkTarget: Sendable {
    public var restURL: String
    public var clock: MarketClock
    public var credentials: KISCredentials
    /// Every account polled with (the first is `credentials`); one rate window and token each.
    public var accounts: [KISCredentials]
    /// The limit of one app key.
    public var limitPerSecond: Double
    public var universe: [String]
    /// The simulator's count of limit violations caused by these app keys.
    public var violations: @Sendable () -> Int

    public init(restURL: String, clock: MarketClock, credentials: KISCredentials, limitPerSecond: Double,
                universe: [String] = [], accounts: [KISCredentials]? = nil, violations: @escaping @Sendable () -> Int) {
        self.restURL = restURL; self.clock = clock; self.credentials = credentials
        self.accounts = accounts ?? [credentials]
        self.limitPerSecond = limitPerSecond; self.universe = universe; self.violations = violations
    }
}

/// The figures of one benchmark run (market time throughout).
public struct PollerBenchmarkResult: Sendable, Codable, Equatable {
    public var policy: String
    public var stocks: Int
    /// App keys polled with.
    public var accounts: Int = 1
    /// The combined limit (accounts × one key's).
    public var limit: Double
    public var callsPerSecond: Double
    public var violations: Int
    public var rateLimited: Int
    public var quotesPerSecond: Double
    public var stalenessP50: Double
    public var stalenessP95: Double
    public var stalenessMax: Double
    /// Stocks never refreshed during the run.
    public var neverRefreshed: Int
    /// Mean grant-to-answer time of a call, market seconds (over all keys): each call holds its
    /// key's window that much longer than the window itself.
    public var meanHold: Double = 0
    /// Grants that restarted a key's pacing grid (the caller came more than half a spacing late).
    public var gridRestarts: Int = 0
    /// Of the hold, the mean time from grant to the request going out, and the exchange (market s).
    public var meanDispatch: Double = 0
    public var meanExchange: Double = 0

    /// The `--json` keys of `./run bench poller`.
    public var json: [String: JSONValue] {
        ["stocks": .number(Double(stocks)), "accounts": .number(Double(accounts)), "limit": .number(limit), "calls_per_s": .number(callsPerSecond),
         "violations": .number(Double(violations)), "quotes_per_s": .number(quotesPerSecond),
         "staleness_p50_s": .number(stalenessP50), "staleness_p95_s": .number(stalenessP95),
         "staleness_max_s": .number(stalenessMax)]
    }
}

/// `./run bench poller`: the whole universe through the REST budget for some market minutes.
public enum PollerBenchmark {
    /// The two policies compared: 30 codes per multi-price call, or one inquire-price per stock.
    public enum Policy: String, Sendable { case multi, singleStock = "single" }

    /// Polls the universe with no plan (every stock at background priority) for `marketMinutes`,
    /// sampling every stock's data age once per market second after a one-sweep warm-up.
    public static func run(target: PollerBenchmarkTarget, marketMinutes: Double, policy: Policy,
                           stateDirectory: URL? = nil) async throws -> PollerBenchmarkResult {
        var configuration = PollerConfiguration()
        configuration.policy = policy.rawValue
        configuration.realLimitPerSecond = target.limitPerSecond
        let universe = target.universe.isEmpty
            ? await UniverseSource.load(configuration: configuration, environment: [:], restURL: target.restURL).codes
            : target.universe
        let cache = stateDirectory.map(TokenCache.init(directory:))
        let clients = try target.accounts.map { credentials in
            var clientConfiguration = KISRESTClientConfiguration(restURL: target.restURL, credentials: credentials,
                                                                 environment: .real, limiter: configuration.limiter(for: .real))
            clientConfiguration.http.readTimeout = .seconds(5)
            return try KISRESTClient(configuration: clientConfiguration, clock: target.clock, cache: cache)
        }
        func calls() -> RESTCounters.Values { clients.dropFirst().reduce(clients[0].counters.snapshot) { $0.adding($1.counters.snapshot) } }
        let quotes = QuoteCounter()
        let engine = PollerEngine(clients: clients, scheduler: configuration.scheduler(for: .real), clock: target.clock,
                                  logger: Logger(label: "bench-poller", level: .warning)) { message in
            if case .quotes(let batch) = message { quotes.add(batch.count) }
        }
        await engine.setUniverse(universe)
        let violationsBefore = target.violations()
        let task = Task { try await engine.run() }
        defer { task.cancel() }
        // Warm-up: one sweep of the universe at the target rate.
        let warmUp = Double(universe.count) / (configuration.policy == "multi" ? 30 : 1)
            / (configuration.limiter(for: .real).targetRate * Double(clients.count))
        let start = target.clock.now()
        try await target.clock.sleep(marketSeconds: min(warmUp, marketMinutes * 30))
        let measureStart = target.clock.now()
        let callsBefore = calls().calls
        let quotesBefore = quotes.value
        var ages: [Double] = []
        var worst = 0.0
        while target.clock.now() < start + marketMinutes * 60 {
            try await target.clock.sleep(marketSeconds: 1)
            let sample = await engine.ages()[.background] ?? []
            ages += sample
            worst = max(worst, sample.max() ?? 0)
        }
        let elapsed = max(target.clock.now() - measureStart, 1)
        task.cancel()
        _ = await task.result
        let counters = calls()
        var neverRefreshed = 0
        for code in universe where await engine.lastRefresh(of: code) == nil { neverRefreshed += 1 }
        var holds = 0.0, restarts = 0
        for client in clients {
            let snapshot = await client.gate.snapshot()
            holds += snapshot.meanHold / Double(clients.count); restarts += snapshot.gridRestarts
        }
        for client in clients { await client.close() }
        return PollerBenchmarkResult(
            policy: policy.rawValue, stocks: universe.count, accounts: clients.count, limit: target.limitPerSecond * Double(clients.count),
            callsPerSecond: Double(counters.calls - callsBefore) / elapsed, violations: target.violations() - violationsBefore,
            rateLimited: counters.rateLimited, quotesPerSecond: Double(quotes.value - quotesBefore) / elapsed,
            stalenessP50: Percentile.of(ages, 50), stalenessP95: Percentile.of(ages, 95), stalenessMax: worst,
            neverRefreshed: neverRefreshed, meanHold: holds, gridRestarts: restarts,
            meanDispatch: counters.dispatchSeconds / Double(max(1, counters.calls)),
            meanExchange: counters.exchangeSeconds / Double(max(1, counters.calls)))
    }
}

private final class QuoteCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add(_ n: Int) { lock.withLock { count += n } }
    var value: Int { lock.withLock { count } }
}
