import Foundation
import Testing
import IPC
import System
@testable import NATSBridge

/// IPC messages onto subjects: one publication per code, the IPC JSON as payload.
@Suite struct SubjectMapperTests {
    let mapper = SubjectMapper()
    let codec = MessageCodec()

    @Test func trades_splitPerCode_keepingOrder_andTheIPCJSON() throws {
        let a1 = Samples.trade("005930"), b = Samples.trade("000660"), a2 = Samples.trade("005930", price: 71_100)
        let publications = mapper.publications(of: .trades([a1, b, a2]))
        #expect(publications.map(\.subject) == ["kis41.trade.005930", "kis41.trade.000660"])
        #expect(publications[0].payload == (try codec.encode(.trades([a1, a2]))))
        #expect(publications[1].payload == (try codec.encode(.trades([b]))))
        #expect(publications.allSatisfy { !$0.isSignal })
    }

    @Test func signal_goesToKindAndCode_withAMessageID() throws {
        let signal = Samples.signal(7, kind: .volumeBreakout, code: "035420")
        let publications = mapper.publications(of: .signal(signal))
        #expect(publications.map(\.subject) == ["kis41.signal.volume_breakout.035420"])
        #expect(publications.first?.isSignal == true && publications.first?.messageID?.contains("035420") == true)
        #expect(publications.first?.payload == (try codec.encode(.signal(signal))))
    }

    @Test func allocationStatusQuotesAndBooks_haveTheirSubjects() {
        #expect(mapper.publications(of: .allocation(Samples.allocation)).map(\.subject) == ["kis41.allocation"])
        let report = StatusReport(id: "", component: "ws-gateway", state: "running", uptimeSeconds: 1, details: [:])
        #expect(mapper.publications(of: .statusReport(report)).map(\.subject) == ["kis41.status.ws-gateway"])
        #expect(mapper.publications(of: .quotes([Samples.quote("035420")])).map(\.subject) == ["kis41.quote.035420"])
        #expect(mapper.publications(of: .orderBooks([Samples.book("005930")])).map(\.subject) == ["kis41.orderbook.005930"])
        #expect(mapper.publications(of: .ack(Ack(id: "1"))).isEmpty)
    }

    @Test func codes_thatCouldBreakSubjects_areMadeSafeTokens() {
        #expect(SubjectMapper.token("a.b") == "a_b")
        #expect(SubjectMapper.token(">") == "_" && SubjectMapper.token("*") == "_" && SubjectMapper.token("") == "_")
        #expect(SubjectMapper.token("Q500001") == "Q500001" && SubjectMapper.token("closing_momentum") == "closing_momentum")
        #expect(SubjectMapper(prefix: "desk1").publications(of: .signal(Samples.signal(1, code: "00 59.30"))).first?.subject == "desk1.signal.gap.00_59_30")
    }

    // The bridge's path: a published frame's own bytes, never decoded and encoded again.

    @Test func body_ofOneCode_isRelayedAsTheSameBytes() throws {
        let body = try codec.encode(.trades([Samples.trade("005930"), Samples.trade("005930", price: 71_100)]))
        let publications = mapper.publications(ofBody: body)
        #expect(publications.map(\.subject) == ["kis41.trade.005930"])
        #expect(publications.first?.payload == body)
        #expect(publications.first?.topic == "trade")
    }

    @Test func body_ofSeveralCodes_isCutPerCode_asTheEncoderWouldWriteEachPart() throws {
        let a1 = Samples.trade("005930"), b = Samples.trade("000660"), a2 = Samples.trade("005930", price: 71_100)
        let fromBody = mapper.publications(ofBody: try codec.encode(.trades([a1, b, a2])))
        #expect(fromBody == mapper.publications(of: .trades([a1, b, a2])))
        #expect(fromBody.map(\.subject) == ["kis41.trade.005930", "kis41.trade.000660"])
        let books = [Samples.book("005930"), Samples.book("035420")]
        #expect(mapper.publications(ofBody: try codec.encode(.orderBooks(books))) == mapper.publications(of: .orderBooks(books)))
        let quotes = [Samples.quote("035420"), Samples.quote("005930"), Samples.quote("035420")]
        #expect(mapper.publications(ofBody: try codec.encode(.quotes(quotes))) == mapper.publications(of: .quotes(quotes)))
    }

    @Test func body_keepsTheEnvelopeBytes_andItemsWrittenInAnyLayout() {
        // Members in another order, spaces, an item whose code is not its first member, escapes inside strings.
        let body = Array(#"{ "trades" : [ {"price":1,"code":"A"} , {"code":"B","note":"x\"]}"} , {"code":"A","price":2} ], "type":"trades"}"#.utf8)
        let publications = mapper.publications(ofBody: body)
        #expect(publications.map(\.subject) == ["kis41.trade.A", "kis41.trade.B"])
        #expect(publications.map { String(decoding: $0.payload, as: UTF8.self) } == [
            #"{ "trades" : [{"price":1,"code":"A"},{"code":"A","price":2}], "type":"trades"}"#,
            #"{ "trades" : [{"code":"B","note":"x\"]}"}], "type":"trades"}"#,
        ])
    }

    @Test func body_ofASignal_isTheSignalsOwnEncoding_withItsSubjectAndID() throws {
        let signal = Samples.signal(4, kind: .volumeBreakout, code: "035420")
        let body = try codec.encode(.signal(signal))
        let publications = mapper.publications(ofBody: body)
        #expect(publications == mapper.publications(of: .signal(signal)))
        #expect(publications.first?.payload == body && publications.first?.isSignal == true)
    }

    @Test func body_notBridged_orBroken_givesNothing() throws {
        #expect(mapper.publications(ofBody: try codec.encode(.ack(Ack(id: "1")))).isEmpty)
        #expect(mapper.publications(ofBody: Array(#"{"type":"notices","notices":[{"code":"A"}]}"#.utf8)).isEmpty)
        #expect(mapper.publications(ofBody: Array(#"{"type":"trades","trades":[{"code":"A"}"#.utf8)).isEmpty)
        #expect(mapper.publications(ofBody: Array("not json".utf8)).isEmpty)
        #expect(mapper.publications(ofBody: Array(#"{"type":"trades","trades":[]}"#.utf8)).isEmpty)
    }
}
