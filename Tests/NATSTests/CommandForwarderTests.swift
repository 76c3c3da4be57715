import Foundation
import Testing
import IPC
import System
@testable import NATSBridge

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
