import Foundation
import Testing
@testable import IPC
@testable import System

@Suite struct BackoffTests {
    @Test func nextDelay_doublesUpToTheCap_withoutJitter() {
        var backoff = Backoff(initial: 0.1, maximum: 1, multiplier: 2, jitter: 0)
        let delays = (0..<7).map { _ in backoff.nextDelay(random: 0.5) }
        #expect(delays.map { ($0 * 1000).rounded() } == [100, 200, 400, 800, 1000, 1000, 1000])
        backoff.reset()
        #expect(backoff.nextDelay(random: 0.5) == 0.1)
    }

    @Test func nextDelay_staysWithinTheJitterBand() {
        var low = Backoff(initial: 1, maximum: 10, jitter: 0.2)
        var high = Backoff(initial: 1, maximum: 10, jitter: 0.2)
        #expect(abs(low.nextDelay(random: 0) - 0.8) < 1e-9)
        #expect(abs(high.nextDelay(random: 0.999_999) - 1.2) < 1e-5)
    }
}

@Suite struct MarketClockTests {
    // 2026-11-25 09:00:00 KST = 00:00:00 UTC.
    let nineOClock = 1_795_564_800.0

    @Test func clockString_andIsoString_useKST() {
        #expect(MarketClock.clockString(nineOClock) == "09:00:00")
        #expect(MarketClock.isoString(nineOClock + 192) == "2026-11-25T09:03:12+09:00")
        #expect(MarketClock.secondsOfDay(nineOClock) == 9 * 3600)
        #expect(MarketClock.time(hour: 15, minute: 30, sameDayAs: nineOClock) == nineOClock + 6.5 * 3600)
    }

    @Test func secondsOfDayParsing_readsHHMM_andRejectsAnythingElse() {
        #expect(MarketClock.secondsOfDay(parsing: "15:30") == 15.5 * 3600)
        #expect(MarketClock.secondsOfDay(parsing: "09:00:30") == 32_430.0)
        #expect(MarketClock.secondsOfDay(parsing: "9:05") == 32_700.0)
        #expect(MarketClock.secondsOfDay(parsing: "09:00:30", allowsSeconds: false) == nil)
        for bad in ["", "15", "15:", ":30", "24:00", "12:60", "12:00:60", "a:b", "15:30:00:00", "-1:30"] {
            #expect(MarketClock.secondsOfDay(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test func simulatedClock_runsSpeedTimesFaster_fromItsOrigin() {
        let wall = Date().timeIntervalSince1970
        let clock = MarketClock.simulated(.init(originWall: wall - 10, originMarket: nineOClock, speed: 60))
        #expect(abs(clock.now() - (nineOClock + 600)) < 30)
        #expect(clock.speed == 60)
        #expect(clock.isSimulated)
    }

    @Test func manualClock_movesOnlyWhenTold() {
        let clock = MarketClock.manual(at: nineOClock)
        #expect(clock.now() == nineOClock)
        clock.advance(by: 1.5)
        #expect(clock.now() == nineOClock + 1.5)
    }

    @Test func fromRunDirectory_readsTheOriginEveryProcessShares_inSimMode() throws {
        let directory = try makeTemporaryRunDirectory()
        #expect(try MarketClock.fromRunDirectory(directory, mode: .sim).isSimulated == false)
        try MarketClock.writeOrigin(.init(originWall: 1, originMarket: nineOClock, speed: 10), to: directory)
        #expect(try MarketClock.fromRunDirectory(directory, mode: .sim).speed == 10)
        try Data("garbage".utf8).write(to: directory.url.appendingPathComponent("clock.json"))
        #expect(throws: ExitError.self) { try MarketClock.fromRunDirectory(directory, mode: .sim) }
    }

    @Test func fromRunDirectory_refusesASimulatedClockLeftBehind_inLiveMode() throws {
        let directory = try makeTemporaryRunDirectory()
        #expect(try MarketClock.fromRunDirectory(directory, mode: .live).isSimulated == false)
        try MarketClock.writeOrigin(.init(originWall: 1, originMarket: nineOClock, speed: 2), to: directory)
        let error = #expect(throws: ExitError.self) { try MarketClock.fromRunDirectory(directory, mode: .live) }
        #expect(error?.code == .configuration)
        #expect(error?.message.contains("live session") == true)
    }

    @Test func runMode_comesFromTheEnvironment_thenTheModeFile_elseLive() throws {
        let directory = try makeTemporaryRunDirectory()
        #expect(try RunMode.resolve(environment: [:], runDirectory: directory) == .live)
        try Data("sim\n".utf8).write(to: directory.url.appendingPathComponent("mode"))
        #expect(try RunMode.resolve(environment: [:], runDirectory: directory) == .sim)
        #expect(try RunMode.resolve(environment: ["KIS41_MODE": "live"], runDirectory: directory) == .live)
        #expect(throws: ExitError.self) { try RunMode.resolve(environment: ["KIS41_MODE": "real"], runDirectory: directory) }
        // Without a mode, a clock.json left behind is refused rather than obeyed.
        try FileManager.default.removeItem(at: directory.url.appendingPathComponent("mode"))
        try MarketClock.writeOrigin(.init(originWall: 1, originMarket: nineOClock, speed: 2), to: directory)
        #expect(throws: ExitError.self) { try MarketClock.fromRunDirectory(directory, environment: [:]) }
    }

    @Test func liveClock_elapsedIsMonotonic_andSimulatedElapsedIsMarketTime() {
        let live = MarketClock.live()
        let first = live.elapsed(), second = live.elapsed()
        #expect(second >= first)
        #expect(abs(first - live.now()) > 1_000_000, "CLOCK_MONOTONIC counts from boot, not the epoch")
        let manual = MarketClock.manual(at: nineOClock)
        #expect(manual.elapsed() == nineOClock)
    }
}

@Suite struct ConfigurationFileTests {
    struct Sample: Codable, Equatable {
        var interval = 5.0
        var names = ["a"]
        var inner = Inner()
        struct Inner: Codable, Equatable { var limit = 18 }
    }

