/// The JSON lines a relay (`kisctl tap`, `./run signals`) writes for one published frame, taken
/// from the frame's bytes as the publisher encoded them (never decoded and encoded again): each
/// item of a batch (`trades`, `quotes`, `orderbooks`, `indices`, `notices`), else the whole body,
/// e.g. a signal as `signals` encoded it once for its socket and its journal.
public enum PublishedLines {
    public static func lines(of body: [UInt8]) -> [ArraySlice<UInt8>] {
        let items = body.withUnsafeBufferPointer { buffer -> [Range<Int>]? in
            var parser = JSONParser(bytes: buffer)
            return try? parser.batchItems()
        }
        guard let items else { return [body[...]] }
        return items.map { body[$0] }
    }
}

extension JSONParser {
    private static let batchTypes: Set<String> = ["trades", "quotes", "orderbooks", "indices", "notices"]
    private static let batchMembers = JSONNames(["trades", "quotes", "books", "indices", "notices"])

    /// The byte ranges of the items of a batch message (its members in any order); throws for any
    /// other message.
    fileprivate mutating func batchItems() throws -> [Range<Int>] {
        try expect(UInt8(ascii: "{"))
        var type: String?
        var items: [Range<Int>]?
        repeat {
            let name = try memberName()
            if name.elementsEqual("type".utf8) {
                type = try scanString()
            } else if Self.batchMembers.position(of: name, startingAt: 0) != nil, consume(UInt8(ascii: "[")) {
                var ranges: [Range<Int>] = []
                if !consume(UInt8(ascii: "]")) {
                    repeat {
                        skipWhitespace()
                        let start = index
                        try skipValue()
                        ranges.append(start..<index)
                    } while consume(UInt8(ascii: ","))
                    try expect(UInt8(ascii: "]"))
                }
                items = ranges
            } else {
                try skipValue()
            }
        } while consume(UInt8(ascii: ","))
        try expect(UInt8(ascii: "}"))
        guard let type, Self.batchTypes.contains(type), let items else { throw Unsupported() }
        return items
    }

    /// Moves past one value without building it; checks only that its strings and brackets close.
    mutating func skipValue() throws {
        skipWhitespace()
        guard index < bytes.count else { throw Unsupported() }
        switch bytes[index] {
        case UInt8(ascii: "\""):
            try skipString()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""): try skipString(); continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { index += 1; return }
                default: break
                }
                index += 1
            }
            throw Unsupported()
        default:  // a number or a literal: up to the next delimiter
            let start = index
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), 0x20, 0x0a, 0x0d, 0x09: break
                default: index += 1; continue
                }
                break
            }
            if index == start { throw Unsupported() }
        }
    }

    private mutating func skipString() throws {
        index += 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""): index += 1; return
            default: index += 1
            }
        }
        throw Unsupported()
    }
}
