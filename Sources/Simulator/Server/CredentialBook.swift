import Foundation
import IPC
import KIS
import System

/// Which app keys and secrets kis-sim accepts: any well-formed pair (36-character key, 180-character
/// secret) by default, or only the pairs listed in a `--credentials` file.
struct CredentialBook: Sendable {
    /// Why a pair is refused, as KIS answers it.
    enum Refusal: Sendable, Equatable {
        /// `EGW00103` 유효하지 않은 AppKey입니다.
        case unknownAppKey
        /// `EGW00105` 유효하지 않은 AppSecret입니다.
        case wrongSecret

        var code: String { self == .unknownAppKey ? "EGW00103" : "EGW00105" }
    }

    /// `nil`: accept any well-formed pair.
    private let allowed: [String: String]?

    init(allowed: [String: String]? = nil) { self.allowed = allowed }

    /// Reads `appkey appsecret` pairs, one a line (whitespace-separated; blank lines and `#` comments
    /// skipped). Throws a configuration `ExitError` for an unreadable file or a malformed line.
    init(file path: String) throws {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ExitError(.configuration, "cannot read credentials file \(path)")
        }
        var pairs: [String: String] = [:]
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard parts.count == 2 else {
                throw ExitError(.configuration, "\(path):\(number + 1): expected `appkey appsecret`")
            }
            pairs[String(parts[0])] = String(parts[1])
        }
        allowed = pairs
    }

    /// `nil` if the pair is accepted.
    func check(appKey: String, secret: String) -> Refusal? {
        guard isKnown(appKey: appKey) else { return .unknownAppKey }
        if let allowed { return allowed[appKey] == secret ? nil : .wrongSecret }
        return secret.utf8.count == KISCredentials.appSecretLength ? nil : .wrongSecret
    }

    /// Whether the app key alone is acceptable.
    func isKnown(appKey: String) -> Bool {
        if let allowed { return allowed[appKey] != nil }
        return appKey.utf8.count == KISCredentials.appKeyLength
    }
}
