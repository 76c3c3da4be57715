import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// KIS's two environments: real trading (실전) and the virtual/paper one (모의).
public enum KISEnvironment: String, Codable, Sendable {
    case real, virtual

    /// The REST base URL of this environment (protocol.md §1).
    public var defaultRESTURL: String {
        self == .real ? "https://openapi.koreainvestment.com:9443" : "https://openapivts.koreainvestment.com:29443"
    }

    /// The WebSocket URL of this environment (plain ws, path `/tryitout`).
    public var defaultWebSocketURL: String {
        self == .real ? "ws://ops.koreainvestment.com:21000/tryitout" : "ws://ops.koreainvestment.com:31000/tryitout"
    }
}

/// An app key and secret (and the HTS id for execution notices). Never printed: `description`
/// shows only a fingerprint of the key.
public struct KISCredentials: Sendable, Equatable, CustomStringConvertible {
    /// KIS app keys are 36 characters and secrets 180 (python-kis insists on both).
    public static let appKeyLength = 36
    public static let appSecretLength = 180

    public let appKey: String
    public let appSecret: String
    public let htsID: String?

    /// Checks the shapes; the error names what is wrong (as the entries `keyName` and `secretName`)
    /// without echoing the secret.
    public init(appKey: String, appSecret: String, htsID: String? = nil,
                keyName: String = "KIS_APP_KEY", secretName: String = "KIS_APP_SECRET") throws {
        let key = appKey.trimmingCharacters(in: .whitespacesAndNewlines)
        let secret = appSecret.trimmingCharacters(in: .whitespacesAndNewlines)
        guard key.utf8.count == Self.appKeyLength, key.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
            throw KISSettingsError("\(keyName) must be \(Self.appKeyLength) printable ASCII characters (got \(key.utf8.count))")
        }
        guard secret.utf8.count == Self.appSecretLength, secret.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
            throw KISSettingsError("\(secretName) must be \(Self.appSecretLength) printable ASCII characters (got \(secret.utf8.count); value not shown)")
        }
        self.appKey = key
        self.appSecret = secret
        self.htsID = htsID.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A short, non-reversible tag for logs and cache file names (FNV-1a of the key).
    public var fingerprint: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in appKey.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(hash, radix: 16)
    }

    public var description: String { "KISCredentials(app key …\(fingerprint), secret hidden)" }

    /// The credentials of the account this process serves (``KISAccounts/selected(environment:)``:
    /// `KIS41_ACCOUNT`, default 1), from the environment or the file named by `KIS41_SECRETS_FILE`
    /// (`NAME=value` lines; must be mode 0600 or stricter). Every configured account is checked.
    /// - Returns: `nil` when no credentials are configured at all.
    /// - Throws: `KISSettingsError` for half-set, malformed, duplicated or unsafely stored credentials.
    public static func load(environment: [String: String]) throws -> KISCredentials? {
        let accounts = try KISAccounts.load(environment: environment)
        guard !accounts.isEmpty else { return nil }
        return try KISAccounts.selected(from: accounts, environment: environment).credentials
    }

    /// The `NAME=value` lines of a secrets file that must be mode 0600 or stricter; with `keeping`,
    /// only the lines of those names (the others are skipped before their value is taken).
    public static func readSecretsFile(_ path: String, keeping: Set<String>? = nil) throws -> [String: String] {
        var info = stat()
        guard stat(path, &info) == 0 else { throw KISSettingsError("secrets file \(path) cannot be read: \(String(cString: strerror(errno)))") }
        guard info.st_mode & 0o077 == 0 else {
            throw KISSettingsError("secrets file \(path) is readable by others (mode \(String(info.st_mode & 0o777, radix: 8))); chmod 600 it")
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw KISSettingsError("secrets file \(path) cannot be read as UTF-8")
        }
        var values: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#"), let equals = trimmed.firstIndex(of: "=") else { continue }
            let written = trimmed[..<equals].trimmingCharacters(in: .whitespaces)
            let name = written.hasPrefix("export ") ? String(written.dropFirst(7)).trimmingCharacters(in: .whitespaces) : written
            if let keeping, !keeping.contains(name) { continue }
            values[name] = trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        }
        return values
    }
}

/// Where and as whom to talk to KIS: the endpoints, the environment and the credentials.
/// `KIS41_REST_URL` / `KIS41_WS_URL` point the same code at kis-sim.
public struct KISSettings: Sendable {
    public var environment: KISEnvironment
    public var restURL: String
    public var webSocketURL: String
    public var credentials: KISCredentials
    /// The account these credentials are, for logs (name and key fingerprint only).
    public var account: String
    /// The account's name alone, for status.
    public var accountName: String

    public init(environment: KISEnvironment, restURL: String, webSocketURL: String, credentials: KISCredentials,
                account: KISAccount? = nil) {
        self.environment = environment; self.restURL = restURL
        self.webSocketURL = webSocketURL; self.credentials = credentials
        self.account = account?.description ?? "account 1 (app key …\(credentials.fingerprint))"
        accountName = account?.name ?? "1"
    }

    /// The same endpoints as another account (the poller holds one settings per account).
    public func with(_ account: KISAccount) -> KISSettings {
        KISSettings(environment: environment, restURL: restURL, webSocketURL: webSocketURL,
                    credentials: account.credentials, account: account)
    }

    /// Reads `KIS41_ENV` (`real`, default, or `virtual`), the URL overrides and the credentials of
    /// this process's own account alone (``KISAccounts/own(environment:)``: `KIS41_ACCOUNT`,
    /// default 1; a gateway holds no other account's secret).
    /// - Throws: `KISSettingsError` when credentials are missing or malformed, or `KIS41_ENV` is unknown.
    public static func fromEnvironment(_ environment: [String: String]) throws -> KISSettings {
        let account = try KISAccounts.own(environment: environment)
        return try settings(environment, account: account)
    }

    /// The settings of every configured account (`KISAccounts.load`), in number order: the poller
    /// spreads its calls over them.
    /// - Throws: `KISSettingsError` as ``fromEnvironment(_:)``, or when no account is configured.
    public static func allAccounts(_ environment: [String: String]) throws -> [KISSettings] {
        let accounts = try KISAccounts.load(environment: environment)
        guard !accounts.isEmpty else {
            throw KISSettingsError("no KIS credentials: set KIS_APP_KEY and KIS_APP_SECRET (or KIS41_SECRETS_FILE), or run ./run without them to use kis-sim")
        }
        return try accounts.map { try settings(environment, account: $0) }
    }

    /// `account` at the environment and endpoints `KIS41_ENV`, `KIS41_REST_URL`, `KIS41_WS_URL` name.
    static func settings(_ environment: [String: String], account: KISAccount) throws -> KISSettings {
        let name = environment["KIS41_ENV"].flatMap { $0.isEmpty ? nil : $0 } ?? "real"
        guard let kisEnvironment = KISEnvironment(rawValue: name) else {
            throw KISSettingsError("KIS41_ENV must be \"real\" or \"virtual\" (got \"\(name)\")")
        }
        return KISSettings(environment: kisEnvironment,
                           restURL: environment["KIS41_REST_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? kisEnvironment.defaultRESTURL,
                           webSocketURL: environment["KIS41_WS_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? kisEnvironment.defaultWebSocketURL,
                           credentials: account.credentials, account: account)
    }
}

/// A configuration problem with KIS settings (the process exits 78 with this message).
public struct KISSettingsError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