    private func file(_ json: String) throws -> ConfigurationFile {
        guard case .object(let root) = try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8)) else { fatalError() }
        return ConfigurationFile(path: "test.json", root: root)
    }

    @Test func section_keepsDefaults_forKeysLeftOut() throws {
        let value = try file(#"{"x":{"inner":{"limit":3}}}"#).section("x", defaults: Sample())
        #expect(value == Sample(interval: 5, names: ["a"], inner: .init(limit: 3)))
        #expect(try file("{}").section("x", defaults: Sample()) == Sample())
    }

    @Test func section_namesTheKey_ofAnUnknownKey() {
        #expect(throws: ExitError.self) { try file(#"{"x":{"inner":{"limt":3}}}"#).section("x", defaults: Sample()) }
        do { _ = try file(#"{"x":{"inner":{"limt":3}}}"#).section("x", defaults: Sample()) } catch let error as ExitError {
            #expect(error.code == .configuration)
            #expect(error.message.contains("x.inner.limt"))
        } catch { Issue.record("\(error)") }
    }

    @Test func section_namesTheKey_ofAWrongType() {
        do { _ = try file(#"{"x":{"interval":"fast"}}"#).section("x", defaults: Sample()) } catch let error as ExitError {
            #expect(error.message.contains("x.interval"))
        } catch { Issue.record("\(error)") }
    }

    @Test func load_failsClearly_forAMissingOrBrokenFile() throws {
        #expect(throws: ExitError.self) { try ConfigurationFile.load(environment: ["KIS41_CONFIG": "/nonexistent/kis41.json"]) }
        let directory = try makeTemporaryRunDirectory()
        let path = directory.path("bad.json")
        try Data("{".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: ExitError.self) { try ConfigurationFile.load(environment: ["KIS41_CONFIG": path]) }
    }
}
