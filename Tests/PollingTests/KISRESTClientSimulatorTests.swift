import Foundation
import Testing
import IPC
import System
import KIS
@testable import Polling
import Simulator

/// The REST client, tokens and limiter against a real kis-sim (speed 10, ~130 stocks).
@Suite(.serialized) struct KISRESTClientSimulatorTests {
    @Test func typedCalls_returnRows_forEveryEndpoint() async throws {
        let sim = try SimulatorHarness()
        let client = try sim.client(cache: TokenCache(directory: temporaryDirectory("typed")))
        let codes = Array(await sim.universe().prefix(30))
        #expect(codes.count == 30)
        let rows = try await client.multiPrice(codes: codes)
        #expect(Set(rows.compactMap(\.code)) == Set(codes))
        let single = try await client.inquirePrice(code: codes[0])
        #expect(single.price ?? 0 > 0)
        let (book, _) = try await client.askingPrice(code: codes[0])
        #expect(book.asks.count == 10)
        #expect(try await client.volumeRank().count > 0)
        #expect(try await client.fluctuation().count > 0)
        #expect(try await client.indexPrice(code: "0001").value ?? 0 > 0)
        await client.close()
        await sim.stop()
    }

    @Test func oneIssuance_acrossThreeRestarts_sharingTheCache() async throws {
        let sim = try SimulatorHarness()
        let directory = temporaryDirectory("restarts")
        let code = await sim.universe()[0]
        for _ in 0..<3 {
            // A new client is a restarted process: new TokenManager, same state directory.
            let client = try sim.client(cache: TokenCache(directory: directory))
            _ = try await client.inquirePrice(code: code)
            await client.close()
        }
        #expect(sim.statistics().tokensIssued == 1)
        #expect(sim.statistics().tokenRefusals == 0)
        await sim.stop()
    }

    @Test func tokenExpiringMidRun_isRenewed_withoutAFailedQuote() async throws {
        // Tokens issued before 10:02 (market) expire at 10:02; the first was issued at ~10:00.
        let sim = try SimulatorHarness { $0.faults.expireTokensAt = 10 * 3600 + 120; $0.speed = 20 }
        let client = try sim.client(cache: TokenCache(directory: temporaryDirectory("expiry")))
        let codes = Array(await sim.universe().prefix(30))
        var received = 0
        var failures = 0
        let end = sim.simulator.clock.now() + 200
        while sim.simulator.clock.now() < end {
            do { received += try await client.multiPrice(codes: codes).count } catch { failures += 1 }
            try await sim.simulator.clock.sleep(marketSeconds: 2)
        }
        #expect(failures == 0)
        #expect(received > 0)
        #expect(client.counters.snapshot.tokenRejections >= 1)
        #expect(sim.statistics().tokensIssued == 2)
        await client.close()
        await sim.stop()
    }

    @Test func overTheLimit_EGW00201_slowsTheGate_andCallsStillSucceed() async throws {
        // The server allows 5/s; the client believes 18: refusals must slow it down.
        let sim = try SimulatorHarness { $0.restLimitPerSecond = 5 }
        let client = try sim.client(cache: TokenCache(directory: temporaryDirectory("egw")), limiter: .real)
        let code = await sim.universe()[0]
        var successes = 0
        var rateLimited = 0
        for _ in 0..<80 {
            do { _ = try await client.inquirePrice(code: code); successes += 1 } catch let error as KISRESTError {
                #expect(error.kind == .server(.rateLimited))
                rateLimited += 1
            }
        }
        let snapshot = await client.gate.snapshot()
        #expect(snapshot.refusals > 0)
        #expect(snapshot.currentRate < 17)
        #expect(client.counters.snapshot.rateLimited == snapshot.refusals)
        #expect(successes > 60)
        await client.close()
        await sim.stop()
    }

    @Test func withinTheLimit_theSimulatorCountsNoViolations() async throws {
        let sim = try SimulatorHarness()
        let client = try sim.client(cache: TokenCache(directory: temporaryDirectory("within")))
        let codes = Array(await sim.universe().prefix(30))
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask { for _ in 0..<20 { _ = try? await client.multiPrice(codes: codes) } }
            }
        }
        #expect(sim.statistics().restCalls >= 80)
        #expect(sim.statistics().limitViolations == 0)
        #expect(client.counters.snapshot.rateLimited == 0)
        await client.close()
        await sim.stop()
    }

    @Test func spuriousRefusals_areRetried_boundedly() async throws {
        let sim = try SimulatorHarness { $0.faults.spuriousRateLimitRate = 0.3 }
        let client = try sim.client(cache: TokenCache(directory: temporaryDirectory("spurious")))
        let code = await sim.universe()[0]
        var failures = 0
        for _ in 0..<40 { do { _ = try await client.inquirePrice(code: code) } catch { failures += 1 } }
        // 0.3³ ≈ 2.7 % of calls fail after two retries; each retry is a real call.
        #expect(failures < 8)
        #expect(sim.statistics().restCalls <= 40 * 3)
        #expect(sim.statistics().limitViolations == 0)
        await client.close()
        await sim.stop()
    }
}

