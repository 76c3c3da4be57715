import Testing
import IPC
@testable import SignalEngine

@Suite struct VIRuleTests {
    /// Continuous trading from 10:00, a VI row (`hour_cls_code` C) at 10:05, the auction's cross at 10:07:05.
    func restDay(release: Double = at(10, 7, 5), resolved: Int = 11_200) -> [(Double, Quote)] {
        steady(10_000, from: at(10, 0), to: at(10, 4, 55))
            + steady(11_000, from: at(10, 5), to: release - 5, phase: "C")
            + steady(resolved, from: release, to: release + 60)
    }

    @Test func restRowTrigger_firesOneVI_andTheReleaseOneMore_withTheResolvedPrice() {
        var evaluator = SignalEvaluator()
        let out = feed(restDay(), into: &evaluator).signals.filter { $0.kind == .vi }
        #expect(out.map { $0.event ?? "" } == ["triggered", "released"])
        #expect(out.map(\.time) == ["2026-11-25T10:05:00+09:00", "2026-11-25T10:07:05+09:00"])
        let trigger = out[0], release = out[1]
        // +10 % from the open (the static reference after the opening cross): a static VI.
        #expect(trigger.viKind == "static" && trigger.referencePrice == 10_000 && trigger.triggerPrice == 11_000)
        #expect(trigger.direction == .up && trigger.price == 11_000 && trigger.reason.contains("static VI triggered"))
        #expect(release.resolvedPrice == 11_200 && release.price == 11_200 && release.movePercent == 1.82)
        #expect(release.triggerPrice == 11_000 && release.reason.contains("released at 11,200"))
    }

    @Test func continuousRowBeforeTwoMinutes_isNoRelease() {
        // A continuous-phase row 30 s into the auction (a stale row) is not its end (krx-rules.md: 2 minutes).
        var quotes = restDay()
        quotes.insert((at(10, 5, 30, ), krxQuote(11_000)), at: quotes.firstIndex { $0.0 > at(10, 5, 30) }!)
        var evaluator = SignalEvaluator()
        let out = feed(quotes.sorted { $0.0 < $1.0 }, into: &evaluator).signals.filter { $0.kind == .vi }
        #expect(out.map(\.time) == ["2026-11-25T10:05:00+09:00", "2026-11-25T10:07:05+09:00"])
    }

    @Test func smallerMove_isADynamicVI_againstTheLastPrice() {
        let quotes = steady(10_000, from: at(10, 0), to: at(10, 1)) + steady(10_600, from: at(10, 1, 5), to: at(10, 2), phase: "C")
        var evaluator = SignalEvaluator()
        let trigger = feed(quotes, into: &evaluator).signals.first { $0.kind == .vi }
        #expect(trigger?.viKind == "dynamic" && trigger?.referencePrice == 10_000 && trigger?.strength == 6)
    }

    @Test func viList_triggerOnAStockWithoutASlot_signalsAndAsksForOne() {
        var evaluator = SignalEvaluator()
        _ = feed(steady(10_000, from: at(10, 0), to: at(10, 3)), into: &evaluator)
        let batch = evaluator.ingest(viRow(active: true, trigger: "100310"), now: at(10, 3, 12))
        #expect(kinds(batch.signals) == ["vi"])
        #expect(batch.signals.first?.event == "triggered" && batch.signals.first?.viKind == "dynamic")
        #expect(batch.signals.first?.tier == 0 && batch.signals.first?.name == "삼성전자")
        guard case .emergency(let code, let priority, _)? = batch.hints.first else {
            Issue.record("no emergency: \(batch.hints)"); return
        }
        #expect(code == "005930" && priority >= SignalsConfiguration.Feedback().emergencyPriority)
        // The same row again: nothing new.
        #expect(evaluator.ingest(viRow(active: true, trigger: "100310"), now: at(10, 3, 15)).isEmpty)
    }

    @Test func viList_release_firesWithTheNextPrice() {
        var evaluator = SignalEvaluator()
        _ = evaluator.ingest(viRow(active: true, trigger: "100310"), now: at(10, 3, 12))
        let released = evaluator.ingest(viRow(active: false, trigger: "100310", release: "100528"), now: at(10, 5, 30))
        #expect(released.signals.isEmpty)
        let out = feed([(at(10, 5, 33), krxQuote(10_750))], into: &evaluator).signals
        #expect(kinds(out) == ["vi"] && out.first?.event == "released" && out.first?.resolvedPrice == 10_750)
        #expect(out.first?.movePercent == 1.42)
    }

    @Test func tapeAndList_seeingOneVI_fireOnce() {
        var evaluator = SignalEvaluator()
        var out = feed(steady(10_000, from: at(10, 0), to: at(10, 1)) + steady(10_600, from: at(10, 1, 5), to: at(10, 1, 15), phase: "C"),
                       into: &evaluator).signals
        out += evaluator.ingest(viRow(active: true, trigger: "100106", triggerPrice: 10_610), now: at(10, 1, 20)).signals
        #expect(out.filter { $0.kind == .vi }.count == 1)
        // The list's figures are adopted for the release.
        out = feed(steady(10_700, from: at(10, 3, 30), to: at(10, 3, 40)), into: &evaluator).signals
        #expect(out.first { $0.kind == .vi }?.triggerPrice == 10_610)
    }

    @Test func cooldown_holds_acrossTwoVIs() {
        var configuration = SignalsConfiguration()
        configuration.vi.cooldownSeconds = 600
        var evaluator = SignalEvaluator(configuration: configuration)
        // Two VIs, triggers five minutes apart: the second trigger and release fall in the cooldowns.
        let quotes = restDay() + steady(12_400, from: at(10, 10), to: at(10, 12, 30), phase: "C")
            + steady(12_500, from: at(10, 12, 35), to: at(10, 13))
        let out = feed(quotes, into: &evaluator).signals.filter { $0.kind == .vi }
        #expect(out.map { $0.event ?? "" } == ["triggered", "released"])
        // With the default cooldown both VIs fire twice.
        var defaults = SignalEvaluator()
        #expect(feed(quotes, into: &defaults).signals.filter { $0.kind == .vi }.count == 4)
    }
}
