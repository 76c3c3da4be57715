/// A `Decoder` over a parsed `JSONNode`: the fast path for IPC messages (Foundation's JSONDecoder
/// costs several microseconds per tick on Linux). Errors are the standard `DecodingError`s.
public struct FastJSONDecoder {
    public init() {}

    /// Decodes `T` from JSON bytes.
    public func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        try decode(type, from: try Self.parse(bytes))
    }

    /// Decodes `T` from a parsed document (parse once, decode several views of it).
    public func decode<T: Decodable>(_ type: T.Type, from node: JSONNode) throws -> T {
        try T(from: NodeDecoder(node: node, codingPath: []))
    }

    /// Parses one JSON document.
    /// - Throws: `DecodingError.dataCorrupted` naming the offset and the reason.
    public static func parse(_ bytes: [UInt8]) throws -> JSONNode {
        do { return try JSONParser.parse(bytes) } catch let failure as JSONParser.Failure {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "invalid JSON: \(failure)"))
        }
    }
}

private struct IndexKey: CodingKey {
    var stringValue: String { "\(intValue ?? 0)" }
    var intValue: Int?
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { return nil }
    init?(intValue: Int) { self.intValue = intValue }
}

/// A decoder that reads an already parsed document: a type whose members are arbitrary (a record
/// of wire fields) may take `node` directly instead of asking key by key.
public protocol JSONNodeDecoding: Decoder {
    var node: JSONNode { get }
}

