import Foundation

/// One KIS account kis41 uses: its number (1, 2, …), a name for status and logs, and its app key
/// and secret. KIS's limits are per app key (one WebSocket session of 41 registrations, its own
/// REST rate, one token a minute), so each account is a budget of its own. Never printed but by
/// name and key fingerprint.
public struct KISAccount: Sendable, Equatable, CustomStringConvertible {
    public let number: Int
    public let name: String
    public let credentials: KISCredentials

    public init(number: Int, name: String, credentials: KISCredentials) {
        self.number = number; self.name = name; self.credentials = credentials
    }

    public var description: String { "account \(name) (app key …\(credentials.fingerprint))" }
}

/// The accounts configured in the environment or the secrets file (`KIS41_SECRETS_FILE`; the
/// environment wins name by name):
/// - one account: `KIS_APP_KEY`, `KIS_APP_SECRET`, optional `KIS_HTS_ID` and `KIS_ACCOUNT_NAME`;
/// - several: the same names numbered `_1`, `_2`, … without gaps (`KIS_APP_KEY_1`,
///   `KIS_APP_SECRET_1`, `KIS_HTS_ID_1`, `KIS_ACCOUNT_NAME_1`, …).
///
/// A half-set pair, a malformed key or secret, a gap in the numbering, the two forms mixed, or one
/// app key under two numbers is a configuration error that names the entry (never the value).
public enum KISAccounts {
    /// The most accounts one session takes (each is a WebSocket session and a gateway process).
    public static let maximum = 16

    /// - Returns: the accounts in number order; empty when no credentials are configured at all.
    /// - Throws: `KISSettingsError` naming the offending entry.
    public static func load(environment: [String: String]) throws -> [KISAccount] {
        var values = environment.filter { !$0.value.isEmpty }
        if let file = environment["KIS41_SECRETS_FILE"], !file.isEmpty {
            for (name, value) in try KISCredentials.readSecretsFile(file) where values[name] == nil && !value.isEmpty {
                values[name] = value
            }
        }
        let numbers = try numberedAccounts(in: values)
        let unnumbered = ["KIS_APP_KEY", "KIS_APP_SECRET"].filter { values[$0] != nil }
        if !numbers.isEmpty {
            guard unnumbered.isEmpty else {
                throw KISSettingsError("\(unnumbered.joined(separator: " and ")) and KIS_APP_KEY_1… are all set: "
                                       + "use one form (unnumbered for one account, numbered for several)")
            }
            guard numbers.count <= maximum else { throw KISSettingsError("\(numbers.count) accounts: at most \(maximum)") }
            if let gap = (1...numbers.count).first(where: { !numbers.contains($0) }) {
                throw KISSettingsError("KIS_APP_KEY_\(gap) is missing: accounts are numbered 1, 2, … without gaps "
                                       + "(found \(numbers.sorted().map(String.init).joined(separator: ", ")))")
            }
        }
        let accounts = try (numbers.isEmpty ? [nil] : numbers.sorted().map(Optional.some)).compactMap { number in
            try account(number, values: values)
        }
        try checkDistinct(accounts)
        return accounts
    }

    /// The account `KIS41_ACCOUNT` names (default 1): the one a gateway process serves.
    /// - Throws: `KISSettingsError` when no credentials are set, or the number is not configured.
    public static func selected(environment: [String: String]) throws -> KISAccount {
        try selected(from: try load(environment: environment), environment: environment)
    }

    /// The account `KIS41_ACCOUNT` names (default 1) among `accounts`.
    public static func selected(from accounts: [KISAccount], environment: [String: String]) throws -> KISAccount {
        guard !accounts.isEmpty else {
            throw KISSettingsError("no KIS credentials: set KIS_APP_KEY and KIS_APP_SECRET (or KIS41_SECRETS_FILE), or run ./run without them to use kis-sim")
        }
        let text = environment["KIS41_ACCOUNT"].flatMap { $0.isEmpty ? nil : $0 } ?? "1"
        guard let number = Int(text), let account = accounts.first(where: { $0.number == number }) else {
            throw KISSettingsError("KIS41_ACCOUNT=\(text): not a configured account (1…\(accounts.count))")
        }
        return account
    }

