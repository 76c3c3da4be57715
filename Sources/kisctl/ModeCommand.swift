import Foundation
import IPC
import KIS
import System

/// `kisctl mode`: the session's mode, decided by the same credential resolution the gateway and
/// the poller use (`KISAccounts.load`: `KIS_APP_KEY`/`KIS_APP_SECRET` or numbered `_1`, `_2`, …, in the
/// environment, else `KIS41_SECRETS_FILE`).
/// Prints one line, `live <why>` or `sim <why>`, which `run` records for `status`. Malformed or
/// unsafely stored credentials are a configuration error (78): a session meant to be live never
/// silently becomes a simulation.
enum ModeCommand {
    static func run(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        print(try decide(environment: environment))
    }

    static func decide(environment: [String: String]) throws -> String {
        let accounts: [KISAccount]
        do { accounts = try KISAccounts.load(environment: environment) } catch let error as KISSettingsError {
            throw ExitError(.configuration, error.description)
        }
        guard !accounts.isEmpty else {
            return "sim no KIS credentials (KIS_APP_KEY/KIS_APP_SECRET or KIS41_SECRETS_FILE): kis-sim"
        }
        func isSet(_ name: String) -> Bool { !(environment[name] ?? "").isEmpty }
        let source = isSet("KIS_APP_KEY") && isSet("KIS_APP_SECRET") ? "KIS_APP_KEY/KIS_APP_SECRET in the environment"
            : isSet("KIS_APP_KEY_1") && isSet("KIS_APP_SECRET_1") ? "KIS_APP_KEY_N/KIS_APP_SECRET_N in the environment"
            : "KIS41_SECRETS_FILE \(environment["KIS41_SECRETS_FILE"] ?? "")"
        if accounts.count == 1 { return "live credentials from \(source) (app key …\(accounts[0].credentials.fingerprint))" }
        return "live \(accounts.count) accounts from \(source) (" + accounts.map(\.description).joined(separator: ", ") + ")"
    }
}

/// The mode `run` recorded for the session in a run directory (`mode`, `mode-reason`).
struct SessionMode {
    var mode: String
    var reason: String?

    static func read(from runDirectory: RunDirectory) -> SessionMode? {
        func read(_ file: String) -> String? {
            (try? String(contentsOfFile: runDirectory.path(file), encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard let mode = read("mode"), !mode.isEmpty else { return nil }
        return SessionMode(mode: mode, reason: read("mode-reason"))
    }
}
