/// An `Encoder` that writes compact JSON bytes directly, without an intermediate tree: the fast
/// path for IPC messages. Several keyed containers asked of the same value share one object
/// (the catalog writes `type` and the payload's members into one object).
public struct FastJSONEncoder {
    public init() {}

    /// Encodes `value` as one compact JSON document.
    public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let writer = JSONByteWriter()
        try writer.encodeValue(value, depth: 0, codingPath: [])
        writer.closeFrames(above: 0)
        return writer.bytes
    }
}

/// The shared output of one encoding: bytes and the stack of open containers.
final class JSONByteWriter {
    struct Frame {
        let isObject: Bool
        /// The value depth that opened it; `-1` for nested containers (never shared).
        let ownerDepth: Int
        var count = 0
    }

    @exclusivity(unchecked) var bytes: [UInt8] = []
    @exclusivity(unchecked) var stack: [Frame] = []

    init() { bytes.reserveCapacity(512) }

    func closeFrames(above mark: Int) {
        while stack.count > mark {
            bytes.append(stack.removeLast().isObject ? UInt8(ascii: "}") : UInt8(ascii: "]"))
        }
    }

    /// Opens (or, for the same value, reuses) a container; returns its stack index.
    func open(isObject: Bool, depth: Int) -> Int {
        if let top = stack.last, top.ownerDepth == depth, depth >= 0, top.isObject == isObject { return stack.count - 1 }
        bytes.append(isObject ? UInt8(ascii: "{") : UInt8(ascii: "["))
        stack.append(Frame(isObject: isObject, ownerDepth: depth))
        return stack.count - 1
    }

    /// Before a container writes its next element: close anything nested in it, then a comma.
    func beginElement(frame: Int) {
        closeFrames(above: frame + 1)
        if stack[frame].count > 0 { bytes.append(UInt8(ascii: ",")) }
        stack[frame].count += 1
    }

    func writeKey(_ key: String) {
        writeString(key)
        bytes.append(UInt8(ascii: ":"))
    }

    func writeString(_ string: String) { JSONText.appendString(string, to: &bytes) }

    func writeInteger<T: BinaryInteger>(_ value: T) { JSONText.appendInteger(value, to: &bytes) }

    func writeDouble(_ value: Double, codingPath: @autoclosure () -> [any CodingKey]) throws {
        guard JSONText.appendDouble(value, to: &bytes) else {
            throw EncodingError.invalidValue(value, .init(codingPath: codingPath(), debugDescription: "JSON has no \(value)"))
        }
    }

    /// Writes any value: primitives directly, others through their `encode(to:)`.
    func encodeValue<T: Encodable>(_ value: T, depth: Int, codingPath: @autoclosure () -> [any CodingKey]) throws {
        switch value {
        case let string as String: writeString(string)
        case let integer as Int: writeInteger(integer)
        case let double as Double: try writeDouble(double, codingPath: codingPath())
        case let bool as Bool: bytes.append(contentsOf: (bool ? "true" : "false").utf8)
        default:
            let mark = stack.count
            let before = bytes.count
            try value.encode(to: ByteEncoder(writer: self, depth: depth, codingPath: codingPath()))
            closeFrames(above: mark)
            if bytes.count == before { bytes.append(contentsOf: "{}".utf8) }
        }
    }
}

private struct ByteEncoder: Encoder {
    let writer: JSONByteWriter
    let depth: Int
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(KeyedByteContainer<Key>(writer: writer, frame: writer.open(isObject: true, depth: depth),
                                                       depth: depth, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        UnkeyedByteContainer(writer: writer, frame: writer.open(isObject: false, depth: depth), depth: depth, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleByteContainer(writer: writer, depth: depth, codingPath: codingPath)
    }
}

private struct KeyedByteContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let writer: JSONByteWriter
    let frame: Int
    let depth: Int
    let codingPath: [any CodingKey]

    private func key(_ key: Key) {
        writer.beginElement(frame: frame)
        writer.writeKey(key.stringValue)
    }

    mutating func encodeNil(forKey key: Key) throws { self.key(key); writer.bytes.append(contentsOf: "null".utf8) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { self.key(key); writer.bytes.append(contentsOf: (value ? "true" : "false").utf8) }
    mutating func encode(_ value: String, forKey key: Key) throws { self.key(key); writer.writeString(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { self.key(key); try writer.writeDouble(value, codingPath: codingPath + [key]) }
    mutating func encode(_ value: Int, forKey key: Key) throws { self.key(key); writer.writeInteger(value) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        self.key(key)
        try writer.encodeValue(value, depth: depth + 1, codingPath: codingPath + [key])
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        self.key(key)
        return KeyedEncodingContainer(KeyedByteContainer<NestedKey>(writer: writer, frame: writer.open(isObject: true, depth: -1),
                                                                    depth: depth + 1, codingPath: codingPath + [key]))
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        self.key(key)
        return UnkeyedByteContainer(writer: writer, frame: writer.open(isObject: false, depth: -1), depth: depth + 1, codingPath: codingPath + [key])
    }
    mutating func superEncoder() -> any Encoder { ByteEncoder(writer: writer, depth: depth, codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        self.key(key)
        return ByteEncoder(writer: writer, depth: depth + 1, codingPath: codingPath + [key])
    }
}

private struct UnkeyedByteContainer: UnkeyedEncodingContainer {
    let writer: JSONByteWriter
    let frame: Int
    let depth: Int
    let codingPath: [any CodingKey]
    var count: Int { writer.stack.indices.contains(frame) ? writer.stack[frame].count : 0 }

    mutating func encodeNil() throws { writer.beginElement(frame: frame); writer.bytes.append(contentsOf: "null".utf8) }
    mutating func encode(_ value: String) throws { writer.beginElement(frame: frame); writer.writeString(value) }
    mutating func encode(_ value: Int) throws { writer.beginElement(frame: frame); writer.writeInteger(value) }
    mutating func encode(_ value: Double) throws { writer.beginElement(frame: frame); try writer.writeDouble(value, codingPath: codingPath) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        writer.beginElement(frame: frame)
        try writer.encodeValue(value, depth: depth + 1, codingPath: codingPath)
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        writer.beginElement(frame: frame)
        return KeyedEncodingContainer(KeyedByteContainer<NestedKey>(writer: writer, frame: writer.open(isObject: true, depth: -1),
                                                                    depth: depth + 1, codingPath: codingPath))
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        writer.beginElement(frame: frame)
        return UnkeyedByteContainer(writer: writer, frame: writer.open(isObject: false, depth: -1), depth: depth + 1, codingPath: codingPath)
    }
    mutating func superEncoder() -> any Encoder {
        writer.beginElement(frame: frame)
        return ByteEncoder(writer: writer, depth: depth + 1, codingPath: codingPath)
    }
}

private struct SingleByteContainer: SingleValueEncodingContainer {
    let writer: JSONByteWriter
    let depth: Int
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { writer.bytes.append(contentsOf: "null".utf8) }
    mutating func encode(_ value: Bool) throws { writer.bytes.append(contentsOf: (value ? "true" : "false").utf8) }
    mutating func encode(_ value: String) throws { writer.writeString(value) }
    mutating func encode(_ value: Double) throws { try writer.writeDouble(value, codingPath: codingPath) }
    mutating func encode(_ value: Int) throws { writer.writeInteger(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try writer.encodeValue(value, depth: depth, codingPath: codingPath) }
}
