import Testing
import IPC
import Reports
@testable import Simulator

/// The reference detector sees the KRX mechanics from the full tape (issue 16): every VI trigger and
/// release, a limit lock, a halt and its resumption, each at the moment kis-sim's ground truth says.
@Suite struct ReferenceKRXTests {
    static func at(_ h: Int, _ m: Int, _ s: Double = 0) -> Double { Double(h * 3600 + m * 60) + s }

    @Test func theReference_signalsEveryVI_theLock_andTheHalts_whenTheyHappen() {
        let seed: UInt64 = 41
        var configuration = SimulationConfiguration(seed: seed, universeScale: 0.02)
        configuration.events = .none
        configuration.mechanics = .none
        let universe = SimulatedUniverse(seed: seed, scale: 0.02)
        let plain = universe.listings.filter { !$0.isKOSPI200 }.map(\.code)
        let (viStock, lockStock, allDay, intraday) = (plain[0], plain[1], plain[2], plain[3])
        let mechanics = MechanicsSchedule(
            halts: [.init(code: allDay, start: 0, end: 86_400), .init(code: intraday, start: Self.at(9, 40), end: Self.at(9, 55))],
            limitRuns: [.init(code: lockStock, isUp: true, start: Self.at(9, 30), reachSeconds: 600, holds: false, holdSeconds: 300)],
            statuses: [allDay: 58])
        let run = MarketEvent(id: "E0001", kind: .momentumRun, code: viStock, start: Self.at(9, 30), end: Self.at(9, 45), magnitude: 25)
        let model = MarketModel(universe: universe, schedule: EventSchedule(events: [run]), configuration: configuration,
                                mechanics: mechanics)
        let from = Self.at(9, 25), to = Self.at(10, 15)
        var tape = MarketTape(model: model, from: from)
        let dayStart = tape.dayStart
        var detector = ReferenceDetector()
        tape.play(to: to, { detector.ingest($0) }, notices: { notice in
            detector.ingestNotice(code: notice.operation.code, vi: notice.vi, halted: notice.halted,
                                  at: dayStart + max(notice.operation.time, from))
        })
        let episodes = tape.model.episodes
        let signals = detector.signals
        func seconds(_ kind: String, _ code: String) -> [Double] { signals.filter { $0.kind == kind && $0.code == code }.map(\.secondOfDay) }

        // Every VI notice of the run (trigger and release): one `vi` each, to the second.
        let viNotices = tape.model.operations.filter { $0.code == viStock && ($0.kind == .viTrigger || $0.kind == .viRelease) }
        #expect(viNotices.count >= 2)
        #expect(seconds("vi", viStock) == viNotices.map(\.time))
        let triggered = signals.filter { $0.kind == "vi" && $0.code == viStock }
        #expect(triggered.count == viNotices.count)
        // Each lock once, when it began (the tape's sign 1 and the bid at the limit), and its break.
        let locks = episodes.filter { $0.code == lockStock && $0.kind == .upperLimitLock }
        #expect(!locks.isEmpty)
        let lockSignals = seconds("limit_lock", lockStock), unlockSignals = seconds("limit_unlock", lockStock)
        #expect(lockSignals.count == locks.count && unlockSignals.count == locks.count,
                "locks \(locks.map { ($0.start, $0.end) }), limit_lock at \(lockSignals), limit_unlock at \(unlockSignals)")
        for (lock, (signal, unlock)) in zip(locks, zip(lockSignals, unlockSignals)) {
            #expect(abs(signal - lock.start) <= 5, "lock at \(lock.start), signal at \(signal)")
            #expect(unlock >= lock.end && unlock - lock.end <= 30, "unlock at \(lock.end), signal at \(unlock)")
        }
        // The all-day halt from the window's start; the intraday one at 09:40, resumed at 09:55.
        #expect(seconds("halt", allDay) == [from])
        #expect(seconds("halt", intraday) == [Self.at(9, 40)])
        #expect(seconds("resume", intraday) == [Self.at(9, 55)])
        // A halted stock says nothing else; the other stocks no KRX kind.
        #expect(signals.filter { $0.code == allDay }.map(\.kind) == ["halt"])
        let krx: Set<String> = ["vi", "limit_approach", "limit_lock", "limit_unlock", "halt", "resume"]
        #expect(signals.filter { krx.contains($0.kind) }.allSatisfy { [viStock, lockStock, allDay, intraday].contains($0.code) })
    }
}
