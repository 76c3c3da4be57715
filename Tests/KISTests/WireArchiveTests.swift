import Foundation
import IPC
import System
import Testing
@testable import KIS

/// The session archive (issue 18): whole records back, torn ends dropped, segments per process,
/// and no secret on disk.
@Suite struct WireArchiveTests {
    static let logger = Logger(label: "test", level: .critical)

    static func directory() -> String { "/tmp/kis41-archive-\(UUID().uuidString)" }

    static let frame = WireRecord.webSocket(WebSocketFrameRecord(
        receivedAt: 1_764_032_400.125, marketTime: 1_764_032_400.5,
        text: "0|H0STCNT0|001|005930^093354^71900^5^-100^-0.14^72023.83"))
    static let call = WireRecord.rest(RESTCallRecord(
        receivedAt: 1_764_032_401, marketTime: 1_764_032_401.25, trID: "FHKST11300006",
        path: "/uapi/domestic-stock/v1/quotations/intstock-multprice", query: "FID_COND_MRKT_DIV_CODE_1=J&FID_INPUT_ISCD_1=005930",
        status: 200, body: "{\"rt_cd\":\"0\",\"msg1\":\"정상처리 되었습니다.\\n\",\"output\":[]}"))

    @Test func records_comeBackWhole_inMarketTimeOrder() throws {
        let path = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try WireArchiveWriter(directory: path, component: "ws-gateway", logger: Self.logger)
        writer.append(Self.call)
        writer.append(Self.frame)
        writer.flush()
        let contents = try WireArchiveReader.read(directory: URL(fileURLWithPath: path))
        #expect(contents.records == [Self.frame, Self.call])
        #expect(contents.droppedLines == 0)
        let attributes = try FileManager.default.attributesOfItem(atPath: writer.currentSegment.path)
        #expect(attributes[.posixPermissions] as? Int == 0o600)
    }

    @Test func anAnswersDate_isKept_andAnOlderLineWithoutOne_stillReads() throws {
        var call = RESTCallRecord(receivedAt: 1_764_032_401, marketTime: 1_764_032_401.25, trID: "FHKST01010100",
                                  path: "/uapi/domestic-stock/v1/quotations/inquire-price", query: "FID_INPUT_ISCD=005930",
                                  status: 200, body: "{}", serverDate: 1_764_032_400)
        let line = WireRecord.rest(call).line
        #expect(line.contains("\"d\":1764032400,"))
        #expect(WireRecord(line: line.dropLast()) == .rest(call))
        call.serverDate = nil
        let older = WireRecord.rest(call).line
        #expect(!older.contains("\"d\""))
        #expect(WireRecord(line: older.dropLast()) == .rest(call))
    }

    @Test func theSessionsSignalsBesideTheRecording_areNotASegment() throws {
        let path = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try WireArchiveWriter(directory: path, component: "ws-gateway", logger: Self.logger)
        writer.append(Self.frame)
        writer.flush()
        try Data("{\"kind\":\"gap\"}\n".utf8).write(to: URL(fileURLWithPath: path + "/signals.jsonl"))
        let segments = WireArchiveReader.segments(in: URL(fileURLWithPath: path)).map(\.lastPathComponent)
        #expect(segments == ["ws-gateway-0001.jsonl"])
        let contents = try WireArchiveReader.read(directory: URL(fileURLWithPath: path))
        #expect(contents.records == [Self.frame] && contents.droppedLines == 0)
        #expect(WireArchiveReader.isSegmentName("rest-poller-0012.jsonl.gz"))
        #expect(!WireArchiveReader.isSegmentName("-0012.jsonl") && !WireArchiveReader.isSegmentName("rest-poller-12.jsonl"))
    }

