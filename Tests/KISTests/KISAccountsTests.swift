import Foundation
import Testing
@testable import KIS

/// Several KIS accounts (issue 17): numbered entries, the single-key form still working, and every
/// mistake named by its entry without its value.
@Suite struct KISAccountsTests {
    static func key(_ letter: Character) -> String { String(repeating: letter, count: KISCredentials.appKeyLength) }
    static func secret(_ letter: Character) -> String { String(repeating: letter, count: KISCredentials.appSecretLength) }

    /// The error text of loading `environment`, or nil when it loads.
    static func error(_ environment: [String: String]) -> String? {
        do { _ = try KISAccounts.load(environment: environment); return nil } catch { return "\(error)" }
    }

    @Test func theSingleKeyForm_isAccountOne() throws {
        let accounts = try KISAccounts.load(environment: ["KIS_APP_KEY": Self.key("a"), "KIS_APP_SECRET": Self.secret("s"), "KIS_HTS_ID": "me"])
        #expect(accounts.count == 1)
        #expect(accounts[0].number == 1 && accounts[0].name == "1" && accounts[0].credentials.htsID == "me")
        #expect(try KISCredentials.load(environment: ["KIS_APP_KEY": Self.key("a"), "KIS_APP_SECRET": Self.secret("s")])?.appKey == Self.key("a"))
        #expect(try KISAccounts.load(environment: [:]).isEmpty)
        #expect(try KISCredentials.load(environment: ["KIS_APP_KEY": ""]) == nil)
    }

    @Test func numberedAccounts_loadInOrder_withNames_andKIS41_ACCOUNTSelectsOne() throws {
        let environment = ["KIS_APP_KEY_2": Self.key("b"), "KIS_APP_SECRET_2": Self.secret("t"), "KIS_ACCOUNT_NAME_2": "spare",
                           "KIS_APP_KEY_1": Self.key("a"), "KIS_APP_SECRET_1": Self.secret("s")]
        let accounts = try KISAccounts.load(environment: environment)
        #expect(accounts.map(\.number) == [1, 2] && accounts.map(\.name) == ["1", "spare"])
        #expect(try KISAccounts.selected(environment: environment).credentials.appKey == Self.key("a"))
        var second = environment
        second["KIS41_ACCOUNT"] = "2"
        #expect(try KISCredentials.load(environment: second)?.appKey == Self.key("b"))
        second["KIS41_ACCOUNT"] = "3"
        #expect(throws: KISSettingsError.self) { try KISAccounts.selected(environment: second) }
    }

    @Test func mistakes_nameTheEntry_neverTheValue() {
        let one = ["KIS_APP_KEY_1": Self.key("a"), "KIS_APP_SECRET_1": Self.secret("s")]
        // A gap.
        let gap = Self.error(one.merging(["KIS_APP_KEY_3": Self.key("c"), "KIS_APP_SECRET_3": Self.secret("u")]) { $1 })
        #expect(gap?.contains("KIS_APP_KEY_2 is missing") == true)
        // Half set.
        #expect(Self.error(one.merging(["KIS_APP_KEY_2": Self.key("b")]) { $1 })?.contains("KIS_APP_KEY_2 is set but KIS_APP_SECRET_2 is not") == true)
        // Malformed, named with its number.
        let short = Self.error(one.merging(["KIS_APP_KEY_2": "short", "KIS_APP_SECRET_2": Self.secret("t")]) { $1 })
        #expect(short?.contains("KIS_APP_KEY_2 must be 36") == true)
        let badSecret = Self.error(one.merging(["KIS_APP_KEY_2": Self.key("b"), "KIS_APP_SECRET_2": "tt"]) { $1 })
        #expect(badSecret?.contains("KIS_APP_SECRET_2 must be 180") == true && badSecret?.contains("tt") == false)
        // The same app key twice.
        let duplicate = Self.error(one.merging(["KIS_APP_KEY_2": Self.key("a"), "KIS_APP_SECRET_2": Self.secret("t")]) { $1 })
        #expect(duplicate?.contains("KIS_APP_KEY_1 and KIS_APP_KEY_2 are the same app key") == true)
        #expect(duplicate?.contains(Self.key("a")) == false)
        // Both forms.
        let mixed = Self.error(one.merging(["KIS_APP_KEY": Self.key("b"), "KIS_APP_SECRET": Self.secret("t")]) { $1 })
        #expect(mixed?.contains("use one form") == true)
        // Odd numbering and names.
        #expect(Self.error(["KIS_APP_KEY_01": Self.key("a"), "KIS_APP_SECRET_01": Self.secret("s")])?.contains("KIS_APP_KEY_01") == true)
        #expect(Self.error(one.merging(["KIS_ACCOUNT_NAME_1": "no spaces"]) { $1 })?.contains("KIS_ACCOUNT_NAME_1") == true)
        let sameName = one.merging(["KIS_APP_KEY_2": Self.key("b"), "KIS_APP_SECRET_2": Self.secret("t"), "KIS_ACCOUNT_NAME_2": "1"]) { $1 }
        #expect(Self.error(sameName)?.contains("both named") == true)
    }

    @Test func aSecretsFile_holdsNumberedAccounts_andTheEnvironmentWins() throws {
        let path = "/tmp/kis41-accounts-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let text = "KIS_APP_KEY_1=\(Self.key("a"))\nKIS_APP_SECRET_1=\(Self.secret("s"))\nKIS_APP_KEY_2=\(Self.key("b"))\nKIS_APP_SECRET_2=\(Self.secret("t"))\n"
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        let accounts = try KISAccounts.load(environment: ["KIS41_SECRETS_FILE": path, "KIS_ACCOUNT_NAME_2": "second"])
        #expect(accounts.map(\.name) == ["1", "second"] && accounts[1].credentials.appKey == Self.key("b"))
        #expect("\(accounts[1])".contains(Self.key("b")) == false)
    }
}

/// The settings of every account, for the poller: same endpoints, each account's own key and name.
@Suite struct KISSettingsAccountsTests {
    @Test func allAccounts_shareTheEndpoints_withTheirOwnKeysAndNames() throws {
        let environment = ["KIS_APP_KEY_1": KISAccountsTests.key("a"), "KIS_APP_SECRET_1": KISAccountsTests.secret("s"),
                           "KIS_APP_KEY_2": KISAccountsTests.key("b"), "KIS_APP_SECRET_2": KISAccountsTests.secret("t"),
                           "KIS_ACCOUNT_NAME_2": "spare", "KIS41_REST_URL": "http://127.0.0.1:1", "KIS41_ACCOUNT": "2"]
        let all = try KISSettings.allAccounts(environment)
        #expect(all.map(\.credentials.appKey) == [KISAccountsTests.key("a"), KISAccountsTests.key("b")])
        #expect(all.map(\.accountName) == ["1", "spare"])
        #expect(all.allSatisfy { $0.restURL == "http://127.0.0.1:1" })
        #expect(!all.contains { $0.account.contains(KISAccountsTests.key("a")) || $0.account.contains(KISAccountsTests.secret("s")) })
        // The gateway's own: KIS41_ACCOUNT.
        #expect(try KISSettings.fromEnvironment(environment).accountName == "spare")
        #expect(throws: KISSettingsError.self) { try KISSettings.allAccounts([:]) }
    }
}
