import Foundation
import Testing
@testable import IPC

@Suite struct FastJSONTests {
    struct Sample: Codable, Equatable {
        var text: String
        var integer: Int
        var negative: Int
        var real: Double
        var flag: Bool
        var optional: Int?
        var list: [Int]
        var nested: [String: [Double]]
    }

    let sample = Sample(text: "quote \" back\\slash \n tab\t ctrl\u{01} 한글 😀", integer: Int.max, negative: -42,
                        real: 0.71, flag: true, optional: nil, list: [], nested: ["a": [1.5, -2.25e-7, 1e300]])

    @Test func encode_thenFoundationDecodes_theSameValue() throws {
        let bytes = try FastJSONEncoder().encode(sample)
        #expect(try JSONDecoder().decode(Sample.self, from: Data(bytes)) == sample)
    }

    @Test func decode_readsWhatFoundationEncodes() throws {
        let data = try JSONEncoder().encode(sample)
        #expect(try FastJSONDecoder().decode(Sample.self, from: Array(data)) == sample)
    }

    @Test func decode_handlesEscapesAndSurrogatePairs() throws {
        let text = try FastJSONDecoder().decode([String].self, from: Array(#"["\u00e9\ud83d\ude00\/\b\f\r"]"#.utf8))
        #expect(text == ["é😀/\u{08}\u{0C}\r"])
    }

    @Test func decode_parsesNumbersExactly() throws {
        let values = try FastJSONDecoder().decode([Double].self, from: Array("[0, -0.5, 123.456, 1e3, 2.5E-3, 9007199254740993]".utf8))
        #expect(values == [0, -0.5, 123.456, 1000, 0.0025, 9_007_199_254_740_992])  // 2^53 + 1 rounds to even
        #expect(try FastJSONDecoder().decode([Int].self, from: Array("[1.0, -7]".utf8)) == [1, -7])
    }

    @Test func decode_rejectsMalformedDocuments() {
        let bad = ["", "{", "[1,]", "{\"a\" 1}", "01", "1.", "-", "\"\u{01}\"", "[1] x", "tru", "\"\\x\"", "\"\\ud800\"", "{\"a\":1,}",
                   String(repeating: "[", count: 100) + String(repeating: "]", count: 100)]
        for text in bad {
            #expect(throws: DecodingError.self, "\(text)") { try FastJSONDecoder().decode(JSONValue.self, from: Array(text.utf8)) }
        }
    }

    @Test func decode_rejectsInvalidUTF8InStrings() {
        #expect(throws: DecodingError.self) { try FastJSONDecoder().decode(String.self, from: [0x22, 0xC3, 0x28, 0x22]) }
    }

    @Test func decode_reportsTheKeyPath_ofATypeMismatch() {
        do {
            _ = try FastJSONDecoder().decode(Message.self, from: Array(#"{"type":"trades","trades":[{"code":"005930","price":"x"}]}"#.utf8))
            Issue.record("expected an error")
        } catch let DecodingError.typeMismatch(_, context) {
            #expect(context.codingPath.map(\.stringValue).contains("trades"))
        } catch let DecodingError.keyNotFound(_, context) {
            #expect(context.codingPath.map(\.stringValue).contains("trades"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func encode_rejectsNonFiniteDoubles() {
        #expect(throws: EncodingError.self) { try FastJSONEncoder().encode([Double.nan]) }
    }
}

@Suite struct JSONNodeTextTests {
    @Test func compactText_keepsMemberOrder_andWritesEveryKind() {
        let node = JSONNode.object([
            (key: "z", value: .string("가\"\\")), (key: "a", value: .integer(-7)), (key: "d", value: .double(1.5)),
            (key: "n", value: .null), (key: "b", value: .array([.bool(true), .bool(false), .double(2)])),
            (key: "o", value: .object([])), (key: "inf", value: .double(.infinity)),
        ])
        #expect(node.compactText == #"{"z":"가\"\\","a":-7,"d":1.5,"n":null,"b":[true,false,2],"o":{},"inf":null}"#)
    }
}
