/// What a NATS server sends, one case per protocol operation
/// (<https://docs.nats.io/reference/reference-protocols/nats-protocol>).
public enum NATSServerOperation: Sendable, Equatable {
    /// `INFO {json}`: sent first on every connection, and again when the cluster changes.
    case info(NATSServerInfo)
    /// `MSG` or `HMSG`: a message delivered to one of our subscriptions.
    case message(NATSMessage)
    /// `PING`: answer with `PONG` or the server closes the connection.
    case ping
    /// `PONG`: the answer to one of our `PING`s (in order).
    case pong
    /// `+OK`: acknowledgement in verbose mode (we do not ask for it, but accept it).
    case ok
    /// `-ERR '<reason>'`: a protocol, authorization or permission error.
    case error(String)
}

/// The fields of the server's `INFO` that a client acts on.
public struct NATSServerInfo: Codable, Sendable, Equatable {
    public var serverID: String
    public var version: String
    /// Largest payload the server accepts in one `PUB` (bytes).
    public var maxPayload: Int
    public var headers: Bool?
    public var authRequired: Bool?
    public var tlsRequired: Bool?
    public var jetstream: Bool?

    enum CodingKeys: String, CodingKey {
        case serverID = "server_id", version, maxPayload = "max_payload", headers
        case authRequired = "auth_required", tlsRequired = "tls_required", jetstream
    }

    public init(serverID: String, version: String, maxPayload: Int, headers: Bool? = nil, authRequired: Bool? = nil,
                tlsRequired: Bool? = nil, jetstream: Bool? = nil) {
        self.serverID = serverID; self.version = version; self.maxPayload = maxPayload; self.headers = headers
        self.authRequired = authRequired; self.tlsRequired = tlsRequired; self.jetstream = jetstream
    }
}

/// A message delivered on a subscription (`MSG`, or `HMSG` with headers).
public struct NATSMessage: Sendable, Equatable {
    public var subject: String
    /// The subscription id it was delivered for.
    public var sid: Int
    /// Where a reply should go (request/reply), if anywhere.
    public var replyTo: String?
    /// Headers of an `HMSG`, in order (empty for `MSG`).
    public var headers: [(name: String, value: String)]
    /// The status code of an `HMSG` whose header line carries one (`503` = no responders).
    public var status: Int?
    public var payload: [UInt8]

    public init(subject: String, sid: Int, replyTo: String? = nil, headers: [(name: String, value: String)] = [],
                status: Int? = nil, payload: [UInt8]) {
        self.subject = subject; self.sid = sid; self.replyTo = replyTo; self.headers = headers
        self.status = status; self.payload = payload
    }

    /// The first value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    public static func == (lhs: NATSMessage, rhs: NATSMessage) -> Bool {
        lhs.subject == rhs.subject && lhs.sid == rhs.sid && lhs.replyTo == rhs.replyTo && lhs.status == rhs.status
            && lhs.payload == rhs.payload && lhs.headers.map(\.name) == rhs.headers.map(\.name)
            && lhs.headers.map(\.value) == rhs.headers.map(\.value)
    }
}
