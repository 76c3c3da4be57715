import Foundation

/// The client's side of the protocol as bytes: `CONNECT`, `PUB`/`HPUB`, `SUB`, `UNSUB`, `PING`, `PONG`.
///
/// ```
/// CONNECT {"verbose":false,"user":…,"pass":…,…}␍␊
/// PUB <subject> [reply-to] <#bytes>␍␊<payload>␍␊
/// HPUB <subject> [reply-to] <#header bytes> <#total bytes>␍␊NATS/1.0␍␊Name: value␍␊␍␊<payload>␍␊
/// SUB <subject> [queue group] <sid>␍␊   UNSUB <sid> [max msgs]␍␊   PING␍␊   PONG␍␊
/// ```
/// Subjects are checked (non-empty, no whitespace or control characters) so that no caller can
/// smuggle a second operation into a control line.
public enum NATSEncoder {
    /// `CONNECT` with `options` as its JSON.
    public static func connect(_ options: NATSConnectOptions) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array("CONNECT ".utf8) + Array(try encoder.encode(options)) + [13, 10]
    }

    /// `PUB` (or `HPUB` when `headers` is not empty) appended to `bytes`.
    public static func publish(subject: String, replyTo: String? = nil, headers: [(name: String, value: String)] = [],
                               payload: [UInt8], into bytes: inout [UInt8]) throws(NATSError) {
        try checkSubject(subject)
        if let replyTo { try checkSubject(replyTo) }
        if headers.isEmpty {
            // Nearly all traffic: appended byte by byte, without a string per message.
            bytes.append(contentsOf: [0x50, 0x55, 0x42, 0x20])
            bytes.append(contentsOf: subject.utf8)
            if let replyTo { bytes.append(0x20); bytes.append(contentsOf: replyTo.utf8) }
            bytes.append(0x20)
            appendDecimal(payload.count, to: &bytes)
            bytes.append(contentsOf: [13, 10])
        } else {
            let reply = replyTo.map { " " + $0 } ?? ""
            var block = "NATS/1.0\r\n"
            for (name, value) in headers {
                guard !name.isEmpty, !(name + value).utf8.contains(where: { $0 == 13 || $0 == 10 }), !name.utf8.contains(58) else {
                    throw .malformed("header \(name.prefix(32)) cannot be sent")
                }
                block += "\(name): \(value)\r\n"
            }
            block += "\r\n"
            let headerBytes = Array(block.utf8)
            bytes.append(contentsOf: "HPUB \(subject)\(reply) \(headerBytes.count) \(headerBytes.count + payload.count)\r\n".utf8)
            bytes.append(contentsOf: headerBytes)
        }
        bytes.append(contentsOf: payload)
        bytes.append(contentsOf: [13, 10])
    }

    /// A non-negative integer's decimal digits.
    public static func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
        if value >= 10 { appendDecimal(value / 10, to: &bytes) }
        bytes.append(UInt8(0x30 + value % 10))
    }

    /// `PUB`/`HPUB` as a new array.
    public static func publish(subject: String, replyTo: String? = nil, headers: [(name: String, value: String)] = [],
                               payload: [UInt8]) throws(NATSError) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(payload.count + subject.utf8.count + 32)
        try publish(subject: subject, replyTo: replyTo, headers: headers, payload: payload, into: &bytes)
        return bytes
    }

    /// `SUB subject [queue] sid`.
    public static func subscribe(subject: String, queue: String? = nil, sid: Int) throws(NATSError) -> [UInt8] {
        try checkSubject(subject)
        if let queue { try checkSubject(queue) }
        return Array("SUB \(subject)\(queue.map { " " + $0 } ?? "") \(sid)\r\n".utf8)
    }

    /// `UNSUB sid [max]`: with `maximumMessages`, the server unsubscribes after that many more.
    public static func unsubscribe(sid: Int, maximumMessages: Int? = nil) -> [UInt8] {
        Array("UNSUB \(sid)\(maximumMessages.map { " \($0)" } ?? "")\r\n".utf8)
    }

    public static let ping: [UInt8] = Array("PING\r\n".utf8)
    public static let pong: [UInt8] = Array("PONG\r\n".utf8)

    /// A subject (or reply subject, or queue group) must be one non-empty token run without
    /// whitespace or control characters, and not too long for a control line.
    public static func checkSubject(_ subject: String) throws(NATSError) {
        // One pass over the bytes (Foundation's `contains` would go through CFString per message).
        var previous: UInt8 = 0x2e  // a leading "." counts as an empty token
        var count = 0
        for byte in subject.utf8 {
            guard byte > 0x20, byte != 0x7f, !(byte == 0x2e && previous == 0x2e) else { throw .invalidSubject(subject) }
            previous = byte
            count += 1
        }
        guard count > 0, count <= 1024, previous != 0x2e else { throw .invalidSubject(subject) }
    }
}

/// The `CONNECT` options we send. Credentials are encoded only here, never described or logged.
public struct NATSConnectOptions: Codable, Sendable, CustomStringConvertible {
    public var verbose = false
    public var pedantic = false
    public var tlsRequired: Bool
    public var name: String
    public var lang = "swift"
    public var version = "kis41-1"
    /// 1: the server may send INFO updates (cluster changes).
    public var `protocol` = 1
    /// `HMSG` support, needed for JetStream and for "no responders".
    public var headers = true
    /// A request with no subscriber gets a 503 status at once instead of timing out.
    public var noResponders = true
    public var user: String?
    public var pass: String?
    public var authToken: String?

    enum CodingKeys: String, CodingKey {
        case verbose, pedantic, tlsRequired = "tls_required", name, lang, version, `protocol`, headers
        case noResponders = "no_responders", user, pass, authToken = "auth_token"
    }

    public init(name: String, credentials: NATSCredentials, tlsRequired: Bool) {
        self.name = name; self.tlsRequired = tlsRequired
        switch credentials {
        case .none: break
        case .userPassword(let user, let password): self.user = user; pass = password
        case .token(let token): authToken = token
        }
    }

    public var description: String { "CONNECT name=\(name) user=\(user ?? "-") credentials=<redacted>" }
}
