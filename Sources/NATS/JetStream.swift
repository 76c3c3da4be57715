import Foundation

/// The JetStream requests kis41 needs, over a `NATSClient`: create or update a stream, publish
/// with an acknowledgement, and replay a stream through an ephemeral push consumer.
/// (<https://docs.nats.io/reference/reference-protocols/nats_api_reference>)
public struct JetStream: Sendable {
    public let client: NATSClient
    /// Seconds to wait for an API reply or a publish acknowledgement.
    public var timeout: Double

    public init(client: NATSClient, timeout: Double = 5) { self.client = client; self.timeout = timeout }

    /// What `ensureStream` did.
    public enum StreamOutcome: String, Sendable { case created, updated }

    /// Creates the stream, or updates it when one of that name exists with another configuration.
    public func ensureStream(_ stream: JetStreamStreamConfiguration) async throws -> StreamOutcome {
        let body = try JSONEncoder().encode(stream)
        do {
            try await apiRequest("$JS.API.STREAM.CREATE.\(stream.name)", body: Array(body))
            return .created
        } catch let error as NATSError where error.jetStreamErrorCode == JetStreamErrorCode.streamNameInUse {
            try await apiRequest("$JS.API.STREAM.UPDATE.\(stream.name)", body: Array(body))
            return .updated
        }
    }

    /// Publishes to a subject a stream captures and checks its acknowledgement.
    /// - Parameter messageID: sent as `Nats-Msg-Id`, so a re-publish after a lost ack is stored once.
    /// - Throws: `noResponders` when no stream captures the subject, a JetStream error, a timeout.
    @discardableResult
    public func publish(_ subject: String, payload: [UInt8], messageID: String? = nil) async throws -> PubAck {
        let headers = messageID.map { [(name: "Nats-Msg-Id", value: $0)] } ?? []
        let reply = try await client.request(subject, payload: payload, headers: headers, timeout: timeout)
        let decoded = try JSONDecoder().decode(APIReply<PubAck>.self, from: Data(reply.payload))
        if let error = decoded.error { throw NATSError.jetStream(code: error.code, errorCode: error.errCode ?? 0, description: error.description) }
        guard let ack = decoded.value else { throw NATSError.malformed("PubAck without stream and seq") }
        return ack
    }

    /// Subscribes to everything `stream` holds (matching `filterSubject`), oldest first, then to
    /// what arrives: an ephemeral push consumer without acknowledgements, delivered to a new inbox.
    public func replay(stream: String, filterSubject: String? = nil) async throws -> NATSSubscription {
        let deliverSubject = client.newInbox()
        let subscription = try await client.subscribe(deliverSubject)
        var config: [String: Any] = ["deliver_policy": "all", "ack_policy": "none", "deliver_subject": deliverSubject,
                                     "replay_policy": "instant"]
        if let filterSubject { config["filter_subject"] = filterSubject }
        let body = try JSONSerialization.data(withJSONObject: ["stream_name": stream, "config": config])
        do {
            try await apiRequest("$JS.API.CONSUMER.CREATE.\(stream)", body: Array(body))
        } catch {
            await client.unsubscribe(subscription)
            throw error
        }
        return subscription
    }

    /// A JetStream API request whose reply must not carry an `error`.
    private func apiRequest(_ subject: String, body: [UInt8]) async throws {
        let reply = try await client.request(subject, payload: body, timeout: timeout)
        let decoded = try JSONDecoder().decode(APIReply<Empty>.self, from: Data(reply.payload))
        if let error = decoded.error { throw NATSError.jetStream(code: error.code, errorCode: error.errCode ?? 0, description: error.description) }
    }

    private struct Empty: Decodable {}

    /// `{"error":{…}}` or the value's own members.
    private struct APIReply<Value: Decodable>: Decodable {
        var error: APIError?
        var value: Value?
        enum CodingKeys: CodingKey { case error }
        init(from decoder: any Decoder) throws {
            error = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(APIError.self, forKey: .error)
            value = error == nil ? try? Value(from: decoder) : nil
        }
    }

    private struct APIError: Decodable {
        var code: Int
        var errCode: Int?
        var description: String
        enum CodingKeys: String, CodingKey { case code, errCode = "err_code", description }
    }
}

/// JetStream API error codes we act on.
public enum JetStreamErrorCode {
    /// "stream name already in use with a different configuration".
    public static let streamNameInUse = 10058
}

/// A publish acknowledgement: the stream that stored the message and its sequence number.
public struct PubAck: Codable, Sendable, Equatable {
    public var stream: String
    public var seq: UInt64
    /// True when the `Nats-Msg-Id` was seen within the duplicate window (stored once).
    public var duplicate: Bool?
}

/// A stream's configuration as the JetStream API spells it (the members kis41 sets).
public struct JetStreamStreamConfiguration: Codable, Sendable, Equatable {
    public var name: String
    public var subjects: [String]
    public var retention = "limits"
    /// Oldest message kept, nanoseconds.
    public var maxAge: Int64
    /// Total size kept, bytes (older messages discarded first).
    public var maxBytes: Int64
    public var storage = "file"
    public var discard = "old"
    public var numReplicas = 1
    /// How long a `Nats-Msg-Id` is remembered for de-duplication, nanoseconds.
    public var duplicateWindow: Int64

    enum CodingKeys: String, CodingKey {
        case name, subjects, retention, maxAge = "max_age", maxBytes = "max_bytes", storage, discard
        case numReplicas = "num_replicas", duplicateWindow = "duplicate_window"
    }

    public init(name: String, subjects: [String], maxAgeSeconds: Double, maxBytes: Int64, duplicateWindowSeconds: Double = 120) {
        self.name = name; self.subjects = subjects
        maxAge = Int64(maxAgeSeconds * 1e9); self.maxBytes = maxBytes
        duplicateWindow = Int64(min(duplicateWindowSeconds, maxAgeSeconds) * 1e9)
    }
}
