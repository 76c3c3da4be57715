import Foundation
import Testing
@testable import Simulator

/// The python-kis 2.1.6 conformance probe (`Conformance/pykis_probe.py.txt`, a copy of
/// `../shared/tools/conformance/pykis_probe.py`) against an in-process kis-sim, in both modes.
/// python-kis is installed once into `/tmp/kis41-pykis-venv-2.1.6`; without python3, venv, pip or
/// PyPI the test prints why and passes without probing.
@Suite(.serialized) struct ConformanceProbeTests {
    static let version = "2.1.6"
    static let venv = "/tmp/kis41-pykis-venv-\(version)"
    static let probe = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Conformance/pykis_probe.py.txt").path

    @Test(arguments: ["scope", "direct"])
    func pykisProbe_passes(mode: String) async throws {
        guard let python = await Self.preparedPython() else { return }
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

    /// The venv's python with python-kis installed, or nil (reason printed).
    static func preparedPython() async -> String? {
        let python = venv + "/bin/python"
        let marker = venv + "/.kis41-ready"
        if FileManager.default.fileExists(atPath: marker) { return python }
        guard let (venvStatus, venvOutput) = try? await run("/usr/bin/env", ["python3", "-m", "venv", venv]), venvStatus == 0 else {
            print("SKIPPED pykis probe: python3 -m venv is unavailable")
            return nil
        }
        _ = venvOutput
        // python-kis 2.1.6 imports typing_extensions without declaring it.
        guard let (pipStatus, pipOutput) = try? await run(venv + "/bin/pip",
                                                          ["install", "-q", "python-kis==\(version)", "typing_extensions"]),
              pipStatus == 0 else {
            print("SKIPPED pykis probe: pip could not install python-kis==\(version) (no PyPI?)")
            return nil
        }
        _ = pipOutput
        _ = FileManager.default.createFile(atPath: marker, contents: Data())
        return python
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
