#if canImport(Glibc)
import Glibc
#endif

/// Scanning primitives for the hand-written batch decoders (`MarketData+BatchJSON.swift`): they
/// read straight from the bytes into typed fields, without the `JSONNode` tree or `Codable`.
///
/// They accept only documents the generic path would decode to the same value. Anything else
/// (escaped member names, unknown or repeated members, a missing field, a number that does not
/// fit) throws, and the caller falls back to the generic path, which then decodes it or reports
/// the error exactly as before.
extension JSONParser {
    /// Thrown when a document is outside what the scanners handle; never seen by callers of the codec.
    struct Unsupported: Error {}

    /// Skips whitespace, then requires `byte`.
    @inline(__always)
    mutating func expect(_ byte: UInt8) throws {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == byte else { throw Unsupported() }
        index += 1
    }

    /// Skips whitespace, then consumes `byte` if it is next.
    @inline(__always)
    mutating func consume(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// Requires that only whitespace is left.
    mutating func expectEnd() throws {
        skipWhitespace()
        guard index == bytes.count else { throw Unsupported() }
    }

    /// A member name and its `:`; names with escapes are left to the generic path.
    mutating func memberName() throws -> UnsafeBufferPointer<UInt8> {
        try expect(UInt8(ascii: "\""))
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let name = UnsafeBufferPointer(rebasing: bytes[start..<index])
                index += 1
                try expect(UInt8(ascii: ":"))
                return name
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { throw Unsupported() }
            index += 1
        }
        throw Unsupported()
    }

    /// Whether the next value is `null` (consumed if so).
    mutating func consumeNull() throws -> Bool {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    mutating func scanString() throws -> String {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw Unsupported() }
        return try string()
    }

    /// An `Int`, also from an integral number with a fraction or exponent (as `FastJSONDecoder` allows).
    mutating func scanInt() throws -> Int {
        switch try scanNumber() {
        case .integer(let value): return value
        case .double(let value): if let exact = Int(exactly: value) { return exact }
        default: break
        }
        throw Unsupported()
    }

    mutating func scanDouble() throws -> Double {
        switch try scanNumber() {
        case .integer(let value): return Double(value)
        case .double(let value): return value
        default: throw Unsupported()
        }
    }

    mutating func scanOptionalInt() throws -> Int? { try consumeNull() ? nil : try scanInt() }
    mutating func scanOptionalDouble() throws -> Double? { try consumeNull() ? nil : try scanDouble() }
    mutating func scanOptionalString() throws -> String? { try consumeNull() ? nil : try scanString() }
    mutating func scanOptionalBool() throws -> Bool? {
        if try consumeNull() { return nil }
        skipWhitespace()
        guard index < bytes.count else { throw Unsupported() }
        switch bytes[index] {
        case UInt8(ascii: "t"): try literal("true"); return true
        case UInt8(ascii: "f"): try literal("false"); return false
        default: throw Unsupported()
        }
    }

    private mutating func scanNumber() throws -> JSONNode {
        skipWhitespace()
        guard index < bytes.count else { throw Unsupported() }
        switch bytes[index] {
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw Unsupported()
        }
    }

    /// Reads one object, calling `member` with the position in `names` of each member found.
    /// - Returns: the set of positions seen, as bits (for the caller's check of required members).
    mutating func scanObject(_ names: JSONNames, _ member: (Int, inout JSONParser) throws -> Void) throws -> UInt64 {
        try expect(UInt8(ascii: "{"))
        var seen: UInt64 = 0
        if consume(UInt8(ascii: "}")) { return seen }
        var hint = 0
        repeat {
            // Unknown or repeated members: the generic path decides (it ignores or takes the first).
            guard let position = names.position(of: try memberName(), startingAt: hint),
                  seen & (1 << position) == 0 else { throw Unsupported() }
            seen |= 1 << position
            try member(position, &self)
            hint = position + 1
        } while consume(UInt8(ascii: ","))
        try expect(UInt8(ascii: "}"))
        return seen
    }

    /// Reads one array, each element with `element`.
    mutating func scanArray<Element>(_ element: (inout JSONParser) throws -> Element) throws -> [Element] {
        try expect(UInt8(ascii: "["))
        var elements: [Element] = []
        if consume(UInt8(ascii: "]")) { return elements }
        repeat { elements.append(try element(&self)) } while consume(UInt8(ascii: ","))
        try expect(UInt8(ascii: "]"))
        return elements
    }
}

/// The member names of one type, in declaration order (at most 64).
struct JSONNames: Sendable {
    private let names: [[UInt8]]

    init(_ names: [StaticString]) {
        precondition(names.count <= 64, "the seen-set is one UInt64")
        self.names = names.map { Array(UnsafeBufferPointer(start: $0.utf8Start, count: $0.utf8CodeUnitCount)) }
    }

    /// The bits of every position: `(1 << count) - 1`.
    var all: UInt64 { names.count == 64 ? ~0 : (1 << UInt64(names.count)) - 1 }

    /// The position of `name`, trying `hint` first (members usually come in declaration order).
    func position(of name: UnsafeBufferPointer<UInt8>, startingAt hint: Int) -> Int? {
        if hint < names.count, matches(names[hint], name) { return hint }
        for position in names.indices where matches(names[position], name) { return position }
        return nil
    }

    @inline(__always)
    private func matches(_ known: [UInt8], _ name: UnsafeBufferPointer<UInt8>) -> Bool {
        known.count == name.count && known.withUnsafeBufferPointer { memcmp($0.baseAddress!, name.baseAddress!, name.count) == 0 }
    }
}
