import Foundation
import Testing
import IPC
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
        let signal = Samples.signal(7, kind: "volume_breakout", code: "035420")
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
}

/// Signals waiting for JetStream: memory to a bound, then the spill file, in order.
@Suite struct SignalSpoolTests {
    func entry(_ index: Int) -> SignalSpool.Entry {
        SignalSpool.Entry(subject: "kis41.signal.gap.\(index)", messageID: "\(index)", payload: #"{"n":\#(index)}"#)
    }

    func temporaryPath() -> String { "/tmp/k41-spool-\(UInt32.random(in: 0...UInt32.max)).jsonl" }

    @Test func spool_keepsOrder_acrossMemoryAndSpillFile() {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let spool = SignalSpool(memoryLimit: 3, spillPath: path, spillLimitBytes: 1 << 20)
        for index in 0..<10 { #expect(spool.append(entry(index))) }
        #expect(spool.count == 10 && spool.spilled == 7 && spool.totalSpilled == 7)
        var drained: [SignalSpool.Entry] = []
        while let first = spool.first() {
            drained.append(first)
            spool.removeFirst()
            if drained.count == 4 { spool.append(entry(10)) }  // arrives mid-drain: goes behind the file
        }
        #expect(drained == (0...10).map(entry))
        #expect(spool.count == 0 && !FileManager.default.fileExists(atPath: path))
    }

    @Test func spool_dropsAndCounts_whenTheSpillFileIsFull() {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let spool = SignalSpool(memoryLimit: 1, spillPath: path, spillLimitBytes: 120)
        var accepted = 0
        for index in 0..<10 where spool.append(entry(index)) { accepted += 1 }
        #expect(accepted < 10 && spool.droppedCount == 10 - accepted && spool.count == accepted)
    }

    @Test func spool_publishesWhatAnEarlierRunSpilled() {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = SignalSpool(memoryLimit: 1, spillPath: path, spillLimitBytes: 1 << 20)
        for index in 0..<4 { first.append(entry(index)) }
        // The process dies: memory (entry 0) is lost, the file (1…3) is not.
        let second = SignalSpool(memoryLimit: 1, spillPath: path, spillLimitBytes: 1 << 20)
        #expect(second.count == 3)
        var drained: [SignalSpool.Entry] = []
        while let next = second.first() { drained.append(next); second.removeFirst() }
        #expect(drained == (1...3).map(entry))
    }
}

/// Commands from NATS: the accepted types, decoded by the IPC codec.
@Suite struct CommandForwarderTests {
    @Test func parse_acceptsEmergencyScoreAndWatch_withOrWithoutID() {
        #expect(CommandForwarder.parse(Array(#"{"type":"emergency","id":"x","code":"096770","priority":95,"reason":"r"}"#.utf8))
                == .command(.emergency(EmergencyCommand(id: "x", code: "096770", priority: 95, reason: "r"))))
        #expect(CommandForwarder.parse(Array(#"{"type":"score","code":"005930","score":1.5}"#.utf8))
                == .command(.score(ScoreCommand(id: "nats", code: "005930", score: 1.5))))
        #expect(CommandForwarder.parse(Array(#"{"type":"watch","codes":["005930"]}"#.utf8)) == .command(.watch(WatchCommand(id: "nats", codes: ["005930"]))))
    }

    @Test(arguments: [(#"{"type":"unwatch","codes":[]}"#, "unsupported"), (#"{"type":"strategy","action":"reload"}"#, "unsupported"),
                      (#"{"type":"subscribe","code":"1","feed":"trade"}"#, "unsupported"), (#"{"code":"1"}"#, "unsupported"),
                      (#"{"type":"emergency","code":"1"}"#, "invalid_json"), (#"{"type":"score","code":"1","score":"high"}"#, "invalid_json"),
                      ("[1]", "invalid_json"), ("", "invalid_json")])
    func parse_refuses_withTheIPCErrorCode(payload: String, code: String) {
        guard case .refused(let error) = CommandForwarder.parse(Array(payload.utf8)) else { Issue.record("\(payload) accepted"); return }
        #expect(error.code == code)
    }

    @Test func reply_carriesTheCallersID() {
        let request = Message.emergency(EmergencyCommand(id: "mine", code: "1", priority: 1, reason: ""))
        #expect(CommandForwarder.reply(.ack(Ack(id: "nats-bridge-7")), to: request) == .ack(Ack(id: "mine")))
        #expect(CommandForwarder.reply(.error(ErrorReply(id: "nats-bridge-7", code: "invalid", reason: "r")), to: request)
                == .error(ErrorReply(id: "mine", code: "invalid", reason: "r")))
    }
}
