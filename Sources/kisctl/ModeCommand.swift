import Foundation
import IPC
import KIS
import System

/// `kisctl mode`: the session's mode, decided by the same credential resolution the gateway and
/// the poller use (`KISCredentials.load`: `KIS_APP_KEY`/`KIS_APP_SECRET`, else `KIS41_SECRETS_FILE`).
/// Prints one line, `live <why>` or `sim <why>`, which `run` records for `status`. Malformed or
/// unsafely stored credentials are a configuration error (78): a session meant to be live never
/// silently becomes a simulation.
enum ModeCommand {
    static func run(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        print(try decide(environment: environment))
    }

    static func decide(environment: [String: String]) throws -> String {
        let credentials: KISCredentials?
        do { credentials = try KISCredentials.load(environment: environment) } catch let error as KISSettingsError {
            throw ExitError(.configuration, error.description)
        }
        guard let credentials else {
            return "sim no KIS credentials (KIS_APP_KEY/KIS_APP_SECRET or KIS41_SECRETS_FILE): kis-sim"
        }
        func isSet(_ name: String) -> Bool { !(environment[name] ?? "").isEmpty }
        let source = isSet("KIS_APP_KEY") && isSet("KIS_APP_SECRET")
            ? "KIS_APP_KEY/KIS_APP_SECRET in the environment"
            : "KIS41_SECRETS_FILE \(environment["KIS41_SECRETS_FILE"] ?? "")"
        return "live credentials from \(source) (app key …\(credentials.fingerprint))"
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