    /// The account a gateway process serves, `KIS41_ACCOUNT` (default 1), read alone: only that
    /// account's entries (`KIS_APP_KEY_N`, `KIS_APP_SECRET_N`, `KIS_HTS_ID_N`, `KIS_ACCOUNT_NAME_N`,
    /// and for account 1 the unnumbered names too) are taken from the environment and the secrets
    /// file; every other line of the file is dropped unparsed, so a gateway never holds another
    /// account's key or secret, and another account's mistake does not stop it. The whole set is
    /// checked by ``load(environment:)`` (the poller, and `run` before it starts anything).
    /// - Throws: `KISSettingsError` when `KIS41_ACCOUNT` is not a number in 1…``maximum``, the
    ///   account is not configured, or its entry is malformed (named, never shown).
    public static func own(environment: [String: String]) throws -> KISAccount {
        let text = environment["KIS41_ACCOUNT"].flatMap { $0.isEmpty ? nil : $0 } ?? "1"
        guard let number = Int(text), (1...maximum).contains(number), String(number) == text else {
            throw KISSettingsError("KIS41_ACCOUNT=\(text): accounts are numbered 1…\(maximum)")
        }
        let names = entryNames(of: number)
        var values = environment.filter { names.contains($0.key) && !$0.value.isEmpty }
        if let file = environment["KIS41_SECRETS_FILE"], !file.isEmpty {
            for (name, value) in try KISCredentials.readSecretsFile(file, keeping: names) where values[name] == nil && !value.isEmpty {
                values[name] = value
            }
        }
        let numbered = try account(number, values: values)
        let unnumbered = number == 1 ? try account(nil, values: values) : nil
        switch (numbered, unnumbered) {
        case (let account?, nil), (nil, let account?): return account
        case (_?, _?):
            throw KISSettingsError("KIS_APP_KEY and KIS_APP_KEY_1 are both set: use one form (unnumbered for one account, numbered for several)")
        case (nil, nil):
            throw KISSettingsError(number == 1
                ? "no KIS credentials: set KIS_APP_KEY and KIS_APP_SECRET (or KIS41_SECRETS_FILE), or run ./run without them to use kis-sim"
                : "KIS41_ACCOUNT=\(number): KIS_APP_KEY_\(number) and KIS_APP_SECRET_\(number) are not set")
        }
    }

    /// The entry names that belong to account `number`: its numbered names, and for account 1 the
    /// unnumbered ones (the single-account form).
    public static func entryNames(of number: Int) -> Set<String> {
        let bases = ["KIS_APP_KEY", "KIS_APP_SECRET", "KIS_HTS_ID", "KIS_ACCOUNT_NAME"]
        return Set(bases.map { "\($0)_\(number)" } + (number == 1 ? bases : []))
    }

    /// The numbers N of every `KIS_APP_KEY_N` / `KIS_APP_SECRET_N` present.
    static func numberedAccounts(in values: [String: String]) throws -> Set<Int> {
        var numbers = Set<Int>()
        for name in values.keys.sorted() {
            for prefix in ["KIS_APP_KEY_", "KIS_APP_SECRET_"] where name.hasPrefix(prefix) {
                let suffix = name.dropFirst(prefix.count)
                guard let number = Int(suffix), number >= 1, String(number) == suffix else {
                    throw KISSettingsError("\(name): accounts are numbered 1, 2, … (\(prefix)1, \(prefix)2, …)")
                }
                numbers.insert(number)
            }
        }
        return numbers
    }

    /// Account `number` (nil: the unnumbered form, account 1), or nil when the form is absent.
    static func account(_ number: Int?, values: [String: String]) throws -> KISAccount? {
        let suffix = number.map { "_\($0)" } ?? ""
        let keyName = "KIS_APP_KEY" + suffix, secretName = "KIS_APP_SECRET" + suffix
        switch (values[keyName], values[secretName]) {
        case (nil, nil): return nil
        case (nil, _): throw KISSettingsError("\(secretName) is set but \(keyName) is not")
        case (_, nil): throw KISSettingsError("\(keyName) is set but \(secretName) is not")
        case (let key?, let secret?):
            let credentials = try KISCredentials(appKey: key, appSecret: secret, htsID: values["KIS_HTS_ID" + suffix],
                                                 keyName: keyName, secretName: secretName)
            let name = values["KIS_ACCOUNT_NAME" + suffix] ?? String(number ?? 1)
            guard (1...32).contains(name.count), name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
                throw KISSettingsError("KIS_ACCOUNT_NAME\(suffix) must be 1–32 letters, digits, - or _ (got \"\(name)\")")
            }
            return KISAccount(number: number ?? 1, name: name, credentials: credentials)
        }
    }

    /// One app key is one budget: two entries with the same key would share it, not double it.
    static func checkDistinct(_ accounts: [KISAccount]) throws {
        for (index, account) in accounts.enumerated() {
            for other in accounts[..<index] {
                if other.credentials.appKey == account.credentials.appKey {
                    throw KISSettingsError("KIS_APP_KEY_\(other.number) and KIS_APP_KEY_\(account.number) are the same app key: "
                                           + "KIS's limits are per app key, so each account needs its own")
                }
                if other.name == account.name {
                    throw KISSettingsError("accounts \(other.number) and \(account.number) are both named \"\(account.name)\"")
                }
            }
        }
    }
}