/// The poller's half of a session archive (issue 18): quote calls and answers kept, and no app
/// key, secret or token in any archive byte.
@Suite(.serialized) struct RESTRecordingTests {
    @Test func recordedCalls_keepQueryStatusAndBody_andNoSecret() async throws {
        let sim = try SimulatorHarness()
        let archiveDirectory = "/tmp/kis41-rec-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: archiveDirectory) }
        let archive = try WireArchiveWriter(directory: archiveDirectory, component: "rest-poller", logger: Logger(label: "t", level: .critical))
        let credentials = SimulatorHarness.credentials
        let client = try KISRESTClient(configuration: KISRESTClientConfiguration(restURL: sim.simulator.restURL, credentials: credentials,
                                                                                environment: .real, limiter: .real),
                                       clock: sim.simulator.clock, cache: nil, archive: archive)
        let codes = Array(await sim.universe().prefix(3))
        _ = try await client.multiPrice(codes: codes)
        _ = try await client.inquirePrice(code: codes[0])
        let token = try await client.tokens.token()
        await client.close()
        await sim.stop()
        client.flushArchive()

        let contents = try WireArchiveReader.read(directory: URL(fileURLWithPath: archiveDirectory))
        let calls = contents.records.compactMap { if case .rest(let call) = $0 { call } else { nil } }
        #expect(calls.map(\.trID) == ["FHKST11300006", "FHKST01010100"])
        #expect(calls.allSatisfy { $0.status == 200 && $0.body.contains("\"rt_cd\":\"0\"") })
        #expect(calls[1].query.contains(codes[0]))
        let bytes = try WireArchiveReader.segments(in: URL(fileURLWithPath: archiveDirectory))
            .map { try String(decoding: Data(contentsOf: $0), as: UTF8.self) }.joined()
        for secret in [credentials.appKey, credentials.appSecret, token] { #expect(!bytes.contains(secret)) }
    }

    /// kis-sim serving the recording answers with what was recorded: per code for multi-price rows
    /// (in any batch), byte for byte for single quotes, and "no data" for what was never recorded.
    @Test func aReplay_answersWithTheRecordedQuotes() async throws {
        let sim = try SimulatorHarness()
        let archiveDirectory = "/tmp/kis41-rec-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: archiveDirectory) }
        let archive = try WireArchiveWriter(directory: archiveDirectory, component: "rest-poller", logger: Logger(label: "t", level: .critical))
        let configuration = KISRESTClientConfiguration(restURL: sim.simulator.restURL, credentials: SimulatorHarness.credentials,
                                                       environment: .real, limiter: .real)
        let recording = try KISRESTClient(configuration: configuration, clock: sim.simulator.clock, cache: nil, archive: archive)
        let codes = Array(await sim.universe().prefix(6))
        let rows = try await recording.multiPrice(codes: Array(codes.prefix(3)))
        let single = try await recording.inquirePrice(code: codes[0])
        await recording.close()
        await sim.stop()
        recording.flushArchive()

        let replay = try SimulatorHarness { $0.replayArchive = archiveDirectory; $0.speed = 20 }
        try await Task.sleep(nanoseconds: 1_000_000_000)  // 20 market seconds: past every record
        var replayConfiguration = configuration
        replayConfiguration.restURL = replay.simulator.restURL
        let client = try KISRESTClient(configuration: replayConfiguration, clock: replay.simulator.clock, cache: nil)
        let again = try await client.multiPrice(codes: [codes[2], codes[0], codes[5]])
        #expect(again == [rows[2], rows[0]], "recorded rows per code, in the order asked; a code never recorded has none")
        #expect(try await client.inquirePrice(code: codes[0]) == single)
        await #expect(throws: KISRESTError.self) { _ = try await client.inquirePrice(code: codes[4]) }
        await client.close()
        await replay.stop()
    }
}
