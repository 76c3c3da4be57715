/// An error from the KIS layer: a malformed frame, record, JSON body or master line, a cipher
/// failure, or an error answer from the KIS servers (`msg_cd` / `error_code`).
///
/// A public struct around a private enum, so cases can be added without breaking callers.
/// Decide what to do from ``classification``; show ``description`` to people.
public struct KISError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Reason: Sendable, Equatable {
        case malformedFrame(String)
        case malformedRecord(index: Int, field: String, detail: String)
        case malformedJSON(String)
        case malformedMasterLine(String)
        case cipher(String)
        case server(code: String, message: String, httpStatus: Int?)
    }

    private let reason: Reason

    private init(_ reason: Reason) { self.reason = reason }

    /// The frame header or layout is unusable (not `enc|TR|count|payload`, bad count…).
    public static func malformedFrame(_ detail: String) -> KISError { KISError(.malformedFrame(detail)) }

    /// One record of a frame is unusable; `field` is the KIS wire name of the bad field.
    public static func malformedRecord(index: Int, field: String, detail: String) -> KISError {
        KISError(.malformedRecord(index: index, field: field, detail: detail))
    }

    /// A control message or REST body is not the JSON shape KIS uses.
    public static func malformedJSON(_ detail: String) -> KISError { KISError(.malformedJSON(detail)) }

    /// A master-file line does not have the fixed-width layout.
    public static func malformedMasterLine(_ detail: String) -> KISError { KISError(.malformedMasterLine(detail)) }

    /// AES key/iv of the wrong size, bad base64, or an OpenSSL failure (wrong key, bad padding).
    public static func cipher(_ detail: String) -> KISError { KISError(.cipher(detail)) }

    /// An error answer from KIS: `msg_cd`/`error_code`, its message, and the HTTP status if known.
    public static func server(code: String, message: String, httpStatus: Int? = nil) -> KISError {
        KISError(.server(code: code, message: message, httpStatus: httpStatus))
    }

    /// The KIS code (`EGW00201`, `OPSP0008`, …) for server errors; `nil` for local decoding errors.
    public var code: String? {
        if case .server(let code, _, _) = reason { return code }
        return nil
    }

    /// The HTTP status that came with a server error, when known.
    public var httpStatus: Int? {
        if case .server(_, _, let status) = reason { return status }
        return nil
    }

    /// What a caller should do about it, from the one mapping in ``KISErrorCatalog``.
    public var classification: KISErrorClass {
        switch reason {
        case .server(let code, _, let status): return KISErrorCatalog.classify(code: code, httpStatus: status)
        case .cipher: return .cipherFailure
        case .malformedFrame, .malformedRecord, .malformedJSON, .malformedMasterLine: return .malformedMessage
        }
    }

    /// A readable one-line explanation.
    public var description: String {
        switch reason {
        case .malformedFrame(let detail): return "malformed KIS data frame: \(detail)"
        case .malformedRecord(let index, let field, let detail):
            return "malformed record #\(index) in KIS data frame, field \(field): \(detail)"
        case .malformedJSON(let detail): return "malformed KIS JSON message: \(detail)"
        case .malformedMasterLine(let detail): return "malformed KIS master-file line: \(detail)"
        case .cipher(let detail): return "KIS AES-256-CBC failure: \(detail)"
        case .server(let code, let message, let status):
            let http = status.map { " (HTTP \($0))" } ?? ""
            return "KIS error \(code)\(http): \(message) [\(classification)]"
        }
    }
}
