import Foundation

/// One ws-gateway of a session: its component name and socket. One KIS account is one gateway
/// (KIS allows one WebSocket session of 41 registrations per app key).
public struct GatewayEndpoint: Sendable, Equatable, Hashable {
    /// `ws-gateway` with one account; `ws-gateway@N` with several.
    public let component: String
    /// The socket name (`gateway`, or `gateway@N`), for ``RunDirectory/socketPath(_:)``.
    public let socket: String
    /// The account number (1 with one account).
    public let account: Int

    public init(component: String, socket: String, account: Int) {
        self.component = component; self.socket = socket; self.account = account
    }
}

/// The gateways of a session. `run` exports `KIS41_ACCOUNTS` (how many accounts, default 1) to
/// every component and writes it to `<run dir>/accounts` for `kisctl`; each gateway process is
/// told its own account by `KIS41_ACCOUNT`. With one account everything keeps its single names
/// (`ws-gateway`, `gateway.sock`); with N ≥ 2 they are `ws-gateway@1…N` on `gateway@1…N.sock`.
public enum GatewayEndpoints {
    /// The most accounts a session takes (as `KISAccounts.maximum`).
    public static let maximumAccounts = 16

    /// The number of accounts: `KIS41_ACCOUNTS`, else the run directory's `accounts` file, else 1.
    /// Anything unreadable or out of 1…16 counts as 1 (the supervisor validated it when it wrote it).
    public static func accountCount(environment: [String: String], runDirectory: RunDirectory? = nil) -> Int {
        let text = environment["KIS41_ACCOUNTS"].flatMap { $0.isEmpty ? nil : $0 }
            ?? runDirectory.flatMap { try? String(contentsOfFile: $0.path("accounts"), encoding: .utf8) }
        guard let text, let count = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)),
              (1...maximumAccounts).contains(count) else { return 1 }
        return count
    }

    /// The gateways of a session of `count` accounts, in account order.
    public static func all(count: Int) -> [GatewayEndpoint] {
        guard count > 1 else { return [GatewayEndpoint(component: "ws-gateway", socket: SocketName.gateway, account: 1)] }
        return (1...count).map { GatewayEndpoint(component: "ws-gateway@\($0)", socket: "\(SocketName.gateway)@\($0)", account: $0) }
    }

    /// The gateways of the session described by `environment` (and `runDirectory`).
    public static func all(environment: [String: String], runDirectory: RunDirectory? = nil) -> [GatewayEndpoint] {
        all(count: accountCount(environment: environment, runDirectory: runDirectory))
    }

    /// The gateway this process is (`KIS41_ACCOUNT`, default 1).
    public static func own(environment: [String: String]) -> GatewayEndpoint {
        let gateways = all(environment: environment)
        let number = environment["KIS41_ACCOUNT"].flatMap { Int($0) } ?? 1
        return gateways.first { $0.account == number } ?? gateways[0]
    }

    /// The gateway whose component name is `component` (`ws-gateway`, `ws-gateway@2`), if any.
    public static func endpoint(component: String) -> GatewayEndpoint? {
        if component == "ws-gateway" { return all(count: 1)[0] }
        guard component.hasPrefix("ws-gateway@"), let number = Int(component.dropFirst("ws-gateway@".count)),
              (1...maximumAccounts).contains(number) else { return nil }
        return all(count: maximumAccounts)[number - 1]
    }
}
