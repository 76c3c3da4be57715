import Foundation

extension Message: Codable {
    private enum TypeKey: String, CodingKey { case type }
    private enum BatchKey: String, CodingKey { case trades, books, indices, notices, quotes }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: TypeKey.self)
        let type = try container.decode(String.self, forKey: .type)
        func batch<T: Decodable>(_ key: BatchKey) throws -> [T] {
            try decoder.container(keyedBy: BatchKey.self).decode([T].self, forKey: key)
        }
        switch type {
        case "hello": self = .hello(try Hello(from: decoder))
        case "welcome": self = .welcome(try Welcome(from: decoder))
        case "ack": self = .ack(try Ack(from: decoder))
        case "error": self = .error(try ErrorReply(from: decoder))
        case "status": self = .status(try StatusRequest(from: decoder))
        case "status_report": self = .statusReport(try StatusReport(from: decoder))
        case "trades": self = .trades(try batch(.trades))
        case "orderbooks": self = .orderBooks(try batch(.books))
        case "indices": self = .indices(try batch(.indices))
        case "notices": self = .notices(try batch(.notices))
        case "quotes": self = .quotes(try batch(.quotes))
        case "ranking": self = .ranking(try Ranking(from: decoder))
        case "vi_status": self = .viStatus(try VIStatus(from: decoder))
        case "subscribe": self = .subscribe(try FeedCommand(from: decoder))
        case "unsubscribe": self = .unsubscribe(try FeedCommand(from: decoder))
        case "ledger_request": self = .ledgerRequest(try LedgerRequest(from: decoder))
        case "ledger": self = .ledger(try Ledger(from: decoder))
        case "poll_plan": self = .pollPlan(try PollPlan(from: decoder))
        case "allocation": self = .allocation(try Allocation(from: decoder))
        case "signal": self = .signal(try TradeSignal(from: decoder))
        case "score": self = .score(try ScoreCommand(from: decoder))
        case "watch": self = .watch(try WatchCommand(from: decoder))
        case "unwatch": self = .unwatch(try WatchCommand(from: decoder))
        case "emergency": self = .emergency(try EmergencyCommand(from: decoder))
        case "strategy": self = .strategy(try StrategyCommand(from: decoder))
        default: throw FramingError.unknownType(type)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: TypeKey.self)
        try container.encode(type, forKey: .type)
        func batch<T: Encodable>(_ key: BatchKey, _ items: [T]) throws {
            var batchContainer = encoder.container(keyedBy: BatchKey.self)
            try batchContainer.encode(items, forKey: key)
        }
        switch self {
        case .hello(let m): try m.encode(to: encoder)
        case .welcome(let m): try m.encode(to: encoder)
        case .ack(let m): try m.encode(to: encoder)
        case .error(let m): try m.encode(to: encoder)
        case .status(let m): try m.encode(to: encoder)
        case .statusReport(let m): try m.encode(to: encoder)
        case .trades(let items): try batch(.trades, items)
        case .orderBooks(let items): try batch(.books, items)
        case .indices(let items): try batch(.indices, items)
        case .notices(let items): try batch(.notices, items)
        case .quotes(let items): try batch(.quotes, items)
        case .ranking(let m): try m.encode(to: encoder)
        case .viStatus(let m): try m.encode(to: encoder)
        case .subscribe(let m), .unsubscribe(let m): try m.encode(to: encoder)
        case .ledgerRequest(let m): try m.encode(to: encoder)
        case .ledger(let m): try m.encode(to: encoder)
        case .pollPlan(let m): try m.encode(to: encoder)
        case .allocation(let m): try m.encode(to: encoder)
        case .signal(let m): try m.encode(to: encoder)
        case .score(let m): try m.encode(to: encoder)
        case .watch(let m), .unwatch(let m): try m.encode(to: encoder)
        case .emergency(let m): try m.encode(to: encoder)
        case .strategy(let m): try m.encode(to: encoder)
        }
    }
}

/// Turns messages into frame bodies and back: the one place JSON coding of the catalog happens.
public struct MessageCodec: Sendable {
    public init() {}

    /// The JSON body of `message` (without the length prefix).
    public func encode(_ message: Message) throws -> [UInt8] {
        var body: [UInt8] = []
        if BatchJSON.append(message, to: &body) { return body }
        return try FastJSONEncoder().encode(message)
    }

    /// The framed bytes of `message`, ready to write.
    public func frame(_ message: Message) throws -> [UInt8] {
        // Batches are written straight after a placeholder prefix: no second copy of the body.
        var framed: [UInt8] = [0, 0, 0, 0]
        if BatchJSON.append(message, to: &framed) {
            FrameEncoder.writeLength(of: &framed)
            return framed
        }
        return FrameEncoder.frame(try FastJSONEncoder().encode(message))
    }

    /// Decodes one frame body.
    /// - Throws: `FramingError` (`invalid_json` or `unknown_type`) for anything that is not a message.
    public func decode(_ body: [UInt8]) throws(FramingError) -> Message {
        if let batch = BatchJSON.decode(body) { return batch }
        do {
            return try FastJSONDecoder().decode(Message.self, from: body)
        } catch let error as FramingError {
            throw error
        } catch let DecodingError.dataCorrupted(context) where context.underlyingError is FramingError {
            throw context.underlyingError as! FramingError
        } catch {
            throw .invalidJSON(Self.describe(error))
        }
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "missing key \"\(key.stringValue)\""
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
             DecodingError.dataCorrupted(let context):
            context.codingPath.map(\.stringValue).joined(separator: ".") + ": " + context.debugDescription
        default: "\(error)"
        }
    }
}
