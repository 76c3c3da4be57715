/// Hand-written JSON for the hot market-data types, used by `MessageCodec` for the `trades`,
/// `quotes` and `orderbooks` batches. They write exactly what the synthesized `Codable`
/// conformances write through `FastJSONEncoder` (members in declaration order, `nil` optionals
/// left out) and read what they read; `MessageCodecTests` compares the bytes. Keep them in step
/// with the stored properties: a new property needs a line in both directions here.

extension Trade {
    static let jsonNames = JSONNames(["code", "time", "price", "change", "changeRate", "volume", "cumulativeVolume",
                                      "open", "high", "low", "ask", "bid", "previousDayVolumeRate", "viReferencePrice",
                                      "session", "receivedAt", "sign", "phase", "isHalted", "marketClass",
                                      "askQuantity", "bidQuantity"])
    /// Everything but `previousDayVolumeRate`, `viReferencePrice` and `session` (positions 12–14)
    /// and the trading-status fields after `receivedAt` (16–21).
    private static let requiredNames: UInt64 = jsonNames.all & ~(0b111 << 12) & ~(0b11_1111 << 16)

    /// Appends this trade as a JSON object; `false` if a double is not finite.
    func appendJSON(to out: inout [UInt8]) -> Bool {
        JSONText.append(#"{"code":"#, to: &out); JSONText.appendString(code, to: &out)
        JSONText.append(#","time":"#, to: &out); JSONText.appendString(time, to: &out)
        JSONText.append(#","price":"#, to: &out); JSONText.appendInteger(price, to: &out)
        JSONText.append(#","change":"#, to: &out); JSONText.appendInteger(change, to: &out)
        JSONText.append(#","changeRate":"#, to: &out); guard JSONText.appendDouble(changeRate, to: &out) else { return false }
        JSONText.append(#","volume":"#, to: &out); JSONText.appendInteger(volume, to: &out)
        JSONText.append(#","cumulativeVolume":"#, to: &out); JSONText.appendInteger(cumulativeVolume, to: &out)
        JSONText.append(#","open":"#, to: &out); JSONText.appendInteger(open, to: &out)
        JSONText.append(#","high":"#, to: &out); JSONText.appendInteger(high, to: &out)
        JSONText.append(#","low":"#, to: &out); JSONText.appendInteger(low, to: &out)
        JSONText.append(#","ask":"#, to: &out); JSONText.appendInteger(ask, to: &out)
        JSONText.append(#","bid":"#, to: &out); JSONText.appendInteger(bid, to: &out)
        if let previousDayVolumeRate {
            JSONText.append(#","previousDayVolumeRate":"#, to: &out)
            guard JSONText.appendDouble(previousDayVolumeRate, to: &out) else { return false }
        }
        if let viReferencePrice { JSONText.append(#","viReferencePrice":"#, to: &out); JSONText.appendInteger(viReferencePrice, to: &out) }
        if let session { JSONText.append(#","session":"#, to: &out); JSONText.appendString(session, to: &out) }
        JSONText.append(#","receivedAt":"#, to: &out); guard JSONText.appendDouble(receivedAt, to: &out) else { return false }
        if let sign { JSONText.append(#","sign":"#, to: &out); JSONText.appendInteger(sign, to: &out) }
        if let phase { JSONText.append(#","phase":"#, to: &out); JSONText.appendString(phase, to: &out) }
        if let isHalted { JSONText.append(isHalted ? #","isHalted":true"# : #","isHalted":false"#, to: &out) }
        if let marketClass { JSONText.append(#","marketClass":"#, to: &out); JSONText.appendString(marketClass, to: &out) }
        if let askQuantity { JSONText.append(#","askQuantity":"#, to: &out); JSONText.appendInteger(askQuantity, to: &out) }
        if let bidQuantity { JSONText.append(#","bidQuantity":"#, to: &out); JSONText.appendInteger(bidQuantity, to: &out) }
        JSONText.append("}", to: &out)
        return true
    }

    /// Reads one trade object (see `JSONParser+Scanning.swift` for what is left to the generic path).
    init(scanning parser: inout JSONParser) throws {
        var code = "", time = "", price = 0, change = 0, changeRate = 0.0, volume = 0, cumulativeVolume = 0
        var open = 0, high = 0, low = 0, ask = 0, bid = 0, receivedAt = 0.0
        var previousDayVolumeRate: Double?, viReferencePrice: Int?, session: String?
        var sign: Int?, phase: String?, isHalted: Bool?, marketClass: String?, askQuantity: Int?, bidQuantity: Int?
        let seen = try parser.scanObject(Self.jsonNames) { position, parser in
            switch position {
            case 0: code = try parser.scanString()
            case 1: time = try parser.scanString()
            case 2: price = try parser.scanInt()
            case 3: change = try parser.scanInt()
            case 4: changeRate = try parser.scanDouble()
            case 5: volume = try parser.scanInt()
            case 6: cumulativeVolume = try parser.scanInt()
            case 7: open = try parser.scanInt()
            case 8: high = try parser.scanInt()
            case 9: low = try parser.scanInt()
            case 10: ask = try parser.scanInt()
            case 11: bid = try parser.scanInt()
            case 12: previousDayVolumeRate = try parser.scanOptionalDouble()
            case 13: viReferencePrice = try parser.scanOptionalInt()
            case 14: session = try parser.scanOptionalString()
            case 15: receivedAt = try parser.scanDouble()
            case 16: sign = try parser.scanOptionalInt()
            case 17: phase = try parser.scanOptionalString()
            case 18: isHalted = try parser.scanOptionalBool()
            case 19: marketClass = try parser.scanOptionalString()
            case 20: askQuantity = try parser.scanOptionalInt()
            default: bidQuantity = try parser.scanOptionalInt()
            }
        }
        guard seen & Self.requiredNames == Self.requiredNames else { throw JSONParser.Unsupported() }
        self.init(code: code, time: time, price: price, change: change, changeRate: changeRate, volume: volume,
                  cumulativeVolume: cumulativeVolume, open: open, high: high, low: low, ask: ask, bid: bid,
                  previousDayVolumeRate: previousDayVolumeRate, viReferencePrice: viReferencePrice, session: session,
                  receivedAt: receivedAt)
        self.sign = sign; self.phase = phase; self.isHalted = isHalted; self.marketClass = marketClass
        self.askQuantity = askQuantity; self.bidQuantity = bidQuantity
    }
}

extension Quote {
    static let jsonNames = JSONNames(["code", "price", "previousClose", "change", "changeRate", "cumulativeVolume",
                                      "open", "high", "low", "ask", "bid", "expectedPrice", "expectedVolume",
                                      "previousDayVolume", "time", "receivedAt", "sign", "phase", "upperLimit",
                                      "lowerLimit", "isHalted", "isVIActive", "askQuantity", "bidQuantity"])
    /// Everything but `ask` … `time` (positions 9–14) and the trading-status fields after
    /// `receivedAt` (16–23).
    private static let requiredNames: UInt64 = jsonNames.all & ~(0b11_1111 << 9) & ~(0b1111_1111 << 16)

    /// Appends this quote as a JSON object; `false` if a double is not finite.
    func appendJSON(to out: inout [UInt8]) -> Bool {
        JSONText.append(#"{"code":"#, to: &out); JSONText.appendString(code, to: &out)
        JSONText.append(#","price":"#, to: &out); JSONText.appendInteger(price, to: &out)
        JSONText.append(#","previousClose":"#, to: &out); JSONText.appendInteger(previousClose, to: &out)
        JSONText.append(#","change":"#, to: &out); JSONText.appendInteger(change, to: &out)
        JSONText.append(#","changeRate":"#, to: &out); guard JSONText.appendDouble(changeRate, to: &out) else { return false }
        JSONText.append(#","cumulativeVolume":"#, to: &out); JSONText.appendInteger(cumulativeVolume, to: &out)
        JSONText.append(#","open":"#, to: &out); JSONText.appendInteger(open, to: &out)
        JSONText.append(#","high":"#, to: &out); JSONText.appendInteger(high, to: &out)
        JSONText.append(#","low":"#, to: &out); JSONText.appendInteger(low, to: &out)
        if let ask { JSONText.append(#","ask":"#, to: &out); JSONText.appendInteger(ask, to: &out) }
        if let bid { JSONText.append(#","bid":"#, to: &out); JSONText.appendInteger(bid, to: &out) }
        if let expectedPrice { JSONText.append(#","expectedPrice":"#, to: &out); JSONText.appendInteger(expectedPrice, to: &out) }
        if let expectedVolume { JSONText.append(#","expectedVolume":"#, to: &out); JSONText.appendInteger(expectedVolume, to: &out) }
        if let previousDayVolume { JSONText.append(#","previousDayVolume":"#, to: &out); JSONText.appendInteger(previousDayVolume, to: &out) }
        if let time { JSONText.append(#","time":"#, to: &out); JSONText.appendString(time, to: &out) }
        JSONText.append(#","receivedAt":"#, to: &out); guard JSONText.appendDouble(receivedAt, to: &out) else { return false }
        if let sign { JSONText.append(#","sign":"#, to: &out); JSONText.appendInteger(sign, to: &out) }
        if let phase { JSONText.append(#","phase":"#, to: &out); JSONText.appendString(phase, to: &out) }
        if let upperLimit { JSONText.append(#","upperLimit":"#, to: &out); JSONText.appendInteger(upperLimit, to: &out) }
        if let lowerLimit { JSONText.append(#","lowerLimit":"#, to: &out); JSONText.appendInteger(lowerLimit, to: &out) }
        if let isHalted { JSONText.append(isHalted ? #","isHalted":true"# : #","isHalted":false"#, to: &out) }
        if let isVIActive { JSONText.append(isVIActive ? #","isVIActive":true"# : #","isVIActive":false"#, to: &out) }
        if let askQuantity { JSONText.append(#","askQuantity":"#, to: &out); JSONText.appendInteger(askQuantity, to: &out) }
        if let bidQuantity { JSONText.append(#","bidQuantity":"#, to: &out); JSONText.appendInteger(bidQuantity, to: &out) }
        JSONText.append("}", to: &out)
        return true
    }

    /// Reads one quote object.
    init(scanning parser: inout JSONParser) throws {
        var code = "", price = 0, previousClose = 0, change = 0, changeRate = 0.0, cumulativeVolume = 0
        var open = 0, high = 0, low = 0, receivedAt = 0.0
        var ask: Int?, bid: Int?, expectedPrice: Int?, expectedVolume: Int?, previousDayVolume: Int?, time: String?
        var sign: Int?, phase: String?, upperLimit: Int?, lowerLimit: Int?, isHalted: Bool?, isVIActive: Bool?
        var askQuantity: Int?, bidQuantity: Int?
        let seen = try parser.scanObject(Self.jsonNames) { position, parser in
            switch position {
            case 0: code = try parser.scanString()
            case 1: price = try parser.scanInt()
            case 2: previousClose = try parser.scanInt()
            case 3: change = try parser.scanInt()
            case 4: changeRate = try parser.scanDouble()
            case 5: cumulativeVolume = try parser.scanInt()
            case 6: open = try parser.scanInt()
            case 7: high = try parser.scanInt()
            case 8: low = try parser.scanInt()
            case 9: ask = try parser.scanOptionalInt()
            case 10: bid = try parser.scanOptionalInt()
            case 11: expectedPrice = try parser.scanOptionalInt()
            case 12: expectedVolume = try parser.scanOptionalInt()
            case 13: previousDayVolume = try parser.scanOptionalInt()
            case 14: time = try parser.scanOptionalString()
            case 15: receivedAt = try parser.scanDouble()
            case 16: sign = try parser.scanOptionalInt()
            case 17: phase = try parser.scanOptionalString()
            case 18: upperLimit = try parser.scanOptionalInt()
            case 19: lowerLimit = try parser.scanOptionalInt()
            case 20: isHalted = try parser.scanOptionalBool()
            case 21: isVIActive = try parser.scanOptionalBool()
            case 22: askQuantity = try parser.scanOptionalInt()
            default: bidQuantity = try parser.scanOptionalInt()
            }
        }
        guard seen & Self.requiredNames == Self.requiredNames else { throw JSONParser.Unsupported() }
        self.init(code: code, price: price, previousClose: previousClose, change: change, changeRate: changeRate,
                  cumulativeVolume: cumulativeVolume, open: open, high: high, low: low, ask: ask, bid: bid,
                  expectedPrice: expectedPrice, expectedVolume: expectedVolume, previousDayVolume: previousDayVolume,
                  time: time, receivedAt: receivedAt)
        self.sign = sign; self.phase = phase; self.upperLimit = upperLimit; self.lowerLimit = lowerLimit
        self.isHalted = isHalted; self.isVIActive = isVIActive; self.askQuantity = askQuantity; self.bidQuantity = bidQuantity
    }
}
