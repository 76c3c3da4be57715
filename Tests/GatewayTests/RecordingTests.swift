import Foundation
import Testing
import IPC
import KIS
import Simulator
@testable import Gateway

/// The gateway's half of a session archive (issue 18) against kis-sim: every inbound text frame
/// kept, and no credential, approval key or notice key/iv in any archive byte.
@Suite(.serialized) struct RecordingTests {
    @Test func aRecordedSession_keepsTheFrames_andNoSecret() async throws {
        var options = SimulatorOptions()
        options.speed = 600
        options.start = "09:05"
        options.universeScale = 0.05
        let simulator = try KISSimulator(options: options)
        let running = Task { try? await simulator.run() }
        let archiveDirectory = "/tmp/kis41-rec-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: archiveDirectory) }
        let archive = try WireArchiveWriter(directory: archiveDirectory, component: "ws-gateway", logger: Logger(label: "t", level: .critical))
        let codes = Universe(seed: options.seed, scale: options.universeScale).listings.map(\.code)
        let harness = try GatewayHarness(restURL: simulator.restURL, webSocketURL: simulator.webSocketURL, archive: archive)
        try await harness.start()
        #expect(try await harness.subscribe(codes[0]).result == "ok")
        #expect(try await harness.subscribe("", .notice).result == "ok")
        try await waitUntil("trades") { !harness.messages.trades.isEmpty }
        await harness.stop()
        simulator.shutdown(); running.cancel(); await finish(running)
        archive.flush()

        let contents = try WireArchiveReader.read(directory: URL(fileURLWithPath: archiveDirectory))
        let frames = contents.records.compactMap { if case .webSocket(let frame) = $0 { frame.text } else { nil } }
        #expect(frames.contains { $0.hasPrefix("0|H0STCNT0|") }, "data frames recorded")
        #expect(frames.contains { $0.contains("OPSP0000") }, "control answers recorded")
        let notice = try #require(frames.first { $0.contains("H0STCNI") && $0.contains("OPSP0000") })
        #expect(notice.contains(WireScrubber.redacted))
        let bytes = try WireArchiveReader.segments(in: URL(fileURLWithPath: archiveDirectory))
            .map { try String(decoding: Data(contentsOf: $0), as: UTF8.self) }.joined()
        for secret in [GatewayHarness.appKey, GatewayHarness.appSecret] { #expect(!bytes.contains(secret)) }
        #expect(!bytes.contains("approval_key"))
        // The notice key is 32 characters and the iv 16: none survives under `key`/`iv`.
        #expect(bytes.range(of: #"\\"(key|iv)\\":\\"[A-Za-z0-9]{16,}"#, options: .regularExpression) == nil)
    }
}
