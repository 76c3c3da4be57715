import Foundation
import IPC
import KIS
import Reports
import System

/// `kisctl status`: the supervisor's view (state files in `.run/<name>/`) joined with each
/// component's own `status` reply.
enum StatusCommand {
    static func run(runDirectory: RunDirectory, json: Bool) async throws {
        var components: [String: JSONValue] = [:]
        let session = Components.session(in: runDirectory)
        for (name, socket) in session {
            var entry = supervisorState(of: name, in: runDirectory)
            if let socket, case .statusReport(let report)? = try? await IPCClient.requestOnce(
                path: runDirectory.socketPath(socket), name: "kisctl", .status(StatusRequest()), timeout: 1) {
                entry["reported_state"] = .string(report.state)
                entry["details"] = .object(report.details)
            }
            components[name] = .object(entry)
        }
        let mode = SessionMode.read(from: runDirectory)
        if json {
            var root: [String: JSONValue] = ["components": .object(components)]
            if let mode { root["mode"] = .object(["mode": .string(mode.mode), "reason": mode.reason.map(JSONValue.string) ?? .null]) }
            let data = try JSONEncoder().encode(JSONValue.object(root))
            print(String(decoding: data, as: UTF8.self))
        } else {
            if let mode { print("mode: \(mode.mode)" + (mode.reason.map { " (\($0))" } ?? "")) }
            print("component     state       pid      restarts  uptime   reported")
            for (name, _) in session {
                let entry = components[name] ?? [:]
                let uptime = entry["uptime_s"]?.doubleValue.map { String(format: "%.0fs", $0) } ?? "-"
                // %-13@ does not pad on Linux Foundation: pad by hand.
                func pad(_ text: String, _ width: Int) -> String { text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0) }
                print(pad(name, 13) + " " + pad(entry["state"]?.stringValue ?? "-", 11) + " " + pad(entry["pid"]?.description ?? "-", 8) + " "
                      + pad(entry["restarts"]?.description ?? "-", 9) + " " + pad(uptime, 8) + " " + (entry["reported_state"]?.stringValue ?? "-")
                      + (entry["details"]?["reason"]?.stringValue.map { ": \($0)" } ?? ""))
            }
            printAccounts(components)
            if let hazard = components["allocator"]?["details"]?["hazard"] { printHazard(hazard) }
            printSlots(components["allocator"]?["details"]?["slots"], runDirectory: runDirectory)
        }
    }

    /// With several KIS accounts: one line each, by name (never a key), with its gateway's slots and
    /// session and its share of the poller's REST use (the live view shows the same lines).
    static func printAccounts(_ components: [String: JSONValue]) {
        let gateways = AccountStatusLines.gatewayNames(in: components.keys).map { name -> AccountStatusLines.Gateway in
            guard case .object(let details)? = components[name]?["details"] else { return .init(name: name, details: nil) }
            return .init(name: name, details: details)
        }
        guard case .array(let rest)? = components["rest-poller"]?["details"]?["accounts"] else { return }
        let lines = AccountStatusLines.lines(gateways: gateways, rest: rest)
        guard !lines.isEmpty else { return }
        print("accounts")
        lines.forEach { print($0) }
    }

    /// Exits 0 when the component's socket answers `status` (the recorder, which has no socket: when its
    /// process is alive), 75 otherwise.
    static func ping(runDirectory: RunDirectory, name: String) async throws {
        if name == "recorder" {
            guard supervisorState(of: name, in: runDirectory)["pid"] != nil else {
                throw ExitError(.temporaryFailure, "recorder is not running")
            }
            return
        }
        let socket = try Components.socket(of: name)
        do {
            guard case .statusReport = try await IPCClient.requestOnce(path: runDirectory.socketPath(socket), name: "kisctl",
                                                                       .status(StatusRequest()), timeout: 1) else {
                throw ExitError(.temporaryFailure, "\(name) answered status with something else")
            }
        } catch let error as ExitError {
            throw error
        } catch {
            throw ExitError(.temporaryFailure, "\(name) does not answer: \(error)")
        }
    }

    /// What `run` wrote about a component: state, pid, restarts, start time.
    static func supervisorState(of name: String, in runDirectory: RunDirectory) -> [String: JSONValue] {
        func read(_ file: String) -> String? {
            (try? String(contentsOfFile: runDirectory.path("\(name)/\(file)"), encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        var entry: [String: JSONValue] = ["state": .string(read("state") ?? "stopped")]
        if let pid = read("pid").flatMap(Int32.init), kill(pid, 0) == 0 {
            entry["pid"] = .number(Double(pid))
            if let started = read("started").flatMap(Double.init) {
                entry["uptime_s"] = .number((Date().timeIntervalSince1970 - started).rounded())
            }
        } else if entry["state"]?.stringValue == "running" {
            entry["state"] = "stopped"
        }
        entry["restarts"] = .number(Double(read("restarts").flatMap(Int.init) ?? 0))
        return entry
    }

    /// The allocator's hazard line: scoring, learning and calibration (each holder's own hazard is
    /// in the slot lines).
    static func printHazard(_ hazard: JSONValue) {
        let learned = hazard["examples_learned"]?.doubleValue.map { String(format: "%.0f", $0) } ?? "-"
        let error = hazard["calibration_error"]?.doubleValue.map { String(format: "%.3f", $0) } ?? "-"
        print("allocator hazard: scoring \(hazard["slot_scoring"]?.stringValue ?? "-"), examples learned \(learned), calibration error \(error)")
    }

    /// Every slot holder with its hazard and why it holds the slot (`HolderLines`, as the live view
    /// shows them), named from the run directory's master files when they are there.
    static func printSlots(_ slots: JSONValue?, runDirectory: RunDirectory) {
        let rows = HolderLines.rows(status: slots)
        guard !rows.isEmpty else { return }
        print("slot holders (\(rows.count))")
        HolderLines.lines(rows, names: MasterFileLoader.names(in: runDirectory.url)).forEach { print($0) }
    }
}
