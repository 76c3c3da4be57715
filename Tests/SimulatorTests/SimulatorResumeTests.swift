import Foundation
import Testing
import IPC
@testable import Simulator

@Suite struct SimulatorResumeTests {
    private func options(directory: String) -> SimulatorOptions {
        var options = SimulatorHarness.options(speed: 60, start: "09:05")
        options.runDirectory = directory
        options.publishClock = true
        return options
    }

    @Test func restartedSimulator_keepsThePublishedClock_andResumesTheDay() throws {
        let directory = "/tmp/k41resume-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try KISSimulator(options: options(directory: directory))
        let origin = try #require(MarketClock.readOrigin(from: RunDirectory(path: directory)))
        first.shutdown()
        let second = try KISSimulator(options: options(directory: directory))
        #expect(MarketClock.readOrigin(from: RunDirectory(path: directory)) == origin)
        #expect(abs(second.clock.now() - first.clock.now()) < 5)
        second.shutdown()
    }

    @Test func aNewSpeed_startsAFreshClock() throws {
        let directory = "/tmp/k41resume-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try KISSimulator(options: options(directory: directory))
        first.shutdown()
        var faster = options(directory: directory)
        faster.speed = 120
        let second = try KISSimulator(options: faster)
        #expect(MarketClock.readOrigin(from: RunDirectory(path: directory))?.speed == 120)
        second.shutdown()
    }
}
