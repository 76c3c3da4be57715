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
    /// remember (up to 10 market minutes). Returns the records kept and how many were left out.
    /// - Throws: as ``read(directory:)``.
    public static func readForReplay(directory: URL) throws -> (contents: Contents, leftOut: Int) {
        var contents = try read(directory: directory)
        let ready = pipelineReady(directory: directory) ?? -.infinity
        let stopping = pipelineStopping(directory: directory) ?? .infinity
        let count = contents.records.count
        contents.records.removeAll { $0.receivedAt < ready || $0.receivedAt > stopping }
        return (contents, count - contents.records.count)
    }
}
