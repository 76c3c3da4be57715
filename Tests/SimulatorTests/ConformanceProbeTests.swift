import Foundation
import Testing
@testable import Simulator

/// The python-kis 2.1.6 conformance probe (`Conformance/pykis_probe.py.txt`, a copy of
/// `../shared/tools/conformance/pykis_probe.py`) against an in-process kis-sim, in both modes.
/// python-kis comes from the one venv recipe, `Tests/pykis-venv.sh` (shared with `bench gateway`).
/// Without python3, venv, pip or PyPI the test is skipped with that reason; under `CI=true`
/// (`.ci/run` installs them) it fails instead.
@Suite(.serialized) struct ConformanceProbeTests {
    static let probe = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Conformance/pykis_probe.py.txt").path
    static let recipe = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("pykis-venv.sh").path
    static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"

    /// The venv's python, or why there is none: `Tests/pykis-venv.sh` runs once per test process.
    static let venv = Task<Result<String, PrerequisiteMissing>, Never> {
        guard let (status, output) = try? await run("/bin/bash", [recipe]) else {
            return .failure(PrerequisiteMissing(reason: "cannot run \(recipe)"))
        }
        let lines = output.split(separator: "\n").map(String.init)
        guard status == 0, let python = lines.last, python.hasSuffix("/bin/python") else {
            return .failure(PrerequisiteMissing(reason: "python-kis venv: \(lines.last ?? "exit \(status)")"))
        }
        return .success(python)
    }

    struct PrerequisiteMissing: Error, CustomStringConvertible {
        let reason: String
        var description: String { reason }
    }

    @Test(.enabled("needs python3 -m venv, pip and PyPI for python-kis 2.1.6 (Tests/pykis-venv.sh); fails instead under CI=true") {
              if case .success = await venv.value { return true }
              return isCI
          },
          arguments: ["scope", "direct"])
    func pykisProbe_passes(mode: String) async throws {
        let python = try await Self.venv.value.get()
        let sim = try SimulatorHarness(SimulatorHarness.options(speed: 1, start: "09:05"))
        defer { Task { await sim.stop() } }
        // One app key per mode: tokenP refuses a second issuance within 60 s.
        let appKey = "PSPROBE" + String(repeating: mode == "scope" ? "S" : "D", count: 29)
        let (status, output) = try await Self.run(python, [Self.probe], environment: [
            "KIS_SIM_REST": sim.simulator.restURL, "KIS_SIM_WS": sim.simulator.webSocketBaseURL,
            "KIS_APPKEY": appKey, "PYKIS_PROBE_MODE": mode,
        ])
        print("pykis probe (\(mode)):\n\(output)")
        #expect(status == 0, "probe failed in mode \(mode):\n\(output)")
        #expect(output.contains("PYKIS PROBE PASS"))
    }

    /// Runs a program to completion without blocking a cooperative thread; returns status and output.
    static func run(_ program: String, _ arguments: [String], environment: [String: String] = [:]) async throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("kis41-probe-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        defer { try? FileManager.default.removeItem(at: output) }
        process.standardOutput = handle
        process.standardError = handle
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        try? handle.close()
        return (status, (try? String(contentsOf: output, encoding: .utf8)) ?? "")
    }
}
