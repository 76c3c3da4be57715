import Foundation
import Testing
@testable import Polling

func temporaryDirectory(_ name: String) -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("kis41-\(name)-\(UUID().uuidString.prefix(8))")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite struct TokenCacheTests {
    @Test func store_writesMode0600_inA0700Directory_keyedByFingerprint() throws {
        let directory = temporaryDirectory("cache").appendingPathComponent("state")
        let cache = TokenCache(directory: directory)
        try cache.store(CachedToken(accessToken: "t1", expiresAt: 100, lastIssuance: 10), fingerprint: "abc")
        let attributes = try FileManager.default.attributesOfItem(atPath: cache.path(fingerprint: "abc"))
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let directoryMode = try FileManager.default.attributesOfItem(atPath: directory.path)[.posixPermissions] as? Int
        #expect(directoryMode == 0o700)
        #expect(cache.path(fingerprint: "abc").hasSuffix("token-abc.json"))
        #expect(cache.load(fingerprint: "abc") == CachedToken(accessToken: "t1", expiresAt: 100, lastIssuance: 10))
        #expect(cache.load(fingerprint: "other") == nil)
    }

    @Test func store_replacesAtomically_andLeavesNoTemporaryFiles() throws {
        let directory = temporaryDirectory("atomic")
        let cache = TokenCache(directory: directory)
        for i in 0..<20 { try cache.store(CachedToken(accessToken: "t\(i)", expiresAt: Double(i), lastIssuance: 0), fingerprint: "k") }
        #expect(cache.load(fingerprint: "k")?.accessToken == "t19")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["token-k.json"])
    }

    @Test func load_ignoresACorruptFile() throws {
        let directory = temporaryDirectory("corrupt")
        let cache = TokenCache(directory: directory)
        try Data("{half".utf8).write(to: URL(fileURLWithPath: cache.path(fingerprint: "k")))
        #expect(cache.load(fingerprint: "k") == nil)
    }

    @Test func stateDirectory_prefersKIS41StateDir_thenXDG_thenHome() {
        #expect(TokenCache.stateDirectory(environment: ["KIS41_STATE_DIR": "/x", "HOME": "/h"]).path == "/x")
        #expect(TokenCache.stateDirectory(environment: ["XDG_CACHE_HOME": "/c", "HOME": "/h"]).path == "/c/kis41")
        #expect(TokenCache.stateDirectory(environment: ["HOME": "/h"]).path == "/h/.cache/kis41")
        #expect(TokenCache.stateDirectory(environment: [:]).lastPathComponent == ".state")
    }
}
