import Foundation
import IPC
import Testing
@testable import Simulator
import System

@Suite struct ServerStateTests {
    @Test func rateWindow_admitsTheLimitPerWindow_andSlides() {
        var window = RateWindow(limit: 18)
        var admitted: [Bool] = (0..<18).map { window.admit(now: 100 + Double($0) * 0.01) }
        admitted.append(window.admit(now: 100.5))
        admitted.append(window.admit(now: 100.99))
        admitted.append(window.admit(now: 101.0))   // the first call left the window
        admitted.append(window.admit(now: 101.005))
        #expect(admitted == Array(repeating: true, count: 18) + [false, false, true, false])
    }

    @Test func tokenBook_reusesWithin6h_refusesWithin60s_expiresAfterLifetime() {
        var book = TokenBook(lifetime: 86_400)
        var counter = 0
        func make(_: Double, _: Double) -> String { counter += 1; return "T\(counter)" }
        guard case .issued(let first) = book.request(appKey: "A", now: 0, makeValue: make) else { Issue.record(); return }
        let tooSoon = book.request(appKey: "A", now: 59, makeValue: make)
        let reused = book.request(appKey: "A", now: 61, makeValue: make)
        #expect(tooSoon == .tooSoon && reused == .reused(first))
        guard case .issued(let second) = book.request(appKey: "A", now: 6 * 3600 + 1, makeValue: make) else { Issue.record(); return }
        #expect(second.value != first.value)
        #expect(book.validity(of: second.value, appKey: "A", now: 7 * 3600) == .valid(appKey: "A"))
        #expect(book.validity(of: second.value, appKey: "B", now: 7 * 3600) == .invalid)
        #expect(book.validity(of: second.value, appKey: "A", now: 6 * 3600 + 1 + 86_400) == .expired)
        let revoked = book.revoke(second.value, appKey: "A")
        #expect(revoked)
        #expect(book.validity(of: second.value, appKey: "A", now: 7 * 3600) == .invalid)
    }

    @Test func ledger_holds41_refusesDuplicatesAndTheRest() {
        var ledger = RegistrationLedger()
        let accepted = (0..<41).map { ledger.subscribe(Registration(trID: "H0STCNT0", trKey: "\($0)"), makeKeys: { ("iv", "key") }) }
        #expect(accepted.allSatisfy { $0 == .accepted(iv: "iv", key: "key") })
        let duplicate = ledger.subscribe(Registration(trID: "H0STCNT0", trKey: "0"), makeKeys: { ("iv", "key") })
        let full = ledger.subscribe(Registration(trID: "H0STASP0", trKey: "0"), makeKeys: { ("iv", "key") })
        #expect(duplicate == .duplicate && full == .full)
        let removed = ledger.unsubscribe(Registration(trID: "H0STCNT0", trKey: "0"))
        let removedAgain = ledger.unsubscribe(Registration(trID: "H0STCNT0", trKey: "0"))
        #expect(removed && !removedAgain)
        #expect(ledger.count == 40)
    }

    @Test func heartbeat_dropsAfterLimitUnanswered_andAnAnswerResets() {
        var heartbeat = HeartbeatMonitor(interval: 10, limit: 3, startedAt: 0)
        var actions = [5.0, 10, 20].map { heartbeat.tick(now: $0) }
        heartbeat.answered()
        actions += [30.0, 40, 50, 60].map { heartbeat.tick(now: $0) }
        #expect(actions == [.none, .sendPing, .sendPing, .sendPing, .sendPing, .sendPing, .drop])
    }

    @Test func arguments_parseEveryFlag_andRefuseBadOnesWithUsage() throws {
        let command = try SimulatorOptions.parse(arguments: [
            "--seed", "7", "--speed", "10", "--start", "09:00", "--date", "2026-12-01", "--port", "0", "--env", "virtual",
            "--ping-interval", "5", "--zombie-seconds", "30", "--run-dir", "/tmp/x", "--publish-clock", "--ready-file", "/tmp/r",
            "--universe-scale", "0.1", "--drop-ws-every", "60", "--dirty-drop", "--rest-error-rate", "0.1",
            "--expire-tokens-at", "10:00",
        ])
        let o = command.options
        #expect(o.seed == 7 && o.speed == 10 && o.start == "09:00" && o.tradingDate == "2026-12-01")
        #expect(o.environment == .virtual && o.restLimitPerSecond == 1 && o.zombieSessionSeconds == 30 && o.publishClock)
        #expect(command.readyFile == "/tmp/r" && o.faults.dropWebSocketEvery == 60 && o.faults.dirtyDrop)
        #expect(o.faults.expireTokensAt == 36_000)
        #expect(try SimulatorOptions.parse(arguments: ["--env", "real", "--rest-limit", "3"]).options.restLimitPerSecond == 3)
        for bad in [["--bogus"], ["--speed"], ["--speed", "x"], ["--env", "paper"], ["--start", "25:00"], ["--rest-error-rate", "2"]] {
            #expect(throws: ExitError.self) { try SimulatorOptions.parse(arguments: bad) }
            do { _ = try SimulatorOptions.parse(arguments: bad) } catch let error as ExitError { #expect(error.code == .usage) }
        }
    }

    @Test func eventFlags_setTheDaysEventMix() throws {
        let o = try SimulatorOptions.parse(arguments: ["--gaps", "5", "--surges", "6", "--breakouts", "7", "--momentum-runs", "8",
                                                       "--closing-runs", "9", "--decoys", "11"]).options
        #expect(o.events.openingGaps == 5 && o.events.volumeSurges == 6 && o.events.breakouts == 7)
        #expect(o.events.momentumRuns == 8 && o.events.closingRuns == 9)
        #expect(o.events.volumeBlips + o.events.priceWiggles == 11)
        #expect(throws: ExitError.self) { try SimulatorOptions.parse(arguments: ["--gaps", "many"]) }
    }

    @Test func sameSeed_writesByteIdenticalEventLogs_andTheClockOrigin() throws {
        func runDirectory(seed: UInt64) throws -> URL {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("kis41-sim-\(UUID().uuidString)")
            var options = SimulatorHarness.options()
            options.seed = seed
            options.runDirectory = url.path
            options.publishClock = true
            let sim = try KISSimulator(options: options)
            sim.shutdown()
            return url
        }
        let a = try runDirectory(seed: 41), b = try runDirectory(seed: 41), c = try runDirectory(seed: 42)
        defer { for url in [a, b, c] { try? FileManager.default.removeItem(at: url) } }
        let events = { (url: URL) in try Data(contentsOf: url.appendingPathComponent("events.jsonl")) }
        #expect(try events(a) == events(b))
        #expect(try events(a) != events(c))
        #expect(try !events(a).isEmpty)
        let clock = try MarketClock.fromRunDirectory(RunDirectory(path: a.path), mode: .sim)
        #expect(clock.isSimulated && MarketClock.clockString(clock.now()).hasPrefix("09:0"))
        #expect(FileManager.default.fileExists(atPath: a.appendingPathComponent("kosdaq_code.mst").path))
    }
}
