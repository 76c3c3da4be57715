/// The fast path of `MessageCodec` for the market-data batches that make up nearly all IPC
/// traffic: `{"type":"trades","trades":[…]}`, `quotes` and `orderbooks`, written and read by the
/// hand-written members in `MarketData+BatchJSON.swift` instead of `Codable` (which costs a
/// metadata lookup, an existential box and a linear key search per field).
///
/// Both directions answer `nil` for anything they do not handle; the codec then takes the generic
/// path, so results and errors are exactly those of `FastJSONEncoder`/`FastJSONDecoder`.
enum BatchJSON {
    /// Appends the JSON body of a batch message to `out`.
    /// - Returns: `false` for other messages or a non-finite double (`out` is then to be discarded).
    static func append(_ message: Message, to out: inout [UInt8]) -> Bool {
        switch message {
        case .trades(let items):
            out.reserveCapacity(out.count + 32 + items.count * 280)
            return appendBatch(#"{"type":"trades","trades":["#, items, to: &out) { $0.appendJSON(to: &$1) }
        case .quotes(let items):
            out.reserveCapacity(out.count + 32 + items.count * 280)
            return appendBatch(#"{"type":"quotes","quotes":["#, items, to: &out) { $0.appendJSON(to: &$1) }
        case .orderBooks(let items):
            out.reserveCapacity(out.count + 32 + items.count * 700)
            return appendBatch(#"{"type":"orderbooks","books":["#, items, to: &out) { $0.appendJSON(to: &$1) }
        default:
            return false
        }
    }

    private static func appendBatch<Item>(_ head: StaticString, _ items: [Item], to out: inout [UInt8],
                                          _ appendItem: (Item, inout [UInt8]) -> Bool) -> Bool {
        JSONText.append(head, to: &out)
        for (offset, item) in items.enumerated() {
            if offset > 0 { out.append(UInt8(ascii: ",")) }
            guard appendItem(item, &out) else { return false }
        }
        JSONText.append("]}", to: &out)
        return true
    }

    /// Decodes a batch message written with `type` first (as every kis41 encoder writes it);
    /// `nil` for anything else.
    static func decode(_ body: [UInt8]) -> Message? {
        body.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(bytes: buffer)
            return try? parser.scanBatchMessage()
        }
    }
}

extension JSONParser {
    private static let typeName = JSONNames(["type"])
    private static let batchTypes = JSONNames(["trades", "quotes", "orderbooks"])
    private static let batchNames = JSONNames(["trades", "quotes", "books"])

    /// `{"type":"<kind>","<member>":[…]}` and nothing more: other members (the generic path
    /// ignores them) and other orders are left to the generic path.
    fileprivate mutating func scanBatchMessage() throws -> Message {
        try expect(UInt8(ascii: "{"))
        guard Self.typeName.position(of: try memberName(), startingAt: 0) == 0 else { throw Unsupported() }
        try expect(UInt8(ascii: "\""))
        index -= 1
        let kind = try batchKind()
        try expect(UInt8(ascii: ","))
        guard Self.batchNames.position(of: try memberName(), startingAt: kind) == kind else { throw Unsupported() }
        let message: Message
        switch kind {
        case 0: message = .trades(try scanArray { try Trade(scanning: &$0) })
        case 1: message = .quotes(try scanArray { try Quote(scanning: &$0) })
        default: message = .orderBooks(try scanArray { try OrderBook(scanning: &$0) })
        }
        try expect(UInt8(ascii: "}"))
        try expectEnd()
        return message
    }

    /// The position in `batchTypes` of the `type` string value that starts at `index`.
    private mutating func batchKind() throws -> Int {
        index += 1
        let start = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
            if bytes[index] == UInt8(ascii: "\\") || bytes[index] < 0x20 { throw Unsupported() }
            index += 1
        }
        guard index < bytes.count,
              let kind = Self.batchTypes.position(of: UnsafeBufferPointer(rebasing: bytes[start..<index]), startingAt: 0)
        else { throw Unsupported() }
        index += 1
        return kind
    }
}
