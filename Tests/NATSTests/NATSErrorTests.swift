import Foundation
import Testing
@testable import NATS

/// Which errors the bridge retries.
@Suite struct NATSErrorTests {
    @Test func connectionErrors_areTransient_refusalsAreNot() {
        #expect(NATSError.notConnected.isTransient && NATSError.connectionClosed.isTransient)
        #expect(NATSError.timedOut("x").isTransient && NATSError.noResponders("x").isTransient)
        #expect(!NATSError.payloadTooLarge(length: 2, limit: 1).isTransient && !NATSError.invalidSubject("a b").isTransient)
        #expect(!NATSError.jetStream(code: 503, errorCode: 10077, description: "maximum messages exceeded").isTransient)
        #expect(!NATSError.server("Permissions Violation for Publish to \"x\"").isTransient)
        #expect(NATSError.server("Permissions Violation for Publish to \"x\"").isPermissionViolation)
    }
}
