import Foundation
import IPC
import KIS
import Net

/// Where and how a ``KISRESTClient`` talks to KIS (or kis-sim).
public struct KISRESTClientConfiguration: Sendable {
    /// `https://openapi.koreainvestment.com:9443`, or kis-sim's `http://127.0.0.1:port`.
    public var restURL: String
    public var credentials: KISCredentials
    public var environment: KISEnvironment
    public var limiter: RateLimiterConfiguration
    public var token = TokenConfiguration()
    /// Retries of a call refused with `EGW00201` (KIS: "re-call a rejected request"); each retry
    /// waits for the limiter again.
    public var maximumRefusalRetries = 2
    /// `custtype`: `P` retail.
    public var customerType = "P"
    /// The account's name, for status and logs (never the key).
    public var account = "1"
    public var http = HTTPClientConfiguration()

    public init(restURL: String, credentials: KISCredentials, environment: KISEnvironment,
                limiter: RateLimiterConfiguration? = nil) {
        self.restURL = restURL; self.credentials = credentials; self.environment = environment
        self.limiter = limiter ?? (environment == .virtual ? .virtual : .real)
        http.maximumIdleConnections = 8
    }

    /// From ``KIS/KISSettings`` (environment, `KIS41_REST_URL`, credentials).
    public init(settings: KISSettings, limiter: RateLimiterConfiguration? = nil) {
        self.init(restURL: settings.restURL, credentials: settings.credentials, environment: settings.environment, limiter: limiter)
        account = settings.accountName
    }
}

/// Whether a call still has to pass the rate gate, or its caller already did (with this ticket,
/// which the call completes).
public enum Admission: Sendable { case acquire, admitted(RateLimiter.Ticket) }

/// Typed KIS REST quote calls with the token life cycle and the rate limit built in.
///
/// Every call (and every retry) passes the one ``RateGate``. The body envelope is read whatever
/// the HTTP status (KIS sends `EGW00201` with 500, protocol.md §3.5). `EGW00201` slows the gate
/// and is retried a bounded number of times; `EGW00123`/`EGW00121` renew the token once and retry.
public final class KISRESTClient: Sendable {
    public let configuration: KISRESTClientConfiguration
    public let gate: RateGate
    public let tokens: TokenManager
    public let counters = RESTCounters()
    private let http: HTTPClient

    /// Where quote calls and their answers are kept when the session records.
    private let archive: WireArchiveWriter?
    private let clock: MarketClock

    public init(configuration: KISRESTClientConfiguration, clock: MarketClock, cache: TokenCache?,
                sleep: MarketSleeper? = nil, archive: WireArchiveWriter? = nil) throws {
        self.configuration = configuration
        self.archive = archive
        self.clock = clock
        let http = try HTTPClient(origin: configuration.restURL, configuration: configuration.http)
        self.http = http
        gate = RateGate(configuration: configuration.limiter, clock: clock, sleep: sleep)
        let credentials = configuration.credentials
        let counters = counters
        tokens = TokenManager(fingerprint: credentials.fingerprint, cache: cache, clock: clock,
                              configuration: configuration.token, sleep: sleep) {
            counters.count(\.tokenRequests)
            return try await Self.requestToken(http: http, credentials: credentials)
        }
    }

    private var isVirtual: Bool { configuration.environment == .virtual }

    /// Writes out the archive's queued records (on the way out).
    public func flushArchive() { archive?.flush() }

    /// inquire-price (FHKST01010100): one stock.
    public func inquirePrice(code: String, market: String = "J", admission: Admission = .acquire) async throws -> InquirePriceOutput {
        try await inquirePriceAnswer(code: code, market: market, admission: admission).output
    }

