/// The layout of a published batch frame (`trades`, `quotes`, `orderbooks`, `indices`, `notices`),
/// read from its bytes without decoding the items: its type, where its items array lies and each
/// item's `code`. A relay (the NATS bridge) uses it to pass a batch on per code as the bytes the
/// publisher encoded: the whole body when every item has one code, else the body with the array
/// cut down to that code's items (`body(keeping:)`); nothing is decoded and encoded again.
public struct PublishedBatch: Sendable {
    /// The message type (`trades`, …).
    public let type: String
    /// The items' byte ranges in the body, in order.
    public let items: [Range<Int>]
    /// Each item's `code` (`nil` for an item without a string `code` member).
    public let codes: [String?]
    /// The offset just after the items array's `[`, and that of its `]`.
    public let arrayStart: Int, arrayEnd: Int

    /// The layout of `body`, or `nil` for anything but a batch message (or a malformed one).
    public init?(body: [UInt8]) {
        let layout = body.withUnsafeBufferPointer { buffer -> (String, Int, Int, [Range<Int>], [String?])? in
            var parser = JSONParser(bytes: buffer)
            return try? parser.batchLayout()
        }
        guard let layout else { return nil }
        (type, arrayStart, arrayEnd, items, codes) = layout
    }

    /// `body` with only the items at `positions` (ascending) in its array, separated by commas;
    /// every other byte as it was.
    public func body(_ body: [UInt8], keeping positions: [Int]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(arrayStart + (body.count - arrayEnd) + positions.reduce(0) { $0 + items[$1].count + 1 })
        out.append(contentsOf: body[..<arrayStart])
        for (offset, position) in positions.enumerated() {
            if offset > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: body[items[position]])
        }
        out.append(contentsOf: body[arrayEnd...])
        return out
    }
}

extension JSONParser {
    private static let layoutTypes: Set<String> = ["trades", "quotes", "orderbooks", "indices", "notices"]
    private static let layoutMembers = JSONNames(["trades", "quotes", "books", "indices", "notices"])
    private static let codeName = JSONNames(["code"])

    /// Type, array bounds, item ranges and item codes of a batch message (members in any order).
    fileprivate mutating func batchLayout() throws -> (String, Int, Int, [Range<Int>], [String?]) {
        try expect(UInt8(ascii: "{"))
        var type: String?
        var array: (start: Int, end: Int, items: [Range<Int>], codes: [String?])?
        repeat {
            let name = try memberName()
            if name.elementsEqual("type".utf8) {
                type = try scanString()
            } else if array == nil, Self.layoutMembers.position(of: name, startingAt: 0) != nil, consume(UInt8(ascii: "[")) {
                let start = index
                var ranges: [Range<Int>] = [], codes: [String?] = []
                skipWhitespace()
                if !(index < bytes.count && bytes[index] == UInt8(ascii: "]")) {
                    repeat {
                        skipWhitespace()
                        let begin = index
                        codes.append(try itemCode())
                        index = begin
                        try skipValue()
                        ranges.append(begin..<index)
                    } while consume(UInt8(ascii: ","))
                    skipWhitespace()
                }
                let end = index
                try expect(UInt8(ascii: "]"))
                array = (start, end, ranges, codes)
            } else {
                try skipValue()
            }
        } while consume(UInt8(ascii: ","))
        try expect(UInt8(ascii: "}"))
        try expectEnd()
        guard let type, Self.layoutTypes.contains(type), let array else { throw Unsupported() }
        return (type, array.start, array.end, array.items, array.codes)
    }

    /// The string `code` member of the object at `index` (its top level only), `nil` if it has none;
    /// moves `index` somewhere inside the object.
    private mutating func itemCode() throws -> String? {
        try expect(UInt8(ascii: "{"))
        if consume(UInt8(ascii: "}")) { return nil }
        repeat {
            let name = try memberName()
            if Self.codeName.position(of: name, startingAt: 0) != nil {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
                return try string()
            }
            try skipValue()
        } while consume(UInt8(ascii: ","))
        return nil
    }
}
