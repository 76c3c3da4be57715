import Foundation
import IPC

/// The KIS REST body envelope (protocol.md §3.3), generic over its payload:
///
/// ```json
/// {"output": {...} | [...], "rt_cd": "0", "msg_cd": "MCA00000", "msg1": "정상처리 되었습니다."}
/// ```
/// Two-part responses use `output1`/`output2`; error bodies carry only the three status keys.
/// Absent parts are left out when encoding, so key sets match the captures.
public struct RESTResponse<Output: Codable & Sendable & Equatable, Output2: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    /// `output` (single-part responses).
    public var output: Output?
    /// `output1` (two-part responses).
    public var output1: Output?
    /// `output2` (two-part responses).
    public var output2: Output2?
    /// `"0"` success; anything else failure.
    public var rtCode: String
    /// `MCA00000` on success, or an error code (`EGW00201`…).
    public var messageCode: String
    /// The message (`정상처리 되었습니다.`).
    public var message: String

    /// Creates a body.
    public init(output: Output? = nil, output1: Output? = nil, output2: Output2? = nil,
                rtCode: String = "0", messageCode: String = "MCA00000", message: String = "정상처리 되었습니다.") {
        self.output = output; self.output1 = output1; self.output2 = output2
        self.rtCode = rtCode; self.messageCode = messageCode; self.message = message
    }

    /// An error body (`{"rt_cd":"1","msg_cd":…,"msg1":…}`) with the catalogue's message.
    public static func failure(code: String, message: String? = nil) -> RESTResponse {
        RESTResponse(rtCode: "1", messageCode: code, message: message ?? KISErrorCatalog.entry(for: code)?.message ?? code)
    }

    enum CodingKeys: String, CodingKey {
        case output, output1, output2, rtCode = "rt_cd", messageCode = "msg_cd", message = "msg1"
    }

    /// Whether `rt_cd` is `"0"`.
    public var isSuccess: Bool { rtCode == "0" }

    /// The error this body reports, if any (check it whatever the HTTP status; §3.5).
    public func error(httpStatus: Int? = nil) -> KISError? {
        isSuccess ? nil : .server(code: messageCode, message: message, httpStatus: httpStatus)
    }
}

/// A response with only `output` (or none, for error bodies).
public typealias RESTSingleResponse<Output: Codable & Sendable & Equatable> = RESTResponse<Output, Output>

/// The status-only body of a REST error.
public typealias RESTStatusBody = RESTResponse<[String: String], [String: String]>

/// The OAuth-style error body of tokenP/Approval (HTTP 403):
/// `{"error_description":"…","error_code":"EGW00133"}`.
public struct OAuthErrorBody: Codable, Sendable, Equatable {
    /// The code, e.g. `EGW00133`.
    public var errorCode: String
    /// The message.
    public var errorDescription: String

    /// Creates a body; the message defaults to the catalogue's.
    public init(errorCode: String, errorDescription: String? = nil) {
        self.errorCode = errorCode
        self.errorDescription = errorDescription ?? KISErrorCatalog.entry(for: errorCode)?.message ?? errorCode
    }

    enum CodingKeys: String, CodingKey { case errorCode = "error_code", errorDescription = "error_description" }

    /// The error this body reports.
    public func error(httpStatus: Int? = 403) -> KISError {
        .server(code: errorCode, message: errorDescription, httpStatus: httpStatus)
    }
}

/// Finds the KIS error in any REST response body, whatever its HTTP status.
public enum RESTErrorDetector {
    private struct Probe: Decodable {
        var rt_cd: String?
        var msg_cd: String?
        var msg1: String?
        var error_code: String?
        var error_description: String?
    }

    /// The error a body reports: an `rt_cd` ≠ "0" envelope or an OAuth error; for an
    /// unparseable body with a non-2xx status, a generic server error; `nil` for success.
    public static func error(in body: Data, httpStatus: Int) -> KISError? {
        error(in: Array(body), httpStatus: httpStatus)
    }

    /// The same, from the body's bytes.
    public static func error(in body: [UInt8], httpStatus: Int) -> KISError? {
        error(in: body, parsed: try? FastJSONDecoder.parse(body), httpStatus: httpStatus)
    }

    /// The same, from the body already parsed (`nil`: not JSON).
    public static func error(in body: [UInt8], parsed: JSONNode?, httpStatus: Int) -> KISError? {
        if let parsed, let probe = try? FastJSONDecoder().decode(Probe.self, from: parsed) {
            if let code = probe.error_code {
                return .server(code: code, message: probe.error_description ?? "", httpStatus: httpStatus)
            }
            if let rtCode = probe.rt_cd, rtCode != "0" {
                return .server(code: probe.msg_cd ?? "", message: probe.msg1 ?? "", httpStatus: httpStatus)
            }
            if probe.rt_cd == "0" || (200..<300).contains(httpStatus) { return nil }
        }
        guard !(200..<300).contains(httpStatus) else { return nil }
        return .server(code: "HTTP\(httpStatus)", message: String(decoding: body.prefix(200), as: UTF8.self),
                       httpStatus: httpStatus)
    }
}
