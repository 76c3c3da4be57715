/// Hand-written JSON for order books (see `MarketData+BatchJSON.swift` for the contract).

extension BookLevel {
    static let jsonNames = JSONNames(["price", "quantity"])

    func appendJSON(to out: inout [UInt8]) {
        JSONText.append(#"{"price":"#, to: &out); JSONText.appendInteger(price, to: &out)
        JSONText.append(#","quantity":"#, to: &out); JSONText.appendInteger(quantity, to: &out)
        JSONText.append("}", to: &out)
    }

    init(scanning parser: inout JSONParser) throws {
        var price = 0, quantity = 0
        let seen = try parser.scanObject(Self.jsonNames) { position, parser in
            if position == 0 { price = try parser.scanInt() } else { quantity = try parser.scanInt() }
        }
        guard seen == Self.jsonNames.all else { throw JSONParser.Unsupported() }
        self.init(price: price, quantity: quantity)
    }
}

extension OrderBook {
    static let jsonNames = JSONNames(["code", "time", "asks", "bids", "totalAskQuantity", "totalBidQuantity",
                                      "expectedPrice", "expectedVolume", "source", "receivedAt"])
    /// Everything but `expectedPrice` and `expectedVolume` (positions 6–7).
    private static let requiredNames: UInt64 = jsonNames.all & ~(0b11 << 6)

    /// Appends this book as a JSON object; `false` if a double is not finite.
    func appendJSON(to out: inout [UInt8]) -> Bool {
        JSONText.append(#"{"code":"#, to: &out); JSONText.appendString(code, to: &out)
        JSONText.append(#","time":"#, to: &out); JSONText.appendString(time, to: &out)
        JSONText.append(#","asks":"#, to: &out); Self.appendLevels(asks, to: &out)
        JSONText.append(#","bids":"#, to: &out); Self.appendLevels(bids, to: &out)
        JSONText.append(#","totalAskQuantity":"#, to: &out); JSONText.appendInteger(totalAskQuantity, to: &out)
        JSONText.append(#","totalBidQuantity":"#, to: &out); JSONText.appendInteger(totalBidQuantity, to: &out)
        if let expectedPrice { JSONText.append(#","expectedPrice":"#, to: &out); JSONText.appendInteger(expectedPrice, to: &out) }
        if let expectedVolume { JSONText.append(#","expectedVolume":"#, to: &out); JSONText.appendInteger(expectedVolume, to: &out) }
        JSONText.append(#","source":"#, to: &out); JSONText.appendString(source.rawValue, to: &out)
        JSONText.append(#","receivedAt":"#, to: &out); guard JSONText.appendDouble(receivedAt, to: &out) else { return false }
        JSONText.append("}", to: &out)
        return true
    }

    private static func appendLevels(_ levels: [BookLevel], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (offset, level) in levels.enumerated() {
            if offset > 0 { out.append(UInt8(ascii: ",")) }
            level.appendJSON(to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    /// Reads one order book object.
    init(scanning parser: inout JSONParser) throws {
        var code = "", time = "", asks: [BookLevel] = [], bids: [BookLevel] = []
        var totalAskQuantity = 0, totalBidQuantity = 0, source = DataSource.websocket, receivedAt = 0.0
        var expectedPrice: Int?, expectedVolume: Int?
        let seen = try parser.scanObject(Self.jsonNames) { position, parser in
            switch position {
            case 0: code = try parser.scanString()
            case 1: time = try parser.scanString()
            case 2: asks = try parser.scanArray { try BookLevel(scanning: &$0) }
            case 3: bids = try parser.scanArray { try BookLevel(scanning: &$0) }
            case 4: totalAskQuantity = try parser.scanInt()
            case 5: totalBidQuantity = try parser.scanInt()
            case 6: expectedPrice = try parser.scanOptionalInt()
            case 7: expectedVolume = try parser.scanOptionalInt()
            case 8:
                guard let known = DataSource(rawValue: try parser.scanString()) else { throw JSONParser.Unsupported() }
                source = known
            default: receivedAt = try parser.scanDouble()
            }
        }
        guard seen & Self.requiredNames == Self.requiredNames else { throw JSONParser.Unsupported() }
        self.init(code: code, time: time, asks: asks, bids: bids, totalAskQuantity: totalAskQuantity,
                  totalBidQuantity: totalBidQuantity, expectedPrice: expectedPrice, expectedVolume: expectedVolume,
                  source: source, receivedAt: receivedAt)
    }
}
