import Foundation
import Testing
import IPC
import NATS
import System
@testable import NATSBridge

/// The bridge's batch path: frames straight into `PUB`s, the same operations as mapping each frame
/// to publications (`SubjectMapper.publications(ofBody:)`) and encoding each with `NATSEncoder`.
@Suite struct BatchWireEncoderTests {
    let codec = MessageCodec()

    /// What the mapper and the encoder make of `body`, one operation after the other.
    func expected(_ body: [UInt8], prefix: String = "kis41") throws -> [UInt8] {
        var wire: [UInt8] = []
        for publication in SubjectMapper(prefix: prefix).publications(ofBody: body) {
            try NATSEncoder.publish(subject: publication.subject, payload: publication.payload, into: &wire)
        }
        return wire
    }

    @Test func batches_ofOneAndOfManyCodes_areTheMappersPublications_asPUBs() throws {
        let a1 = Samples.trade("005930"), b = Samples.trade("000660"), a2 = Samples.trade("005930", price: 71_100)
        let bodies = [
            try codec.encode(.trades([a1, a2])),
            try codec.encode(.trades([a1, b, a2])),
            try codec.encode(.trades((0..<50).map { Samples.trade(String(format: "%06d", 100_000 + $0)) })),
            try codec.encode(.orderBooks([Samples.book("005930"), Samples.book("035420")])),
            try codec.encode(.quotes([Samples.quote("035420"), Samples.quote("005930"), Samples.quote("035420")])),
            Array(#"{ "trades" : [ {"price":1,"code":"A"} , {"code":"B","note":"x\"]}"} , {"code":"A","price":2} ], "type":"trades"}"#.utf8),
            Array(#"{"type":"trades","trades":[{"code":"a.b"},{"price":3},{"code":"a.b"}]}"#.utf8),
        ]
        var encoder = BatchWireEncoder()
        var all: [UInt8] = [], allExpected: [UInt8] = []
        for body in bodies {
            var wire: [UInt8] = []
            let outcome = encoder.append(body: body, maximumPayload: 1 << 20, to: &wire)
            let publications = SubjectMapper().publications(ofBody: body)
            #expect(outcome == .appended(topic: publications[0].topic, count: publications.count))
            #expect(wire == (try expected(body)), "\(String(decoding: body.prefix(40), as: UTF8.self))")
            _ = encoder.append(body: body, maximumPayload: 1 << 20, to: &all)
            allExpected += try expected(body)
        }
        // Appending frame after frame (one write for a read) is the operations one after the other.
        #expect(all == allExpected)
    }

    @Test func heads_areKeptPerTopicAndCode_andTheCacheStartsAgainWhenFull() throws {
        var encoder = BatchWireEncoder(prefix: "desk1", cacheLimit: 2)
        for code in ["A", "B", "C", "A", "005930"] {
            let body = try codec.encode(.trades([Samples.trade(code)]))
            var wire: [UInt8] = []
            #expect(encoder.append(body: body, maximumPayload: 1 << 20, to: &wire) == .appended(topic: "trade", count: 1))
            #expect(wire == (try expected(body, prefix: "desk1")))
        }
        let books = try codec.encode(.orderBooks([Samples.book("A")]))
        var wire: [UInt8] = []
        _ = encoder.append(body: books, maximumPayload: 1 << 20, to: &wire)
        #expect(String(decoding: wire, as: UTF8.self).hasPrefix("PUB desk1.orderbook.A "))
    }

    @Test func otherFrames_areLeftToTheMapper_orGiveNothing() throws {
        var encoder = BatchWireEncoder()
        var wire: [UInt8] = []
        #expect(encoder.append(body: try codec.encode(.signal(Samples.signal(1))), maximumPayload: 1 << 20, to: &wire) == .notABatch)
        #expect(encoder.append(body: try codec.encode(.allocation(Samples.allocation)), maximumPayload: 1 << 20, to: &wire) == .notABatch)
        #expect(encoder.append(body: Array("not json".utf8), maximumPayload: 1 << 20, to: &wire) == .notABatch)
        #expect(encoder.append(body: Array(#"{"type":"notices","notices":[{"code":"A"}]}"#.utf8), maximumPayload: 1 << 20, to: &wire) == .nothing)
        #expect(encoder.append(body: Array(#"{"type":"trades","trades":[]}"#.utf8), maximumPayload: 1 << 20, to: &wire) == .nothing)
        #expect(encoder.append(body: Array(#"{"type":"trades","trades":[{"price":1}]}"#.utf8), maximumPayload: 1 << 20, to: &wire) == .nothing)
        #expect(wire.isEmpty)
    }

    @Test func tooLargeOrBadSubject_isRefused_andNothingIsWritten() throws {
        let body = try codec.encode(.trades([Samples.trade("005930"), Samples.trade("000660")]))
        var encoder = BatchWireEncoder()
        var wire: [UInt8] = []
        #expect(encoder.append(body: body, maximumPayload: 64, to: &wire) == .refused(topic: "trade", count: 2))
        var badPrefix = BatchWireEncoder(prefix: "kis 41")
        #expect(badPrefix.append(body: body, maximumPayload: 1 << 20, to: &wire) == .refused(topic: "trade", count: 2))
        #expect(wire.isEmpty)
    }
}
