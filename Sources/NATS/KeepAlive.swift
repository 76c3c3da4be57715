/// Client-side keep-alive as a pure state machine: on every tick either send a `PING` or, when
/// too many went unanswered, give the connection up. `PONG`s answer our `PING`s in order.
public struct KeepAlive: Sendable, Equatable {
    public enum Action: Sendable, Equatable { case sendPing, closeConnection }

    public let maximumOutstanding: Int
    public private(set) var outstanding = 0

    public init(maximumOutstanding: Int) { self.maximumOutstanding = maximumOutstanding }

    /// The ping interval elapsed.
    public mutating func tick() -> Action {
        if outstanding >= maximumOutstanding { return .closeConnection }
        outstanding += 1
        return .sendPing
    }

    /// Anything from the server proves it alive (a `PONG`, but also any message).
    public mutating func heardFromServer() { outstanding = 0 }
}
