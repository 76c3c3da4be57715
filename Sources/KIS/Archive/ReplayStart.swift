import Foundation

extension WireArchiveReader {
    /// The file `./run` writes into a recording once the recorded signal engine answered: that
    /// moment's wall time, Unix seconds.
    public static let pipelineReadyFile = "pipeline-ready"
    /// The file `./run` writes into a recording when it begins to stop the recorded pipeline (the
    /// signal engine first, the poller and gateway last): that moment's wall time, Unix seconds.
    public static let pipelineStoppingFile = "pipeline-stopping"

    /// When the recorded pipeline was whole (wall time, Unix seconds), if the recording says.
    public static func pipelineReady(directory: URL) -> Double? { wallTime(in: directory.appendingPathComponent(pipelineReadyFile)) }

    /// When the recorded pipeline began to stop (wall time, Unix seconds), if the recording says.
    public static func pipelineStopping(directory: URL) -> Double? { wallTime(in: directory.appendingPathComponent(pipelineStoppingFile)) }

    private static func wallTime(in file: URL) -> Double? {
        (try? String(contentsOf: file, encoding: .utf8)).flatMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// A recording as a replay serves it: from the moment the recorded pipeline was whole
    /// (``pipelineReadyFile``) to the moment it began to stop (``pipelineStoppingFile``), where
    /// the recording says so, else every record. Before the first the recorded poller and gateway
    /// were already reading KIS, but the signal engine was still starting and saw none of it;
    /// after the second the signal engine had stopped while the poller still read. A replay
    /// serving those records to a pipeline already (or still) running would give it more than the
    /// recorded one had, and its signals would differ for as long as the engine's windows
    /// remember (up to 10 market minutes).
    ///
    /// One thing from before the first moment did reach the recorded engine: the halts then in
    /// force. The recorded poller handed its latest halted answers to the engine when it subscribed
    /// (`HaltedStatusReplay`), so the engine knew those stocks halted from its start and signalled
    /// each halt then, not at the next answer that says so again. Those answers (``haltsInForce(_:before:)``)
    /// are served too, at their recorded times, ahead of the rest: a replayed engine learns the same
    /// halts at the same data times, before the replay's first moment, and signals none of them a
    /// second time when the recording's later answers confirm them.
    /// - Returns: the records kept, how many were left out, and how many of the kept ones are those
    ///   halted answers from before the recorded pipeline was whole (the first `carried` records).
    /// - Throws: as ``read(directory:)``.
    public static func readForReplay(directory: URL) throws -> (contents: Contents, leftOut: Int, carried: Int) {
        var contents = try read(directory: directory)
        let ready = pipelineReady(directory: directory) ?? -.infinity
        let stopping = pipelineStopping(directory: directory) ?? .infinity
        let count = contents.records.count
        let carried = haltsInForce(contents.records, before: ready)
        contents.records.removeAll { $0.receivedAt < ready || $0.receivedAt > stopping }
        contents.records.insert(contentsOf: carried, at: 0)
        return (contents, count - contents.records.count, carried.count)
    }

    /// Per stock, the latest answered inquire-price call (FHKST01010100: the call that carries the
    /// trading status, protocol.md §5.1) that arrived before `ready`, when it says the stock is halted
    /// (`temp_stop_yn` Y or status 58); a later answer before `ready` that says trading cancels it.
    /// In recorded order.
    static func haltsInForce(_ records: [WireRecord], before ready: Double) -> [WireRecord] {
        var latest: [String: (index: Int, halted: Bool)] = [:]
        for (index, record) in records.enumerated() where record.receivedAt < ready {
            guard case .rest(let call) = record, call.status == 200, call.path == KISEndpoint.inquirePrice.path,
                  let status = haltStatus(of: call) else { continue }
            latest[status.code] = (index, status.halted)
        }
        return latest.values.filter(\.halted).map(\.index).sorted().map { records[$0] }
    }

    /// The stock and its trading status in an inquire-price answer (read loosely: only the fields
    /// that say it), nil when the answer does not say.
    static func haltStatus(of call: RESTCallRecord) -> (code: String, halted: Bool)? {
        guard let root = try? JSONSerialization.jsonObject(with: Data(call.body.utf8)) as? [String: Any],
              let output = root["output"] as? [String: Any] else { return nil }
        let stop = output["temp_stop_yn"] as? String, status = output["iscd_stat_cls_code"] as? String
        guard stop != nil || status != nil else { return nil }
        let asked = call.query.split(separator: "&").first { $0.hasPrefix("FID_INPUT_ISCD=") }.map { String($0.dropFirst("FID_INPUT_ISCD=".count)) }
        guard let code = (output["stck_shrn_iscd"] as? String).flatMap({ $0.isEmpty ? nil : $0 }) ?? asked, !code.isEmpty else { return nil }
        return (code, stop == "Y" || status == "58")
    }
}
