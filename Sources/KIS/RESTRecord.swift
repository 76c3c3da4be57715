import IPC

/// A flat KIS REST object whose values are all strings (`{"stck_prpr":"128500",…}`), kept as a
/// dictionary with the documented key set, plus typed accessors on each conforming type.
///
/// Decoding keeps every key the server sends; encoding writes ``keys`` in documented order, then
/// any extra keys sorted, so a simulator reproduces the fixture key sets exactly.
public protocol RESTRecord: Codable, Sendable, Equatable, Hashable {
    /// The documented key set, in documented order.
    static var keys: [String] { get }
    /// The raw values by wire key.
    var fields: [String: String] { get set }
    /// Wraps raw values.
    init(fields: [String: String])
}

/// A coding key for arbitrary wire names.
struct WireKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension RESTRecord {
    /// A record with every documented key present and empty — fill in what you know.
    public init() {
        self.init(fields: Dictionary(uniqueKeysWithValues: Self.keys.map { ($0, "") }))
    }

    public init(from decoder: any Decoder) throws {
        // The fast path (rest-poller's FastJSONDecoder): the members as they are, no key lookups.
        if let parsed = decoder as? any JSONNodeDecoding, case .object(let members) = parsed.node {
            var fields = [String: String](minimumCapacity: members.count)
            for (key, value) in members {
                switch value {
                case .string(let text): fields[key] = text
                case .integer(let number): fields[key] = String(number)
                case .double(let number): fields[key] = Self.text(of: number)
                default: break
                }
            }
            self.init(fields: fields)
            return
        }
        let container = try decoder.container(keyedBy: WireKey.self)
        var fields: [String: String] = [:]
        for key in container.allKeys {
            // KIS sends strings; tolerate a stray number rather than failing the whole body.
            if let text = try? container.decode(String.self, forKey: key) {
                fields[key.stringValue] = text
            } else if let number = try? container.decode(Double.self, forKey: key) {
                fields[key.stringValue] = Self.text(of: number)
            }
        }
        self.init(fields: fields)
    }

    /// A stray number as KIS would have written it (`12` rather than `12.0`).
    private static func text(of number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }

    /// Documented keys first in documented order, then any others sorted.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: WireKey.self)
        var written = 0
        for key in Self.keys {
            guard let value = fields[key] else { continue }
            try container.encode(value, forKey: WireKey(key))
            written += 1
        }
        guard written < fields.count else { return }
        let documented = Set(Self.keys)
        for key in fields.keys.sorted() where !documented.contains(key) {
            try container.encode(fields[key], forKey: WireKey(key))
        }
    }

    /// The raw value for a wire key.
    public subscript(key: String) -> String? {
        get { fields[key] }
        set { fields[key] = newValue }
    }

    /// The value for `key` as an integer (`"-300"` → -300); `nil` when absent, empty or not a number.
    public func int(_ key: String) -> Int? {
        guard let text = fields[key], !text.isEmpty, text.utf8.count <= 19 else { return nil }
        return Int(text)
    }

    /// The value for `key` as a decimal (`"-0.46"` → -0.46).
    public func double(_ key: String) -> Double? {
        guard let text = fields[key], !text.isEmpty else { return nil }
        return Double(text)
    }

    /// Sets `key` to an integer, written without `+` as KIS does.
    public mutating func setInt(_ key: String, _ value: Int?) {
        fields[key] = value.map { String($0) } ?? ""
    }

    /// Sets `key` to a decimal with two places (`"3.09"`, `"-0.46"`).
    public mutating func setRate(_ key: String, _ value: Double?) {
        guard let value else { fields[key] = ""; return }
        var writer = FieldWriter()
        writer.fixed2(value)
        fields[key] = String(decoding: writer.bytes, as: UTF8.self)
    }

    /// The value for `key` as a change sign.
    public func sign(_ key: String) -> ChangeSign? { int(key).map(ChangeSign.init(rawValue:)) }
}