private struct NodeDecoder: JSONNodeDecoding {
    let node: JSONNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = node else { throw mismatch([String: Any].self, node, codingPath) }
        return KeyedDecodingContainer(KeyedNodeContainer<Key>(members: members, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = node else { throw mismatch([Any].self, node, codingPath) }
        return UnkeyedNodeContainer(elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleNodeContainer(node: node, codingPath: codingPath) }
}

private func mismatch(_ type: Any.Type, _ node: JSONNode, _ path: [any CodingKey]) -> DecodingError {
    .typeMismatch(type, .init(codingPath: path, debugDescription: "expected \(type), found \(node.kindName)"))
}

/// A coding path built only when an error needs it.
private typealias LazyPath = () -> [any CodingKey]

/// Converts a node to a primitive, with the conversions JSON allows (integral doubles to Int).
private enum Primitive {
    static func bool(_ node: JSONNode, _ path: @autoclosure LazyPath) throws -> Bool {
        if case .bool(let value) = node { return value }
        throw mismatch(Bool.self, node, path())
    }
    static func string(_ node: JSONNode, _ path: @autoclosure LazyPath) throws -> String {
        if case .string(let value) = node { return value }
        throw mismatch(String.self, node, path())
    }
    static func double(_ node: JSONNode, _ path: @autoclosure LazyPath) throws -> Double {
        switch node {
        case .double(let value): return value
        case .integer(let value): return Double(value)
        default: throw mismatch(Double.self, node, path())
        }
    }
    static func integer<T: FixedWidthInteger>(_ node: JSONNode, _ path: @autoclosure LazyPath, as type: T.Type = T.self) throws -> T {
        switch node {
        case .integer(let value):
            if let exact = T(exactly: value) { return exact }
        case .double(let value):
            if let exact = T(exactly: value) { return exact }
        default: break
        }
        throw DecodingError.dataCorrupted(.init(codingPath: path(), debugDescription: "\(node.kindName) does not fit \(T.self)"))
    }
    static func decode<T: Decodable>(_ type: T.Type, _ node: JSONNode, _ path: @autoclosure LazyPath) throws -> T {
        switch type {
        case is String.Type: return try string(node, path()) as! T
        case is Int.Type: return try integer(node, path(), as: Int.self) as! T
        case is Double.Type: return try double(node, path()) as! T
        case is Bool.Type: return try bool(node, path()) as! T
        default: return try T(from: NodeDecoder(node: node, codingPath: path()))
        }
    }
}

private struct KeyedNodeContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [(key: String, value: JSONNode)]
    let codingPath: [any CodingKey]

    var allKeys: [Key] { members.compactMap { Key(stringValue: $0.key) } }

    @inline(__always)
    private func find(_ key: Key) -> JSONNode? {
        let name = key.stringValue
        for member in members where member.key == name { return member.value }
        return nil
    }

    private func require(_ key: Key) throws -> JSONNode {
        guard let node = find(key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "missing key \"\(key.stringValue)\""))
        }
        return node
    }

    func contains(_ key: Key) -> Bool { find(key) != nil }

    func decodeNil(forKey key: Key) throws -> Bool {
        guard let node = find(key) else { return true }
        if case .null = node { return true }
        return false
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try Primitive.bool(try require(key), codingPath + [key]) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try Primitive.string(try require(key), codingPath + [key]) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try Primitive.double(try require(key), codingPath + [key]) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try Primitive.double(try require(key), codingPath + [key])) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try Primitive.integer(try require(key), codingPath + [key]) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try Primitive.integer(try require(key), codingPath + [key]) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try Primitive.integer(try require(key), codingPath + [key]) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try Primitive.integer(try require(key), codingPath + [key]) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try Primitive.integer(try require(key), codingPath + [key]) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try Primitive.integer(try require(key), codingPath + [key]) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try Primitive.integer(try require(key), codingPath + [key]) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try Primitive.integer(try require(key), codingPath + [key]) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try Primitive.integer(try require(key), codingPath + [key]) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try Primitive.integer(try require(key), codingPath + [key]) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try Primitive.decode(type, try require(key), codingPath + [key])
    }

    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
        guard let node = find(key) else { return nil }
        if case .null = node { return nil }
        return try Primitive.integer(node, codingPath + [key])
    }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        guard let node = find(key) else { return nil }
        if case .null = node { return nil }
        return try Primitive.double(node, codingPath + [key])
    }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        guard let node = find(key) else { return nil }
        if case .null = node { return nil }
        return try Primitive.string(node, codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try NodeDecoder(node: try require(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try NodeDecoder(node: try require(key), codingPath: codingPath + [key]).unkeyedContainer()
    }
    func superDecoder() throws -> any Decoder { NodeDecoder(node: .object(members), codingPath: codingPath) }
    func superDecoder(forKey key: Key) throws -> any Decoder { NodeDecoder(node: find(key) ?? .null, codingPath: codingPath + [key]) }
}

private struct UnkeyedNodeContainer: UnkeyedDecodingContainer {
    let elements: [JSONNode]
    let codingPath: [any CodingKey]
    var currentIndex = 0
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    init(elements: [JSONNode], codingPath: [any CodingKey]) { self.elements = elements; self.codingPath = codingPath }

    private mutating func next() throws -> (JSONNode, [any CodingKey]) {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath, debugDescription: "array ended"))
        }
        defer { currentIndex += 1 }
        return (elements[currentIndex], codingPath + [IndexKey(currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, case .null = elements[currentIndex] else { return false }
        currentIndex += 1
        return true
    }
    mutating func decode(_ type: Bool.Type) throws -> Bool { let (n, p) = try next(); return try Primitive.bool(n, p) }
    mutating func decode(_ type: String.Type) throws -> String { let (n, p) = try next(); return try Primitive.string(n, p) }
    mutating func decode(_ type: Double.Type) throws -> Double { let (n, p) = try next(); return try Primitive.double(n, p) }
    mutating func decode(_ type: Int.Type) throws -> Int { let (n, p) = try next(); return try Primitive.integer(n, p) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { let (n, p) = try next(); return try Primitive.decode(type, n, p) }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (n, p) = try next(); return try NodeDecoder(node: n, codingPath: p).container(keyedBy: type)
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (n, p) = try next(); return try NodeDecoder(node: n, codingPath: p).unkeyedContainer()
    }
    mutating func superDecoder() throws -> any Decoder { let (n, p) = try next(); return NodeDecoder(node: n, codingPath: p) }
}

private struct SingleNodeContainer: SingleValueDecodingContainer {
    let node: JSONNode
    let codingPath: [any CodingKey]
    func decodeNil() -> Bool { if case .null = node { return true }; return false }
    func decode(_ type: Bool.Type) throws -> Bool { try Primitive.bool(node, codingPath) }
    func decode(_ type: String.Type) throws -> String { try Primitive.string(node, codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try Primitive.double(node, codingPath) }
    func decode(_ type: Float.Type) throws -> Float { Float(try Primitive.double(node, codingPath)) }
    func decode(_ type: Int.Type) throws -> Int { try Primitive.integer(node, codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try Primitive.integer(node, codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try Primitive.integer(node, codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try Primitive.integer(node, codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try Primitive.integer(node, codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try Primitive.integer(node, codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try Primitive.integer(node, codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try Primitive.integer(node, codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try Primitive.integer(node, codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try Primitive.integer(node, codingPath) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try Primitive.decode(type, node, codingPath) }
}