    /// inquire-price with the time of the answer (its HTTP `Date`, as ``multiPriceAnswer(codes:market:admission:)``).
    public func inquirePriceAnswer(code: String, market: String = "J",
                                   admission: Admission = .acquire) async throws -> (output: InquirePriceOutput, serverDate: Double?) {
        let (document, serverDate) = try await performDated(.inquirePrice, KISEndpoint.singleQuery(market: market, code: code), admission)
        let body = try decode(RESTSingleResponse<InquirePriceOutput>.self, document)
        guard let output = body.output else { throw KISRESTError(kind: .malformedResponse, detail: "inquire-price without output") }
        return (output, serverDate)
    }

    /// intstock-multprice (FHKST11300006): up to 30 stocks, one row each (real only).
    public func multiPrice(codes: [String], market: String = "J", admission: Admission = .acquire) async throws -> [MultiPriceRow] {
        try await multiPriceAnswer(codes: codes, market: market, admission: admission).rows
    }

    /// intstock-multprice with the time of the answer: its HTTP `Date` (Unix seconds, whole; nil
    /// when the server sent none). The rows carry no time of their own.
    public func multiPriceAnswer(codes: [String], market: String = "J",
                                 admission: Admission = .acquire) async throws -> (rows: [MultiPriceRow], serverDate: Double?) {
        let query = MultiPriceQuery(items: codes.map { MultiPriceQuery.Item(market: market, code: $0) })
        let (document, serverDate) = try await performDated(.multiPrice, query.queryItems, admission)
        let body = try decode(RESTSingleResponse<[MultiPriceRow]>.self, document)
        return (body.output ?? [], serverDate)
    }

    /// inquire-asking-price-exp-ccn (FHKST01010200): the 10-level book and the expected trade.
    public func askingPrice(code: String, market: String = "J", admission: Admission = .acquire) async throws -> (book: AskingPriceBook, expected: ExpectedTrade?) {
        let document = try await performRaw(.askingPrice, KISEndpoint.singleQuery(market: market, code: code), admission)
        // The doc calls output2 an array; the official sample treats it as an object (§5.2): accept both.
        if let body = try? FastJSONDecoder().decode(RESTResponse<AskingPriceBook, ExpectedTrade>.self, from: document), let book = body.output1 {
            return (book, body.output2)
        }
        let body = try decode(RESTResponse<AskingPriceBook, [ExpectedTrade]>.self, document)
        guard let book = body.output1 else { throw KISRESTError(kind: .malformedResponse, detail: "asking price without output1") }
        return (book, body.output2?.first)
    }

    /// volume-rank (FHPST01710000): up to 30 rows (real only).
    public func volumeRank(_ query: VolumeRankQuery = .standard, admission: Admission = .acquire) async throws -> [VolumeRankRow] {
        let body: RESTSingleResponse<[VolumeRankRow]> = try await perform(.volumeRank, Self.items(query.fields, order: VolumeRankQuery.keys), admission)
        return body.output ?? []
    }

    /// ranking/fluctuation (FHPST01700000): up to 30 rows (real only).
    public func fluctuation(_ query: FluctuationQuery = .standard, admission: Admission = .acquire) async throws -> [FluctuationRow] {
        let body: RESTSingleResponse<[FluctuationRow]> = try await perform(.fluctuation, Self.items(query.fields, order: FluctuationQuery.keys), admission)
        return body.output ?? []
    }

    /// inquire-index-price (FHPUP02100000): a sector index (`0001`, `1001`, `2001`).
    public func indexPrice(code: String, admission: Admission = .acquire) async throws -> IndexPriceOutput {
        let body: RESTSingleResponse<IndexPriceOutput> = try await perform(.indexPrice, KISEndpoint.singleQuery(market: "U", code: code), admission)
        guard let output = body.output else { throw KISRESTError(kind: .malformedResponse, detail: "index price without output") }
        return output
    }

    /// inquire-vi-status (FHPST01390000): the latest VIs of the day (real only). The doc calls
    /// `output` an Object; clients read a list, as here (an object is read as one row).
    public func viStatus(_ query: VIStatusQuery, admission: Admission = .acquire) async throws -> [VIStatusRow] {
        let document = try await performRaw(.viStatus, Self.items(query.fields, order: VIStatusQuery.keys), admission)
        if let body = try? FastJSONDecoder().decode(RESTSingleResponse<[VIStatusRow]>.self, from: document) { return body.output ?? [] }
        let body = try decode(RESTSingleResponse<VIStatusRow>.self, document)
        return body.output.map { [$0] } ?? []
    }

