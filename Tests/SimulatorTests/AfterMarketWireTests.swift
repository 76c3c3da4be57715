import Foundation
import KIS
import Testing
@testable import Simulator

/// The after-market on the wire: a kis-sim started at 16:00 sends H0STCNT0 with a 47th field
/// `MARKET_CLS_CODE=3` and 63-field H0STASP0, and accepts the H0STANC0 and H0STMKO0 registrations.
@Suite(.serialized) struct AfterMarketWireTests {
    @Test func afterMarketFrames_carryMarketClass3() async throws {
        let sim = try SimulatorHarness(SimulatorHarness.options(speed: 10, start: "16:00"))
        defer { Task { await sim.stop() } }
        let approval = try await sim.approvalKey()
        let ws = try await sim.connect()
        for tr in ["H0STCNT0", "H0STASP0", "H0STANC0", "H0STMKO0"] {
            #expect(try await SimulatorHarness.request(ws, approval: approval, trID: tr, trKey: "005930").messageCode == "OPSP0000")
        }
        var last: [String: (fields: Int, value: Substring)] = [:]
        let deadline = Date().addingTimeInterval(60)
        while last.count < 2, Date() < deadline {
            guard let text = try await ws.receive().text, TextFrameKind.classify(text) == .dataFrame else { continue }
            let parts = text.split(separator: "|", maxSplits: 3, omittingEmptySubsequences: false)
            let count = try #require(Int(parts[2]))
            let fields = parts[3].split(separator: "^", omittingEmptySubsequences: false)
            last[String(parts[1])] = (fields.count / count, fields[fields.count / count - 1])
        }
        #expect(last["H0STCNT0"]?.fields == 47 && last["H0STCNT0"]?.value == "3")
        #expect(last["H0STASP0"]?.fields == 63 && last["H0STASP0"]?.value == "3")
        await ws.close()
    }
}
