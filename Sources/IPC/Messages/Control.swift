/// The first message of every connection: who the client is and which topics it wants.
public struct Hello: Codable, Sendable, Equatable {
    public var id: String
    /// The client's component name, e.g. `"signals"` or `"kisctl"`.
    public var name: String
    /// Topics to receive (`Topic` raw values); empty for a pure request/reply client.
    public var topics: [String]
    /// When set, market-data topics are filtered to these stock codes (used by `tap`).
    public var codes: [String]?

    public init(id: String = "", name: String, topics: [String] = [], codes: [String]? = nil) {
        self.id = id; self.name = name; self.topics = topics; self.codes = codes
    }
}

/// The server's answer to `hello`.
public struct Welcome: Codable, Sendable, Equatable {
    public var id: String
    /// The server's component name.
    public var name: String
    /// The message catalog version the server speaks.
    public var version: Int

    public init(id: String, name: String, version: Int = Message.catalogVersion) {
        self.id = id; self.name = name; self.version = version
    }
}

/// A positive reply to a request; `result` qualifies it (e.g. `"ok"`, `"duplicate"`).
public struct Ack: Codable, Sendable, Equatable {
    public var id: String
    public var result: String
    public var detail: String?

    public init(id: String, result: String = "ok", detail: String? = nil) {
        self.id = id; self.result = result; self.detail = detail
    }
}

/// A negative reply, or a notice before a connection is closed for a bad frame (no `id` then).
public struct ErrorReply: Codable, Sendable, Equatable {
    public var id: String?
    /// A short machine-readable code, e.g. `"invalid_json"`, `"slots_full"`.
    public var code: String
    /// A sentence for humans.
    public var reason: String

    public init(id: String?, code: String, reason: String) {
        self.id = id; self.code = code; self.reason = reason
    }
}

/// A request for a component's status.
public struct StatusRequest: Codable, Sendable, Equatable {
    public var id: String
    public init(id: String = "") { self.id = id }
}

/// A component's status: its state and open-ended details (counters, figures).
public struct StatusReport: Codable, Sendable, Equatable {
    public var id: String
    public var component: String
    /// `"running"`, `"degraded"`, or `"idle"` with the reason in `details.note`.
    public var state: String
    public var uptimeSeconds: Double
    public var details: [String: JSONValue]

    public init(id: String, component: String, state: String, uptimeSeconds: Double, details: [String: JSONValue]) {
        self.id = id; self.component = component; self.state = state
        self.uptimeSeconds = uptimeSeconds; self.details = details
    }
}