    /// Closes idle connections.
    public func close() async { await http.close() }

    private static func items(_ fields: [String: String], order: [String]) -> [(name: String, value: String)] {
        order.compactMap { key in fields[key].map { (key, $0) } }
    }

    private func perform<T: Decodable>(_ endpoint: KISEndpoint, _ query: [(name: String, value: String)], _ admission: Admission) async throws -> T {
        try decode(T.self, try await performRaw(endpoint, query, admission))
    }

    private func decode<T: Decodable>(_ type: T.Type, _ document: JSONNode) throws -> T {
        do { return try FastJSONDecoder().decode(T.self, from: document) } catch {
            counters.count(\.failures)
            throw KISRESTError(kind: .malformedResponse, detail: "\(error)")
        }
    }

    /// One logical call: gate, token, request, envelope check, bounded retries. Returns the body,
    /// parsed once (Foundation's JSONDecoder cost ~1 ms per 30-row body; see `bench codec`).
    private func performRaw(_ endpoint: KISEndpoint, _ query: [(name: String, value: String)], _ admission: Admission) async throws -> JSONNode {
        try await performDated(endpoint, query, admission).document
    }

    /// ``performRaw(_:_:_:)`` with the answer's HTTP `Date` (Unix seconds), when it has a readable one.
    private func performDated(_ endpoint: KISEndpoint, _ query: [(name: String, value: String)],
                              _ admission: Admission) async throws -> (document: JSONNode, serverDate: Double?) {
        guard endpoint.trID(isVirtual: isVirtual) != nil else {
            if case .admitted(let ticket) = admission { await gate.complete(ticket) }
            throw KISRESTError(kind: .unsupported, detail: "\(endpoint.name) is not available in the \(configuration.environment.rawValue) environment")
        }
        let target = endpoint.path + "?" + QueryString.build(query.map { QueryItem(name: $0.name, value: $0.value) })
        var refusals = 0
        var hasRenewed = false
        var admitted: RateLimiter.Ticket? = if case .admitted(let ticket) = admission { ticket } else { nil }
        while true {
            let ticket = if let given = admitted { given } else { try await gate.acquire() }
            admitted = nil
            let (token, response) = try await send(endpoint, target: target, ticket: ticket)
            let document = try? FastJSONDecoder.parse(response.body)
            guard let kisError = RESTErrorDetector.error(in: response.body, parsed: document, httpStatus: response.status) else {
                guard let document else {
                    counters.count(\.failures)
                    throw KISRESTError(kind: .malformedResponse, detail: "\(endpoint.name): the body is not JSON: \(String(decoding: response.body.prefix(120), as: UTF8.self))")
                }
                counters.count(\.successes)
                return (document, response.headers["Date"].flatMap(HTTPDate.parse))
            }
            let error = KISRESTError(kisError)
            switch error.kind {
            case .server(.rateLimited):
                counters.count(\.rateLimited)
                await gate.recordRefusal()
                refusals += 1
                if refusals <= configuration.maximumRefusalRetries { continue }
            case .server(.tokenExpired), .server(.tokenInvalid):
                counters.count(\.tokenRejections)
                await tokens.invalidate(token)
                if !hasRenewed { hasRenewed = true; continue }
            default:
                break
            }
            counters.count(\.failures)
            throw error
        }
    }

