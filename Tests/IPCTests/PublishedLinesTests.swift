import Foundation
import Testing
@testable import IPC

/// `PublishedLines`: the lines a relay writes are the publisher's bytes: each item of a batch,
/// else the whole body.
@Suite struct PublishedLinesTests {
    let codec = MessageCodec()

    @Test func aBatch_isSplitIntoItsItems_asTheyWereEncoded() throws {
        for message in MessageCodecTests.samples {
            let body = try codec.encode(message)
            let lines = PublishedLines.lines(of: body).map(Array.init)
            func same<T: Decodable & Equatable>(_ items: [T]) -> Bool {
                lines.count == items.count && lines.map { try? FastJSONDecoder().decode(T.self, from: $0) } == items
            }
            switch message {
            // Each line is one item; decoded, it is the item the publisher sent.
            case .trades(let items): #expect(same(items))
            case .quotes(let items): #expect(same(items))
            case .orderBooks(let items): #expect(same(items))
            case .indices(let items): #expect(same(items))
            case .notices(let items): #expect(same(items))
            default: #expect(lines == [body], "\(message.type)")
            }
        }
    }

    @Test func itemsWithBracketsAndEscapesInStrings_andAnEmptyBatch() {
        let body = Array(#"{"type":"notices","notices":[{"a":"]}\"[{","b":[1,{"c":null}]} , {"d":-1.5e3}]}"#.utf8)
        let lines = PublishedLines.lines(of: body).map { String(decoding: $0, as: UTF8.self) }
        #expect(lines == [#"{"a":"]}\"[{","b":[1,{"c":null}]}"#, #"{"d":-1.5e3}"#])
        #expect(PublishedLines.lines(of: Array(#"{"type":"trades","trades":[]}"#.utf8)).isEmpty)
        // Not a batch (an unknown type, or an array under another name): the whole body.
        let other = Array(#"{"type":"ledger","entries":[{"code":"1"}]}"#.utf8)
        #expect(PublishedLines.lines(of: other).map(Array.init) == [other])
    }
}
