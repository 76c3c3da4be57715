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

    /// Issue 17 isolation: `ws-gateway@2` reads account 2's entries alone. It holds no account-1 key
    /// or secret (from the file or the environment), and account 1's mistake does not stop it.
    @Test func aGatewayForAccountTwo_readsOnlyItsOwnEntry() throws {
        let path = "/tmp/kis41-accounts-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let text = "KIS_APP_KEY_1=\(Self.key("a"))\nKIS_APP_SECRET_1=short\nKIS_HTS_ID_1=first\n"
            + "export KIS_APP_KEY_2=\(Self.key("b"))\nKIS_APP_SECRET_2=\(Self.secret("t"))\nKIS_ACCOUNT_NAME_2=spare\n"
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        let environment = ["KIS41_SECRETS_FILE": path, "KIS41_ACCOUNT": "2", "KIS_APP_SECRET": Self.secret("s"),
                           "KIS41_REST_URL": "http://127.0.0.1:1"]
        let settings = try KISSettings.fromEnvironment(environment)
        #expect(settings.credentials.appKey == Self.key("b") && settings.accountName == "spare")
        // What the loader keeps of the file: account 2's lines, nothing of account 1's.
        let read = try KISCredentials.readSecretsFile(path, keeping: KISAccounts.entryNames(of: 2))
        #expect(Set(read.keys) == ["KIS_APP_KEY_2", "KIS_APP_SECRET_2", "KIS_ACCOUNT_NAME_2"])
        #expect(!read.values.contains(Self.key("a")) && !read.values.contains("short"))
        // The whole set is still checked where it is needed (the poller, `run`): account 1 named.
        #expect(Self.error(environment.filter { $0.key != "KIS_APP_SECRET" })?.contains("KIS_APP_SECRET_1 must be 180") == true)
        // Account 3 is not configured; KIS41_ACCOUNT must be a number.
        #expect(throws: KISSettingsError.self) { try KISSettings.fromEnvironment(environment.merging(["KIS41_ACCOUNT": "3"]) { $1 }) }
        #expect(throws: KISSettingsError.self) { try KISAccounts.own(environment: environment.merging(["KIS41_ACCOUNT": "x"]) { $1 }) }
    }

    /// One account, unnumbered or numbered, is what a lone `ws-gateway` (no `KIS41_ACCOUNT`) serves.
    @Test func aLoneGateway_takesTheSingleKeyForm() throws {
        let single = ["KIS_APP_KEY": Self.key("a"), "KIS_APP_SECRET": Self.secret("s"), "KIS_HTS_ID": "me"]
        let account = try KISAccounts.own(environment: single)
        #expect(account.number == 1 && account.name == "1" && account.credentials.htsID == "me")
        #expect(try KISSettings.fromEnvironment(single).credentials.appKey == Self.key("a"))
        let numbered = ["KIS_APP_KEY_1": Self.key("b"), "KIS_APP_SECRET_1": Self.secret("t"), "KIS_APP_KEY_2": "ignored"]
        #expect(try KISAccounts.own(environment: numbered).credentials.appKey == Self.key("b"))
        let both = single.merging(numbered) { $1 }
        #expect(throws: KISSettingsError.self) { try KISAccounts.own(environment: both) }
        #expect(throws: KISSettingsError.self) { try KISSettings.fromEnvironment([:]) }
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
