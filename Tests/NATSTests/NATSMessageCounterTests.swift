import Foundation
import Testing
import Benchmarks

/// The benchmark subscribers' counter: every message counted by subject prefix, whatever the chunk
/// boundaries, payloads skipped by their size (so a payload that looks like an operation is not one).
@Suite struct NATSMessageCounterTests {
    static let stream = Array(("INFO {\"server_id\":\"x\"}\r\n+OK\r\nPONG\r\n"
        + "MSG kis41.trade.005930 1 5\r\nMSG x\r\n"
        + "MSG kis41.signal.gap.005930 1 _INBOX.r 11\r\n{\"a\":\"\r\nb\"}\r\n"
        + "PING\r\n"
        + "HMSG kis41.trade.000660 1 12 14\r\nNATS/1.0\r\n\r\nab\r\n"
        + "MSG kis41.allocation 1 0\r\n\r\n"
        + "MSG kis41.trade.000660 1 2\r\n{}\r\n").utf8)

    @Test func countsEveryMessage_byPrefix_andCapturesSignals() throws {
        var counter = NATSMessageCounter(prefixes: ["kis41.trade.", "kis41.signal."], capturePrefix: "kis41.signal.")
        var captured: [[UInt8]] = []
        try counter.consume(Self.stream) { captured.append($0) }
        #expect(counter.count("kis41.trade.") == 3)
        #expect(counter.count("kis41.signal.") == 1)
        #expect(counter.other == 1)
        #expect(counter.pings == 1 && counter.pongs == 1)
        #expect(captured == [Array("{\"a\":\"\r\nb\"}".utf8)])
    }

    @Test func anyChunking_givesTheSameCounts() throws {
        for size in [1, 2, 3, 7, 16, 50] {
            var counter = NATSMessageCounter(prefixes: ["kis41.trade.", "kis41.signal."], capturePrefix: "kis41.signal.")
            var captured: [[UInt8]] = []
            var start = 0
            while start < Self.stream.count {
                let end = min(start + size, Self.stream.count)
                try counter.consume(Array(Self.stream[start..<end])) { captured.append($0) }
                start = end
            }
            #expect(counter.counts == [3, 1] && counter.other == 1 && counter.pings == 1, "chunks of \(size)")
            #expect(captured == [Array("{\"a\":\"\r\nb\"}".utf8)], "chunks of \(size)")
        }
    }

    @Test func errorText_isKept() throws {
        var counter = NATSMessageCounter(prefixes: ["kis41."])
        try counter.consume(Array("-ERR 'Slow Consumer Detected'\r\n".utf8))
        #expect(counter.lastError == "Slow Consumer Detected")
    }

    @Test func malformedInput_isAClearError() {
        var counter = NATSMessageCounter(prefixes: ["kis41."])
        #expect(throws: NATSMessageCounter.Failure.self) { try counter.consume(Array("MSG kis41.x 1 abc\r\n".utf8)) }
        var other = NATSMessageCounter(prefixes: ["kis41."])
        #expect(throws: NATSMessageCounter.Failure.self) { try other.consume(Array("HELLO\r\n".utf8)) }
        var long = NATSMessageCounter(prefixes: ["kis41."])
        #expect(throws: NATSMessageCounter.Failure.self) { try long.consume([UInt8](repeating: 0x41, count: 5000)) }
    }
}
