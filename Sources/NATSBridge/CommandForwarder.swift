import Foundation
import IPC
import System

/// Allocator commands from NATS: the request payload is the same JSON as on `allocator.sock`
/// (`{"type":"emergency","code":"096770","priority":95,"reason":"…"}`, `id` optional). Only
/// `score`, `watch` and `emergency` pass; they are decoded by the IPC codec (the same validation
/// as the socket's) and the allocator's own reply (`ack` or `error`) goes back as the NATS reply.
public enum CommandForwarder {
    /// The command types accepted from NATS.
    public static let acceptedTypes: Set<String> = ["score", "watch", "emergency"]

    /// What a request payload turned out to be.
    public enum Parsed: Sendable, Equatable {
        /// A valid command to forward.
        case command(Message)
        /// Not forwarded: the `error` reply to send back instead.
        case refused(ErrorReply)
    }

    /// The IPC request in `payload`, or the `error` reply to send back instead.
    public static func parse(_ payload: [UInt8]) -> Parsed {
        guard var object = try? JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any] else {
            return .refused(ErrorReply(id: nil, code: "invalid_json", reason: "the request must be one JSON object"))
        }
        let id = object["id"] as? String
        guard let type = object["type"] as? String, acceptedTypes.contains(type) else {
            let shown = (object["type"] as? String).map { String($0.prefix(32)) } ?? "(none)"
            return .refused(ErrorReply(id: id, code: "unsupported", reason: "type \(shown) is not accepted from NATS (accepted: emergency, score, watch)"))
        }
        // Requests need an id on the socket; a NATS request has its own reply subject.
        if id == nil { object["id"] = "nats" }
        guard let body = try? JSONSerialization.data(withJSONObject: object) else {
            return .refused(ErrorReply(id: id, code: "invalid_json", reason: "the request cannot be re-encoded"))
        }
        do throws(FramingError) {
            return .command(try MessageCodec().decode(Array(body)))
        } catch {
            return .refused(ErrorReply(id: id, code: error.code, reason: error.description))
        }
    }

    /// The allocator's reply with the caller's own id put back.
    public static func reply(_ reply: Message, to request: Message) -> Message {
        let id = request.id ?? "nats"
        switch reply {
        case .ack(var ack): ack.id = id; return .ack(ack)
        case .error(var error): error.id = id; return .error(error)
        default: return reply
        }
    }
}
