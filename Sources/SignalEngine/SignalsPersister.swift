import Foundation
import IPC
import System

/// The `persister` service's work: the day's state and report, written from the core's copies
/// (off its actor) into the run directory.
struct SignalsPersister: Sendable {
    let core: SignalsCore
    let environment: ComponentEnvironment
    let configuration: SignalsConfiguration

    /// `persister` (unless `persistIntervalSeconds` is 0): the state every so often and, on graceful
    /// shutdown, a last time; `reporter`, stopped before it: the report once due (checked every
    /// second) and, on graceful shutdown, if any signal fired.
    func services() -> [(name: String, service: any Service)] {
        let reportSecond = (try? configuration.evaluation.reportSecond()) ?? 15.5 * 3600  // checked by `signals`' main
        let reporter = PeriodicService(every: 1, {
            if let report = await core.reportIfDue(reportSecond: reportSecond) { writeLogged(report) }
        }, finally: {
            if await core.hasSignals { writeLogged(await core.report()) }
        })
        let interval = configuration.persistIntervalSeconds
        guard interval > 0 else { return [("reporter", reporter)] }
        return [("persister", PeriodicService(every: interval, { await saveState() }, finally: { await saveState() })),
                ("reporter", reporter)]
    }

    func saveState() async {
        guard let snapshot = await core.snapshot() else { return }
        let path = environment.runDirectory.path(SignalsSnapshot.fileName)
        do { try snapshot.write(to: path) } catch { environment.logger.warning("cannot write \(path): \(error)") }
    }

    func writeLogged(_ report: SignalReport) {
        do { try write(report) } catch { environment.logger.warning("cannot write the signal report: \(error)") }
    }

    func write(_ report: SignalReport) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let path = environment.runDirectory.path(configuration.evaluation.reportFile)
        try encoder.encode(report).write(to: URL(fileURLWithPath: path), options: .atomic)
        environment.logger.info("signal report: \(report.total.count) signals, hit rate \(Int((report.total.hitRate * 100).rounded())) %, \(path)")
    }
}
