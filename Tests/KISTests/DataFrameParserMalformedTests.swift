import Foundation
import Testing
import IPC
@testable import KIS
import System

@Suite struct DataFrameParserMalformedTests {
    let parser = DataFrameParser()

    /// Parses and reports either the frame or the thrown header error, never crashing.
    func outcome(_ text: String) -> Result<ParsedFrame, KISError> {
        Result { () throws(KISError) in try parser.parse(text) }
    }

    @Test(arguments: [
        "", "0", "0|", "2|H0STCNT0|001|x", "0|H0STCNT0", "0|H0STCNT0|", "0|H0STCNT0|001", "0||001|x",
        "0|H0STCNT0|abc|x", "0|H0STCNT0|000|x", "0|H0STCNT0|999999|", "0|H0STCNT0|9999999999999999999999|x",
        "0|H0 STCNT0|001|x", "{\"header\":{}}", "PINGPONG",
    ])
    func parse_throwsMalformedFrame_forBadHeader(text: String) {
        guard case .failure(let error) = outcome(text) else {
            Issue.record("expected a header error for \(text.debugDescription)")
            return
        }
        #expect(error.classification == .malformedMessage)
    }

    @Test func parse_countsAllRecordsMalformed_forDocTruncatedFrame() throws {
        let frame = try parser.parse(try Fixture.line("h0stcnt0_frame_doc_truncated.txt"))
        #expect(frame.declaredCount == 4)
        #expect(frame.records.isEmpty)
        #expect(frame.malformedCount == 4)
        #expect(frame.firstError != nil)
    }

    @Test func parse_deliversGoodRecords_whenOneHasNonNumericPrice() throws {
        let record = try Fixture.line("h0stcnt0_record_doc.txt")
        let bad = record.replacingFirst("71900", with: "7X900")
        let frame = try parser.parse("0|H0STCNT0|003|\(record)^\(bad)^\(record)")
        #expect(frame.trades.count == 2)
        #expect(frame.malformedCount == 1)
        #expect(frame.firstError?.description.contains("STCK_PRPR") == true)
        #expect(frame.firstError?.description.contains("#1") == true)
    }

    @Test func parse_rejectsEmptyPrice_butAcceptsEmptySecondaryNumbers() throws {
        var fields = try Fixture.line("h0stcnt0_record_doc.txt").split(separator: "^", omittingEmptySubsequences: false)
        fields[2] = ""
        let emptyPrice = try parser.parse("0|H0STCNT0|001|" + fields.joined(separator: "^"))
        #expect(emptyPrice.malformedCount == 1)
        fields[2] = "71900"
        fields[45] = ""
        let emptyVI = try parser.parse("0|H0STCNT0|001|" + fields.joined(separator: "^"))
        #expect(emptyVI.trades.first?.viStandardPrice == 0)
    }

    @Test func parse_deliversFirstRecord_whenSecondIsTruncated() throws {
        let record = try Fixture.line("h0stcnt0_record_doc.txt")
        let frame = try parser.parse("0|H0STCNT0|002|\(record)^005930^093355^72000")
        #expect(frame.trades.count == 1)
        #expect(frame.malformedCount == 1)
        #expect(frame.firstError != nil)
    }

    @Test func parse_reportsOverflowNotTrap_forHugeNumbers() throws {
        var fields = try Fixture.line("h0stcnt0_record_doc.txt").split(separator: "^", omittingEmptySubsequences: false)
        fields[13] = "99999999999999999999999999999"
        fields[2] = "999999999999999999"  // 18 digits: the most accepted
        let frame = try parser.parse("0|H0STCNT0|001|" + fields.joined(separator: "^"))
        #expect(frame.malformedCount == 1)
        #expect(frame.firstError?.description.contains("ACML_VOL") == true)
    }

    @Test func parse_neverCrashes_onInvalidUTF8AndGarbageBytes() throws {
        var bytes = Array("0|H0STCNT0|001|".utf8)
        bytes += [0xFF, 0xFE, 0xC3, 0x28, 0x5E] + Array(try Fixture.line("h0stcnt0_record_doc.txt").utf8.dropFirst(7))
        let frame = try parser.parse(bytes)
        #expect(frame.trades.first?.code.contains("\u{FFFD}") == true)
        // A deterministic sweep of random bytes behind a valid header, and of random headers.
        var generator = SplitMix64(seed: 41)
        for length in 0..<400 {
            let noise = (0..<length).map { _ in generator.nextByte() }
            _ = try? parser.parse(Array("0|H0STCNT0|00\(length % 10)|".utf8) + noise)
            _ = try? parser.parse(Array("0|H0STASP0|002|".utf8) + noise)
            _ = try? parser.parse(Array("0|H0STCNI0|001|".utf8) + noise)
            _ = try? parser.parse(noise)
        }
    }

    @Test func parsePayload_reportsError_forZeroCount() {
        let frame = parser.parsePayload(trID: "H0STCNI0", count: 0, payload: "a^b")
        #expect(frame.records.isEmpty && frame.firstError != nil)
    }
}

/// Random bytes for fuzz-style sweeps, biased towards the separators and digits the parser cares about.
extension SplitMix64 {
    mutating func nextByte() -> UInt8 {
        let byte = UInt8(truncatingIfNeeded: next())
        switch byte % 4 {
        case 0: return 0x5E
        case 1: return 0x30 + byte % 10
        default: return byte
        }
    }
}

extension String {
    /// The string with the first occurrence of `target` replaced.
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
