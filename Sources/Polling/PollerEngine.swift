import Foundation
import IPC
import KIS
import System

/// Drives the poller: asks the ``PollScheduler`` what is most urgent, passes the rate gate, makes
/// the call with the ``KISRESTClient``, publishes what came back and tells the scheduler.
/// Failed calls publish nothing (a quote reaching the pipeline is always a real one).
public actor PollerEngine {
    /// Where results go (the IPC server's `publish`, or a benchmark's collector).
    public typealias Publisher = @Sendable (Message) -> Void

    /// One client per KIS account (app key), each with its own rate gate, token and counters.
    public nonisolated let clients: [KISRESTClient]
    /// The first account's client.
    public nonisolated var client: KISRESTClient { clients[0] }
    var scheduler: PollScheduler
    private let clock: MarketClock
    private let publish: Publisher
    private let logger: Logger
    private let maximumConcurrentCalls: Int
    private let market: String
    /// Calls in flight per client.
    private var inFlight: [Int]
    private var failuresByKind: [KISRESTError.Kind: Int] = [:]
    private var quotesPublished = 0
    private var health = PollerHealth()
    private var statusProbe = StatusProbe()
    /// Set in a replay that follows the recorded sweep: its calls instead of the scheduler's.
    private var recordedSweep: RecordedSweep?

    public init(client: KISRESTClient, scheduler: PollSchedulerConfiguration, clock: MarketClock, maximumConcurrentCalls: Int = 8,
                market: String = "J", logger: Logger, publish: @escaping Publisher) {
        self.init(clients: [client], scheduler: scheduler, clock: clock, maximumConcurrentCalls: maximumConcurrentCalls,
                  market: market, logger: logger, publish: publish)
    }

    /// Several accounts: the calls are spread over `clients`, one lane each, every lane within its
    /// own app key's window (N × the one-key budget in all). `maximumConcurrentCalls` is per lane.
    public init(clients: [KISRESTClient], scheduler: PollSchedulerConfiguration, clock: MarketClock, maximumConcurrentCalls: Int = 8,
                market: String = "J", logger: Logger, publish: @escaping Publisher) {
        precondition(!clients.isEmpty, "a poller needs at least one client")
        self.clients = clients
        inFlight = clients.map { _ in 0 }
        self.scheduler = PollScheduler(configuration: scheduler, now: clock.now())
        self.clock = clock; self.publish = publish; self.logger = logger
        self.maximumConcurrentCalls = max(1, maximumConcurrentCalls); self.market = market
    }

    /// Applies a plan; `false` when its generation is older than the one in force.
    public func apply(_ plan: PollPlan) -> Bool {
        let applied = scheduler.apply(plan, now: clock.now())
        if applied { logger.info("poll plan generation \(plan.generation): \(plan.entries.count) codes") }
        return applied
    }

    /// Sets the universe polled without a plan and swept before the open.
    public func setUniverse(_ codes: [String]) { scheduler.setUniverse(codes, now: clock.now()) }

    /// Makes the recorded session's calls (a replay, ``RecordedSweep``) instead of the scheduler's:
    /// from now on plans and status probes change nothing that is asked.
    public func follow(_ sweep: RecordedSweep) {
        var sweep = sweep
        // Restarted mid-replay: the calls whose answers would be too old now are not made.
        let late = sweep.skip(before: clock.now() - RecordedSweep.retryWindowSeconds)
        recordedSweep = sweep
        logger.info("following the recorded sweep: \(sweep.entries.count) calls (\(sweep.skipped) of endpoints not polled skipped"
                    + (late > 0 ? ", \(late) too old to make now" : "") + ")")
    }

    /// Calls of the recorded sweep not made yet (nil when not following one).
    public func recordedCallsRemaining() -> Int? { recordedSweep?.remaining }

    /// The next call: the recorded sweep's when following one, else the scheduler's.
    private func nextCall(now: Double) -> PollCall? {
        guard recordedSweep != nil else { return scheduler.next(now: now) }
        return recordedSweep!.next(now: now)
    }

    private func nextWakeUp(now: Double) -> Double {
        guard let sweep = recordedSweep else { return scheduler.nextWakeUp(now: now) }
        return sweep.nextWakeUp(now: now) ?? now + 1
    }

    /// Runs until cancelled: one lane per client; a lane that fails ends them all.
    public func run() async throws {
        try await withThrowingTaskGroup(of: Void.self) { lanes in
            for lane in clients.indices { lanes.addTask { try await self.runLane(lane) } }
            try await lanes.waitForAll()
        }
    }

    /// One client's lane: the most urgent call the scheduler has, through this client's gate.
    /// Each lane waits for its own gate only, so one key slowed (EGW00201) or without a token
    /// never holds up another.
    private func runLane(_ lane: Int) async throws {
        let client = clients[lane]
        try await withThrowingDiscardingTaskGroup { group in
            while !Task.isCancelled {
                if inFlight[lane] >= maximumConcurrentCalls {
                    try await Task.sleep(nanoseconds: 1_000_000)
                    continue
                }
                let now = clock.now()
                guard let call = nextCall(now: now) else {
                    let idle = min(max(nextWakeUp(now: now) - now, 0.01), 0.5)
                    try await clock.sleep(marketSeconds: idle)
                    continue
                }
                let ticket: RateLimiter.Ticket
                do { ticket = try await client.gate.acquire() } catch {
                    scheduler.complete(call, outcome: .callFailed, now: clock.now())
                    recordedSweep?.complete(call, succeeded: false, now: clock.now())
                    throw error
                }
                inFlight[lane] += 1
                group.addTask { await self.execute(call, ticket: ticket, lane: lane) }
            }
        }
    }

    private func execute(_ call: PollCall, ticket: RateLimiter.Ticket, lane: Int) async {
        let outcome: PollOutcome
        do {
            outcome = try await perform(call, client: clients[lane], admission: .admitted(ticket))
            health.recordSuccess()
        } catch let error as KISRESTError {
            failuresByKind[error.kind, default: 0] += 1
            logger.debug("\(call): \(error)")
            if error.blamesRequest || error.kind == .unsupported { health.recordSuccess() } else { health.recordFailure("\(error)") }
            outcome = error.blamesRequest && call.quoteCodes.count == 1 ? .codesRejected : .callFailed
        } catch is CancellationError {
            outcome = .callFailed
        } catch {
            // Token issuance and transport failures below the KIS envelope (TLS, DNS, refused).
            logger.debug("\(call): \(error)")
            health.recordFailure("\(error)")
            outcome = .callFailed
        }
        inFlight[lane] -= 1
        if case .callFailed = outcome { recordedSweep?.complete(call, succeeded: false, now: clock.now()) } else {
            recordedSweep?.complete(call, succeeded: true, now: clock.now())
        }
        let change = scheduler.complete(call, outcome: outcome, now: clock.now())
        if !change.isEmpty {
            logger.warning("excluded after \(scheduler.configuration.failureThreshold) failures in a row: \(change.excluded.joined(separator: ", "))")
        }
    }

    /// Makes one call (already admitted by the gate) and publishes its result.
    private func perform(_ call: PollCall, client: KISRESTClient, admission: Admission) async throws -> PollOutcome {
        let isAuction = MarketPhase.at(clock.now()).isAuction
        switch call {
        case .quotes(let codes):
            let (rows, serverDate) = try await client.multiPriceAnswer(codes: codes, market: market, admission: admission)
            let wall = Date().timeIntervalSince1970
            let time = QuoteMapping.dataTime(serverDate: serverDate)
            let quotes = rows.compactMap { QuoteMapping.quote($0, isAuction: isAuction, time: time, receivedAt: wall) }
            publishQuotes(quotes)
            if scheduler.configuration.viStatusIntervalSeconds > 0 {
                scheduler.probe(statusProbe.codes(toProbe: quotes, now: clock.now()))
            }
            return .received(Set(quotes.map(\.code)))
        case .quote(let code):
            let (output, serverDate) = try await client.inquirePriceAnswer(code: code, market: market, admission: admission)
            guard var quote = QuoteMapping.quote(output, code: code, receivedAt: Date().timeIntervalSince1970) else { return .received([]) }
            quote.time = QuoteMapping.dataTime(serverDate: serverDate)
            statusProbe.record(quote)
            publishQuotes([quote])
            return .received([quote.code])
        case .orderBook(let code):
            let (book, expected) = try await client.askingPrice(code: code, market: market, admission: admission)
            publish(.orderBooks([QuoteMapping.orderBook(book, expected: expected, code: code, receivedAt: Date().timeIntervalSince1970)]))
            return .received([code])
        case .ranking(.volume):
            var query = VolumeRankQuery.standard
            query.market = market
            publish(.ranking(QuoteMapping.ranking(try await client.volumeRank(query, admission: admission), receivedAt: Date().timeIntervalSince1970)))
            return .received([])
        case .ranking(let kind):
            var query = FluctuationQuery.standard
            query.market = market
            query.sortClass = kind == .rise ? "0" : "1"
            // Against the previous close (fid_prc_cls_code 1) for both directions (protocol.md §5.5).
            query["fid_prc_cls_code"] = "1"
            let rows = try await client.fluctuation(query, admission: admission)
            publish(.ranking(QuoteMapping.ranking(rows, kind: kind, receivedAt: Date().timeIntervalSince1970)))
            return .received([])
        case .viStatus:
            let date = String(MarketClock.isoString(clock.now()).prefix(10)).replacingOccurrences(of: "-", with: "")
            let rows = try await client.viStatus(.wholeMarket(date: date), admission: admission)
            let status = QuoteMapping.viStatus(rows, receivedAt: Date().timeIntervalSince1970)
            statusProbe.update(status)
            publish(.viStatus(status))
            return .received([])
        case .index(let code):
            let output = try await client.indexPrice(code: code, admission: admission)
            let time = MarketClock.clockString(clock.now()).replacingOccurrences(of: ":", with: "")
            if let tick = QuoteMapping.index(output, code: code, time: time, receivedAt: Date().timeIntervalSince1970) {
                publish(.indices([tick]))
            }
            return .received([])
        }
    }

    private func publishQuotes(_ quotes: [Quote]) {
        guard !quotes.isEmpty else { return }
        quotesPublished += quotes.count
        publish(.quotes(quotes))
    }

    /// Re-evaluates the link's health; logs a change of state once, at warning when it degrades.
    /// Returns the state in force.
    @discardableResult
    public func checkHealth() async -> PollerHealth.State {
        var tokenFailure: String?
        for client in clients {
            if let failure = await client.tokens.state().failure {
                tokenFailure = clients.count > 1 ? "account \(client.configuration.account): \(failure)" : failure
                break
            }
        }
        switch health.evaluate(tokenFailure: tokenFailure) {
        case .degraded(let cause, let reason)?: logger.warning("degraded: \(cause) failing: \(reason)")
        case .healthy?: logger.notice("recovered: calls are answered again")
        case nil: break
        }
        return health.state
    }

    /// The figures `status` shows.
    public func statusDetails() async -> [String: JSONValue] {
        let now = clock.now()
        var accounts: [JSONValue] = []
        var rates: [RateSnapshot] = []
        var tokens: [TokenState] = []
        var all: [RESTCounters.Values] = []
        for client in clients {
            let rate = await client.gate.snapshot(), token = await client.tokens.state(), counters = client.counters.snapshot
            rates.append(rate); tokens.append(token); all.append(counters)
            accounts.append(.object([
                "account": .string(client.configuration.account), "calls_per_s": .number(rate.callsPerSecond),
                "limit_per_s": .number(rate.limitPerSecond), "calls": .number(Double(counters.calls)),
                "egw00201": .number(Double(counters.rateLimited)), "token": .string(token.state),
                "token_failure": token.failure.map(JSONValue.string) ?? .null,
                "hold_ms": .number((rate.meanHold * 10_000).rounded() / 10), "grid_restarts": .number(Double(rate.gridRestarts)),
            ]))
        }
        let token = tokens[0]
        let counters = all.dropFirst().reduce(all[0]) { $0.adding($1) }
        let rate = (callsPerSecond: rates.reduce(0) { $0 + $1.callsPerSecond }, limitPerSecond: rates.reduce(0) { $0 + $1.limitPerSecond },
                    targetRate: rates.reduce(0) { $0 + $1.targetRate }, currentRate: rates.reduce(0) { $0 + $1.currentRate })
        var staleness: [String: JSONValue] = [:]
        for (priority, ages) in scheduler.ages(now: now) {
            staleness[priority.rawValue] = .object([
                "codes": .number(Double(ages.count)), "p50_s": .number(Percentile.of(ages, 50)),
                "p95_s": .number(Percentile.of(ages, 95)), "max_s": .number(ages.max() ?? 0),
            ])
        }
        let answered = counters.successes + counters.failures
        return [
            "calls_per_s": .number(rate.callsPerSecond), "limit_per_s": .number(rate.limitPerSecond),
            "target_per_s": .number(rate.targetRate), "current_rate_per_s": .number(rate.currentRate),
            "calls": .number(Double(counters.calls)),
            "success_rate": .number(answered == 0 ? 1 : Double(counters.successes) / Double(answered)),
            "egw00201": .number(Double(counters.rateLimited)),
            "token": .object([
                "state": .string(token.state), "issuances": .number(Double(token.issuances)),
                "failure": token.failure.map(JSONValue.string) ?? .null,
                "expires_at": token.expiresAt.map { .string(MarketClock.isoString($0)) } ?? .null,
            ]),
            "staleness": .object(staleness),
            "excluded": .array(scheduler.excludedCodes().map { .object(["code": .string($0.code), "until": .string(MarketClock.isoString($0.until))]) }),
            "failures": .object(Dictionary(uniqueKeysWithValues: failuresByKind.map { ($0.key.name, JSONValue.number(Double($0.value))) })),
            "plan_generation": scheduler.planGeneration.map { .number(Double($0)) } ?? .null,
            "active_codes": .number(Double(scheduler.activeCodes(now: now).count)),
            "quotes_published": .number(Double(quotesPublished)),
            "in_flight": .number(Double(inFlight.reduce(0, +))),
            "accounts": .array(accounts),
        ]
    }

    /// Age of each active code's data at `now` (for benchmarks).
    public func ages() -> [PollPriority: [Double]] { scheduler.ages(now: clock.now()) }

    /// The last refresh of a code (market time), if any.
    public func lastRefresh(of code: String) -> Double? { scheduler.lastRefresh(of: code) }
}