    /// A replay starts where the recorded pipeline was whole (`pipeline-ready`, which `./run`
    /// writes) and ends where it began to stop (`pipeline-stopping`): what came before or after
    /// reached no signal engine. Without the files, every record.
    @Test func aReplay_readsFromTheMomentTheRecordedPipelineWasWhole() throws {
        let path = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try WireArchiveWriter(directory: path, component: "ws-gateway", logger: Self.logger)
        writer.append(Self.frame)
        writer.append(Self.call)
        writer.flush()
        let url = URL(fileURLWithPath: path)
        let all = try WireArchiveReader.readForReplay(directory: url)
        #expect(all.contents.records == [Self.frame, Self.call] && all.leftOut == 0 && all.carried == 0)
        try Data("1764032400.5\n".utf8).write(to: url.appendingPathComponent(WireArchiveReader.pipelineReadyFile))
        #expect(WireArchiveReader.pipelineReady(directory: url) == 1_764_032_400.5)
        let kept = try WireArchiveReader.readForReplay(directory: url)
        #expect(kept.contents.records == [Self.call] && kept.leftOut == 1, "the frame arrived before the pipeline was whole")
        try Data("1764032400.75\n".utf8).write(to: url.appendingPathComponent(WireArchiveReader.pipelineStoppingFile))
        let none = try WireArchiveReader.readForReplay(directory: url)
        #expect(none.contents.records.isEmpty && none.leftOut == 2, "the call arrived after the pipeline began to stop")
        #expect(WireArchiveReader.segments(in: url).count == 1, "the markers are not segments")
    }

    /// An inquire-price answer at market time `m` (arrived at `m` too) for `code`, with `temp_stop_yn`.
    static func probe(_ code: String, halted: Bool, at m: Double, status: Int = 200) -> WireRecord {
        .rest(RESTCallRecord(receivedAt: m, marketTime: m, trID: "FHKST01010100", path: "/uapi/domestic-stock/v1/quotations/inquire-price",
                             query: "FID_COND_MRKT_DIV_CODE=J&FID_INPUT_ISCD=\(code)", status: status,
                             body: "{\"rt_cd\":\"0\",\"output\":{\"stck_shrn_iscd\":\"\(code)\",\"stck_prpr\":\"1000\",\"temp_stop_yn\":\"\(halted ? "Y" : "N")\"}}"))
    }

    /// Issue 18's start-up halts: the recorded poller handed the halts in force to the recorded
    /// engine when it subscribed, so a replay serves each stock's latest halted answer from before
    /// `pipeline-ready` too, ahead of the rest and at its recorded time; a stock that answered
    /// trading again before it, an unanswered call, or another endpoint's answer is not carried.
    @Test func aReplay_carriesTheHaltsInForceWhenTheRecordedPipelineWasWhole() throws {
        let path = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try WireArchiveWriter(directory: path, component: "rest-poller", logger: Self.logger)
        let early = Self.probe("000020", halted: true, at: 1_764_032_390)       // halted, asked again below
        let halted = Self.probe("000020", halted: true, at: 1_764_032_395)      // its latest before ready: carried
        let resumed = [Self.probe("000030", halted: true, at: 1_764_032_391), Self.probe("000030", halted: false, at: 1_764_032_392)]
        let trading = Self.probe("000040", halted: false, at: 1_764_032_393)
        let refused = Self.probe("000050", halted: true, at: 1_764_032_394, status: 500)
        let other = Self.probe("000060", halted: true, at: 1_764_032_396)       // halted: carried
        let after = Self.probe("000020", halted: true, at: 1_764_032_402)       // after ready: served anyway
        for record in [early, resumed[0], resumed[1], trading, refused, halted, other, Self.call, after] { writer.append(record) }
        writer.flush()
        let url = URL(fileURLWithPath: path)
        try Data("1764032400.5\n".utf8).write(to: url.appendingPathComponent(WireArchiveReader.pipelineReadyFile))
        let replay = try WireArchiveReader.readForReplay(directory: url)
        #expect(replay.carried == 2)
        #expect(replay.contents.records == [halted, other, Self.call, after])
        #expect(replay.leftOut == 5)
        // Without the marker everything is served anyway: nothing to carry.
        try FileManager.default.removeItem(at: url.appendingPathComponent(WireArchiveReader.pipelineReadyFile))
        #expect(try WireArchiveReader.readForReplay(directory: url).carried == 0)
    }

    @Test func aRecordedCall_roundTripsAsALine_andOnlyAnsweredCallsMakeTheSweep() throws {
        let call = RecordedCall(marketTime: 1_764_032_401.25, path: "/uapi/domestic-stock/v1/quotations/intstock-multprice",
                                query: "FID_COND_MRKT_DIV_CODE_1=J&FID_INPUT_ISCD_1=005930")
        #expect(RecordedCall(line: call.line.dropLast()) == call)
        #expect(RecordedCall(line: "{\"m\":1}") == nil)
        guard case .rest(var refused) = Self.call else { Issue.record("not a call"); return }
        refused.status = 500
        #expect(RecordedCall.sweep(of: [Self.frame, Self.call, .rest(refused)]) == [call])
    }

