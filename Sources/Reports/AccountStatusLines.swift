import Foundation
import IPC

/// With several KIS accounts, one line per account for `./run status` and the live view (the same
/// text in both): its gateway's ledger and session, and its share of the poller's REST use — calls/s
/// against its own limit, the mean hold of a call and the pacing grid's restarts (the REST
/// limiter's health), calls, EGW00201 slowdowns and token. By name, never a key. Pure.
public enum AccountStatusLines {
    /// One account's gateway: its component name (`ws-gateway@N`) and its `status` details (nil
    /// when it did not answer).
    public struct Gateway: Sendable {
        public var name: String
        public var details: [String: JSONValue]?
        public init(name: String, details: [String: JSONValue]?) { self.name = name; self.details = details }
    }

    /// The `ws-gateway@N` names among `names`, in account order (N numerically).
    public static func gatewayNames<S: Sequence>(in names: S) -> [String] where S.Element == String {
        names.filter { $0.hasPrefix("ws-gateway@") }.sorted { number(of: $0) < number(of: $1) }
    }

    /// The lines, each starting with two spaces, account by account; empty with one account (the
    /// figures are then the whole session's, shown elsewhere). `rest` is the poller's
    /// `details["accounts"]` (nil when the poller did not answer), `gateways` in account order.
    public static func lines(gateways: [Gateway], rest: [JSONValue]?) -> [String] {
        let calls = rest ?? []
        guard calls.count > 1 || gateways.count > 1 else { return [] }
        return (0..<max(calls.count, gateways.count)).map { index in
            let gateway = index < gateways.count ? gateways[index] : nil
            let account = index < calls.count ? calls[index] : nil
            let name = account?["account"]?.stringValue ?? gateway?.details?["account"]?.stringValue ?? "\(index + 1)"
            var line = "  \(name): "
            if let details = gateway?.details {
                let connected = details["connected"]?.boolValue ?? false
                line += "ledger \(details["slots"]?.stringValue ?? "-")" + (connected ? " connected" : " DISCONNECTED")
                if !connected, let reason = details["last_session_end"]?.stringValue { line += " (\(reason))" }
            } else {
                line += "ledger - (\(gateway?.name ?? "ws-gateway") not answering)"
            }
            guard let account else { return line + (rest == nil ? " · REST - (rest-poller not answering)" : "") }
            line += String(format: " · REST %.1f/%.0f calls/s", account["calls_per_s"]?.doubleValue ?? 0, account["limit_per_s"]?.doubleValue ?? 0)
            if let hold = account["hold_ms"]?.doubleValue { line += " · hold \(Self.milliseconds(hold)) ms" }
            if let restarts = account["grid_restarts"]?.doubleValue { line += " · grid restarts \(Int(restarts))" }
            line += " · \(Int(account["calls"]?.doubleValue ?? 0)) calls · \(Int(account["egw00201"]?.doubleValue ?? 0)) EGW00201"
            line += " · token \(account["token"]?.stringValue ?? "-")"
            if let failure = account["token_failure"]?.stringValue { line += " (\(failure))" }
            return line
        }
    }

    static func number(of gateway: String) -> Int { Int(gateway.dropFirst("ws-gateway@".count)) ?? 0 }

    /// `3` → `3`, `2.5` → `2.5`.
    static func milliseconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
