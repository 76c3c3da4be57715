import Foundation
import IPC
import System
#if canImport(Glibc)
import Glibc
#endif

/// What is remembered about one app key's access token between processes.
public struct CachedToken: Codable, Sendable, Equatable {
    /// The JWT; `nil` when only an issuance attempt is remembered.
    public var accessToken: String?
    /// Market time the token stops being valid.
    public var expiresAt: Double
    /// Market time of the last `tokenP` call for this key (KIS allows one a minute).
    public var lastIssuance: Double

    public init(accessToken: String?, expiresAt: Double, lastIssuance: Double) {
        self.accessToken = accessToken; self.expiresAt = expiresAt; self.lastIssuance = lastIssuance
    }
}

/// The on-disk token cache: one file per app key, `token-<fingerprint>.json`, mode 0600, in a
/// 0700 state directory, replaced atomically (temporary file + `rename(2)`), so concurrent readers
/// never see half a token and every process (poller restarts, gateway) reuses the same issuance.
///
/// State directory: `$KIS41_STATE_DIR`, else `$XDG_CACHE_HOME/kis41`, else `~/.cache/kis41`,
/// else `.state` in the working directory.
public struct TokenCache: Sendable {
    public let directory: URL

    public init(directory: URL) { self.directory = directory }

    /// The cache in the state directory named by the environment.
    public static func fromEnvironment(_ environment: [String: String]) -> TokenCache {
        TokenCache(directory: stateDirectory(environment: environment))
    }

    /// `$KIS41_STATE_DIR`, `$XDG_CACHE_HOME/kis41`, `$HOME/.cache/kis41`, or `.state`.
    public static func stateDirectory(environment: [String: String]) -> URL {
        func nonEmpty(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        if let explicit = nonEmpty("KIS41_STATE_DIR") { return URL(fileURLWithPath: explicit) }
        if let xdg = nonEmpty("XDG_CACHE_HOME") { return URL(fileURLWithPath: xdg).appendingPathComponent("kis41") }
        if let home = nonEmpty("HOME") { return URL(fileURLWithPath: home).appendingPathComponent(".cache/kis41") }
        return URL(fileURLWithPath: ".state")
    }

    /// The file of an app key (by ``KIS/KISCredentials/fingerprint``; the key itself never appears).
    public func path(fingerprint: String) -> String {
        directory.appendingPathComponent("token-\(fingerprint).json").path
    }

    /// The cached entry, or `nil` when absent or unreadable (a bad file is simply re-issued over).
    public func load(fingerprint: String) -> CachedToken? {
        guard let data = FileManager.default.contents(atPath: path(fingerprint: fingerprint)) else { return nil }
        return try? JSONDecoder().decode(CachedToken.self, from: data)
    }

    /// Writes the entry atomically with mode 0600.
    public func store(_ token: CachedToken, fingerprint: String) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        _ = chmod(directory.path, 0o700)
        let data = try JSONEncoder().encode(token)
        let final = path(fingerprint: fingerprint)
        let temporary = final + ".\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw TokenCacheError("cannot create \(temporary): \(String(cString: strerror(errno)))") }
        var ok = (try? data.withUnsafeBytes { try writeAll(fd, $0) }) != nil
        ok = ok && fsync(fd) == 0
        close(fd)
        guard ok, rename(temporary, final) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw TokenCacheError("cannot write \(final): \(reason)")
        }
    }
}

/// A token cache file could not be written.
public struct TokenCacheError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