    @Test func aTornLastRecord_isDropped_andARestartWritesANewSegment() throws {
        let path = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = try WireArchiveWriter(directory: path, component: "rest-poller", logger: Self.logger)
        first.append(Self.call)
        first.flush()
        // A crash mid-write: half a record, no newline.
        let torn = Array(Self.frame.line.utf8.prefix(30))
        let handle = try FileHandle(forWritingTo: first.currentSegment)
        handle.seekToEndOfFile(); handle.write(Data(torn)); handle.closeFile()

        let second = try WireArchiveWriter(directory: path, component: "rest-poller", logger: Self.logger)
        #expect(second.currentSegment != first.currentSegment)
        second.append(Self.frame)
        second.flush()
        let contents = try WireArchiveReader.read(directory: URL(fileURLWithPath: path))
        #expect(contents.records == [Self.frame, Self.call].sorted { $0.marketTime < $1.marketTime })
        #expect(contents.droppedLines == 1 && contents.segments == 2)
    }

    @Test func segments_rotateBySize() throws {
        let path = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try WireArchiveWriter(directory: path, component: "ws-gateway", maximumSegmentBytes: 4096, logger: Self.logger)
        for _ in 0..<100 { writer.append(Self.frame) }
        writer.flush()
        let contents = try WireArchiveReader.read(directory: URL(fileURLWithPath: path))
        #expect(contents.records.count == 100 && contents.segments > 1)
        for segment in WireArchiveReader.segments(in: URL(fileURLWithPath: path)) {
            #expect(try Data(contentsOf: segment).count <= 4096)
        }
    }

    @Test func closedSegments_areCompressed_andReadBack() async throws {
        let path = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try WireArchiveWriter(directory: path, component: "rest-poller", maximumSegmentBytes: 8192, logger: Self.logger)
        for _ in 0..<200 { writer.append(Self.call) }
        writer.flush()
        let directory = URL(fileURLWithPath: path)
        let compressed = { WireArchiveReader.segments(in: directory).filter { $0.pathExtension == "gz" }.count }
        let deadline = Date().addingTimeInterval(10)
        while compressed() == 0, Date() < deadline { try await Task.sleep(nanoseconds: 20_000_000) }
        #expect(compressed() > 0, "a rotated segment is gzipped")
        let contents = try WireArchiveReader.read(directory: directory)
        #expect(contents.records.count == 200 && contents.droppedLines == 0)
    }

    @Test func theNoticeKeyAndIV_neverReachTheArchive_otherFramesStayByteForByte() throws {
        let answer = try Fixture.text("ws_subscribe_response_doc.json")
        let scrubbed = WireScrubber.scrub(webSocketText: answer)
        #expect(!scrubbed.contains("abcdefghijklmnopabcdefghijklmnop") && !scrubbed.contains("0123456789abcdef"))
        #expect(scrubbed.contains("OPSP0000") && scrubbed.contains(WireScrubber.redacted))
        let data = "0|H0STCNT0|001|005930^093354^71900"
        #expect(WireScrubber.scrub(webSocketText: data) == data)
        let ping = #"{"header":{"tr_id":"PINGPONG","datetime":"20261125093000"}}"#
        #expect(WireScrubber.scrub(webSocketText: ping) == ping)
        #expect(!WireScrubber.isRecordable(path: "/oauth2/tokenP") && !WireScrubber.isRecordable(path: "/oauth2/Approval"))
        #expect(WireScrubber.isRecordable(path: "/uapi/domestic-stock/v1/quotations/inquire-price"))
    }

    @Test func recording_isOffUnlessTheSessionAsksForIt() throws {
        let run = RunDirectory(path: Self.directory())
        defer { try? FileManager.default.removeItem(at: run.url) }
        #expect(try WireArchiveWriter.fromEnvironment(component: "ws-gateway", environment: [:], runDirectory: run, logger: Self.logger) == nil)
        let writer = try WireArchiveWriter.fromEnvironment(component: "ws-gateway", environment: ["KIS41_RECORD": "1"], runDirectory: run, logger: Self.logger)
        #expect(writer?.currentSegment.path.hasPrefix(run.path("archive")) == true)
    }
}
