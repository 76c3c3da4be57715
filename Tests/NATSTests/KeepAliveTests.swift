import Foundation
import Testing
@testable import NATS

/// The keep-alive state machine.
@Suite struct KeepAliveTests {
    @Test func tick_closes_afterMaximumUnansweredPings() {
        var keepAlive = KeepAlive(maximumOutstanding: 2)
        #expect(keepAlive.tick() == .sendPing)
        #expect(keepAlive.tick() == .sendPing)
        #expect(keepAlive.tick() == .closeConnection)
    }

    @Test func heardFromServer_resetsTheCount() {
        var keepAlive = KeepAlive(maximumOutstanding: 1)
        #expect(keepAlive.tick() == .sendPing)
        keepAlive.heardFromServer()
        #expect(keepAlive.tick() == .sendPing)
        #expect(keepAlive.tick() == .closeConnection)
    }
}