    /// Sends one request under `ticket` and completes the ticket once the answer (or the failure)
    /// is in, on every path: the gate counts the call as possibly arriving until then.
    private func send(_ endpoint: KISEndpoint, target: String, ticket: RateLimiter.Ticket) async throws -> (token: String, response: HTTPResponse) {
        do {
            let token = try await tokens.token()
            var headers = HTTPHeaders()
            for header in endpoint.quoteHeaders(accessToken: token, appKey: configuration.credentials.appKey,
                                                appSecret: configuration.credentials.appSecret, isVirtual: isVirtual,
                                                customerType: configuration.customerType) ?? [] {
                headers.add(name: header.name, value: header.value)
            }
            counters.count(\.calls)
            let sending = clock.elapsed()
            counters.add(\.dispatchSeconds, sending - ticket.grantedAt)
            do {
                let response = try await http.send(HTTPRequest(method: endpoint.method, target: target, headers: headers))
                counters.add(\.exchangeSeconds, clock.elapsed() - sending)
                await gate.complete(ticket)
                if let archive, WireScrubber.isRecordable(path: endpoint.path) {
                    let query = target.split(separator: "?", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
                    archive.append(.rest(RESTCallRecord(receivedAt: Date().timeIntervalSince1970, marketTime: clock.now(),
                                                        trID: endpoint.trID(isVirtual: isVirtual) ?? "", path: endpoint.path,
                                                        query: query, status: response.status, body: response.bodyText,
                                                        serverDate: response.headers["Date"].flatMap(HTTPDate.parse))))
                }
                return (token, response)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                counters.count(\.failures)
                throw KISRESTError(kind: .network, detail: "\(endpoint.name): \(error)")
            }
        } catch {
            await gate.complete(ticket)
            throw error
        }
    }

    private static func requestToken(http: HTTPClient, credentials: KISCredentials) async throws -> TokenResponse {
        let request = TokenRequest(appKey: credentials.appKey, appSecret: credentials.appSecret)
        let response: HTTPResponse
        do {
            response = try await http.post(KISEndpoint.tokenP.path, headers: ["content-type": "application/json; charset=UTF-8"],
                                           body: Array(try JSONEncoder().encode(request)))
        } catch {
            throw KISRESTError(kind: .network, detail: "tokenP: \(error)")
        }
        let body = Data(response.body)
        if let error = RESTErrorDetector.error(in: body, httpStatus: response.status) { throw KISRESTError(error) }
        do { return try JSONDecoder().decode(TokenResponse.self, from: body) } catch {
            throw KISRESTError(kind: .malformedResponse, detail: "tokenP: \(error)")
        }
    }
}

/// Thread-safe call counters of a client.
public final class RESTCounters: @unchecked Sendable {
    public struct Values: Sendable, Equatable {
        /// HTTP requests sent (retries included).
        public var calls = 0
        public var successes = 0
        /// Logical calls that ended in an error.
        public var failures = 0
        /// `EGW00201` answers.
        public var rateLimited = 0
        /// `EGW00121`/`EGW00123` answers.
        public var tokenRejections = 0
        public var tokenRequests = 0
        /// Market seconds summed over the requests sent: from the gate's grant to the request
        /// going out (scheduling, token), and from there to the answer being in (the exchange).
        /// With the window (1 s) they are what each call holds of its key's budget.
        public var dispatchSeconds = 0.0
        public var exchangeSeconds = 0.0

        /// The sum of two clients' counters (several accounts).
        public func adding(_ other: Values) -> Values {
            var sum = self
            sum.calls += other.calls; sum.successes += other.successes; sum.failures += other.failures
            sum.rateLimited += other.rateLimited; sum.tokenRejections += other.tokenRejections
            sum.tokenRequests += other.tokenRequests
            sum.dispatchSeconds += other.dispatchSeconds; sum.exchangeSeconds += other.exchangeSeconds
            return sum
        }
    }

    private let lock = NSLock()
    private var values = Values()

    func count(_ key: WritableKeyPath<Values, Int>) { lock.withLock { values[keyPath: key] += 1 } }

    func add(_ key: WritableKeyPath<Values, Double>, _ seconds: Double) { lock.withLock { values[keyPath: key] += max(0, seconds) } }

    public var snapshot: Values { lock.withLock { values } }
}
