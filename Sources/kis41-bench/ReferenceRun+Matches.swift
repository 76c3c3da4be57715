import Foundation
import Reports
import System

extension ReferenceRun {
    /// One counted reference signal and what the run made of it, a line of
    /// `<run dir>/reference-matches.jsonl` (for offline analysis of the delay: which kind, which
    /// source, how late; `policy_second` and `delay` absent when it was not reproduced).
    struct MatchLine: Encodable {
        var code: String
        var kind: String
        var reference_second: Double
        var policy_second: Double?
        var delay: Double?
        var source: String?
        var held_slot: Bool
    }

    /// Writes every counted reference signal of `result` with its verdict beside the run's own
    /// files, so a finished run can be decomposed without the reference being computed again.
    static func writeMatches(_ result: ReferenceMatcher.Result, runDirectory: String) throws {
        try writeMatches(result, path: runDirectory + "/reference-matches.jsonl")
    }

    /// The same lines to `path`; a file that cannot be written is an error naming it (the figures
    /// printed would otherwise promise a decomposition that is not there).
    static func writeMatches(_ result: ReferenceMatcher.Result, path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var text = ""
        for match in result.matches {
            let line = MatchLine(code: match.reference.code, kind: match.reference.kind, reference_second: match.reference.secondOfDay,
                                 policy_second: match.policy?.secondOfDay, delay: match.delay, source: match.policy?.source,
                                 held_slot: match.heldSlot)
            text += String(decoding: try encoder.encode(line), as: UTF8.self) + "\n"
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ExitError(.cannotCreate, "cannot write the reference verdicts to \(path): \(error.localizedDescription)")
        }
    }
}

extension ReferenceMatcher.Result {
    /// The delay's tail, one line: how many reproduced signals were later than 5, 10, 20, 40 s, and
    /// per kind the count later than 10 s (the p95 of a few hundred delays is set by the slowest 5 %).
    func delayTail(policy: String) -> [String] {
        let reproduced = matches.filter(\.isReproduced)
        let bounds: [Double] = [5, 10, 20, 40]
        let counts = bounds.map { bound in reproduced.filter { ($0.delay ?? 0) > bound }.count }
        let byKind = Dictionary(grouping: reproduced.filter { ($0.delay ?? 0) > 10 }, by: \.reference.kind).mapValues(\.count)
        return ["  \(policy) delay tail of \(reproduced.count): " + zip(bounds, counts).map { "> \(Int($0)) s \($1)" }.joined(separator: ", ")
                + "; > 10 s by kind: " + byKind.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")]
    }
}
