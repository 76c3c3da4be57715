import Foundation

/// Removes secrets from what KIS sends before it reaches an archive. Inbound WebSocket frames
/// carry one: the AES-256 key and iv of execution notices, in the answer to an H0STCNI0/H0STCNI9
/// registration (protocol.md §6.10). REST answers of the quote endpoints carry none; the token
/// and approval endpoints are never recorded (``WireScrubber/isRecordable(path:)``).
public enum WireScrubber {
    /// What a removed secret reads as.
    public static let redacted = "REDACTED"

    /// Quote endpoints only: `/oauth2/…` answers hold the access token and approval key.
    public static func isRecordable(path: String) -> Bool { !path.hasPrefix("/oauth2/") && !path.contains("hashkey") }

    /// The frame with any `key`/`iv` under `body.output` (and any approval key) replaced; other
    /// frames are returned unchanged, byte for byte.
    public static func scrub(webSocketText text: String) -> String {
        guard text.first == "{", text.contains("\"key\"") || text.contains("\"iv\"") || text.contains("approval_key"),
              var object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return text }
        if var header = object["header"] as? [String: Any], header["approval_key"] != nil {
            header["approval_key"] = redacted
            object["header"] = header
        }
        if var body = object["body"] as? [String: Any], var output = body["output"] as? [String: Any] {
            for name in ["key", "iv"] where output[name] != nil { output[name] = redacted }
            body["output"] = output
            object["body"] = body
        }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
