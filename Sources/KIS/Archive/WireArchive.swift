import Foundation
import IPC
import System
#if canImport(Glibc)
import Glibc
#endif

/// Appends ``WireRecord``s to a session archive: `<directory>/<component>-<NNNN>.jsonl`, one whole
/// line per `write(2)` on an `O_APPEND` file of mode 0600. Each process starts a new segment (the
/// next number, so a restarted component never writes into a torn one) and rotates when a
/// segment passes `maximumSegmentBytes`. A crash can tear only the last line of a segment, which
/// ``WireArchiveReader`` drops. Writes run on a serial queue of their own, never on the caller's.
///
/// A segment this component no longer writes (rotated, or left by an earlier process) is
/// compressed with `gzip` (every Debian machine has it) in the background: `…-NNNN.jsonl.gz`,
/// about a tenth of the size. A `.jsonl` beside its `.gz` means gzip did not finish: the reader
/// takes the `.jsonl`.
public final class WireArchiveWriter: @unchecked Sendable {
    public let directory: URL
    public let component: String
    public let maximumSegmentBytes: Int
    private let queue = DispatchQueue(label: "kis41.wire-archive")
    private let logger: Logger
    // Owned by `queue`.
    private var fd: Int32 = -1
    private var segment = 0
    private var segmentBytes = 0
    private var hasReportedFailure = false
    private let lock = NSLock()
    private var counts = (records: 0, bytes: 0, failures: 0)

    /// Creates the directory (0700) and opens the component's next segment.
    /// - Throws: `ExitError(.configuration, …)` when the archive cannot be written.
    public init(directory: String, component: String, maximumSegmentBytes: Int = 64 << 20, logger: Logger) throws {
        self.directory = URL(fileURLWithPath: directory)
        self.component = component
        self.maximumSegmentBytes = max(4096, maximumSegmentBytes)
        self.logger = logger
        do {
            try FileManager.default.createDirectory(at: self.directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            let earlier = WireArchiveReader.segments(in: self.directory).filter { Self.number(of: $0, component: component) != nil }
            segment = earlier.compactMap { Self.number(of: $0, component: component) }.max() ?? 0
            try openNextSegment()
            for file in earlier where file.pathExtension == "jsonl" { Self.compress(file) }
        } catch let error as ExitError {
            throw error
        } catch {
            throw ExitError(.configuration, "cannot write the session archive in \(directory): \(error)")
        }
    }

    deinit { if fd >= 0 { Glibc.close(fd) } }

    /// Queues one record (never blocks the caller).
    public func append(_ record: WireRecord) {
        let bytes = Array(record.line.utf8)
        queue.async { self.write(bytes) }
    }

    /// Waits until every queued record is written.
    public func flush() { queue.sync {} }

    /// Records, bytes written and failed writes so far.
    public var statistics: (records: Int, bytes: Int, failures: Int) { lock.withLock { counts } }

    /// The segment being written.
    public var currentSegment: URL { queue.sync { segmentURL(segment) } }

    private func write(_ bytes: [UInt8]) {
        if segmentBytes > 0, segmentBytes + bytes.count > maximumSegmentBytes {
            do { try openNextSegment() } catch { fail("\(error)"); return }
        }
        do { try writeAll(fd, bytes) } catch {
            fail("\(segmentURL(segment).lastPathComponent): \(error)")
            return
        }
        segmentBytes += bytes.count
        lock.withLock { counts.records += 1; counts.bytes += bytes.count }
    }

    /// A full disk must not stop the pipeline: the record is lost, counted, and logged once.
    private func fail(_ error: String) {
        lock.withLock { counts.failures += 1 }
        if !hasReportedFailure { logger.error("session archive: \(error); records are being lost"); hasReportedFailure = true }
    }

    private func openNextSegment() throws {
        if fd >= 0 {
            Glibc.close(fd)
            Self.compress(segmentURL(segment))
        }
        segment += 1
        let path = segmentURL(segment).path
        fd = Glibc.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SystemError(call: "open(\(path))", errno: errno) }
        segmentBytes = 0
    }

    private func segmentURL(_ number: Int) -> URL {
        directory.appendingPathComponent(String(format: "%@-%04d.jsonl", component, number))
    }

    /// Compresses a closed segment with `gzip` in the background (best effort: an uncompressed
    /// segment is as readable); the process, for a caller that waits.
    @discardableResult
    public static func compress(_ file: URL) -> Process {
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-q", "-f", file.path]
        gzip.standardOutput = FileHandle.nullDevice
        gzip.standardError = FileHandle.nullDevice
        try? gzip.run()
        return gzip
    }

    static func number(of file: URL, component: String) -> Int? {
        let name = file.lastPathComponent.replacingOccurrences(of: ".jsonl.gz", with: "").replacingOccurrences(of: ".jsonl", with: "")
        guard name.hasPrefix(component + "-") else { return nil }
        return Int(name.dropFirst(component.count + 1))
    }
}

/// Reads a session archive back: every segment's whole records, in market-time order. A line
/// that is not a whole record (the torn end of a segment a crash cut short) is dropped and counted.
public enum WireArchiveReader {
    public struct Contents: Sendable {
        public var records: [WireRecord]
        /// Lines dropped: torn by a crash, or not records at all.
        public var droppedLines: Int
        public var segments: Int
    }

    /// The segment files of an archive directory, in name order: `COMPONENT-NNNN.jsonl`, or
    /// `….jsonl.gz` where no `.jsonl` of the same name is left (gzip removes it once it is done).
    /// Other files (the session's `signals.jsonl`, which `./run` keeps beside the recording) are not
    /// segments.
    public static func segments(in directory: URL) -> [URL] {
        let names = Set((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter(isSegmentName)
        let plain = names.filter { $0.hasSuffix(".jsonl") }
        let compressed = names.filter { $0.hasSuffix(".jsonl.gz") && !plain.contains(String($0.dropLast(3))) }
        return (plain.union(compressed)).sorted().map { directory.appendingPathComponent($0) }
    }

    /// `NAME-NNNN.jsonl` or `NAME-NNNN.jsonl.gz`.
    static func isSegmentName(_ name: String) -> Bool {
        let stem = name.hasSuffix(".jsonl.gz") ? name.dropLast(9) : name.hasSuffix(".jsonl") ? name.dropLast(6) : nil
        guard let stem, let dash = stem.lastIndex(of: "-") else { return false }
        let number = stem[stem.index(after: dash)...]
        return number.count == 4 && number.allSatisfy(\.isNumber) && dash > stem.startIndex
    }

    /// A segment's bytes (decompressed through `gzip -dc` for `.gz`).
    static func contents(of file: URL) throws -> Data {
        if file.pathExtension != "gz" {
            // gzip may have finished (and removed the plain file) since the listing.
            let compressed = file.appendingPathExtension("gz")
            guard !FileManager.default.fileExists(atPath: file.path), FileManager.default.fileExists(atPath: compressed.path) else {
                return try Data(contentsOf: file)
            }
            return try contents(of: compressed)
        }
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-dc", file.path]
        let pipe = Pipe()
        gzip.standardOutput = pipe
        gzip.standardError = FileHandle.nullDevice
        try gzip.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        gzip.waitUntilExit()
        // A gzip cut short still yields what it had: the torn end is dropped like a torn line.
        return data
    }

    /// - Throws: when the directory has no segment at all or one cannot be read.
    public static func read(directory: URL) throws -> Contents {
        let files = segments(in: directory)
        guard !files.isEmpty else { throw ExitError(.configuration, "\(directory.path) holds no archive segment (*.jsonl)") }
        var records: [WireRecord] = []
        var dropped = 0
        for file in files {
            let text = String(decoding: try contents(of: file), as: UTF8.self)
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            // After the last newline: empty for a whole segment, a torn record otherwise.
            if let tail = lines.popLast(), !tail.isEmpty { dropped += 1 }
            for line in lines where !line.isEmpty {
                if let record = WireRecord(line: line) { records.append(record) } else { dropped += 1 }
            }
        }
        // Stable: records of one market instant keep their arrival order.
        let ordered = records.enumerated().sorted { ($0.element.marketTime, $0.offset) < ($1.element.marketTime, $1.offset) }.map(\.element)
        return Contents(records: ordered, droppedLines: dropped, segments: files.count)
    }
}

extension WireArchiveWriter {
    /// The component's writer when the session records (`KIS41_RECORD=1`, which `run` sets: on by
    /// default live, `--record` on kis-sim), into `KIS41_ARCHIVE_DIR` (default `<run dir>/archive`);
    /// `nil` when it does not.
    public static func fromEnvironment(component: String, environment: [String: String], runDirectory: RunDirectory,
                                       logger: Logger) throws -> WireArchiveWriter? {
        guard environment["KIS41_RECORD"] == "1" else { return nil }
        let directory = environment["KIS41_ARCHIVE_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? runDirectory.path("archive")
        let writer = try WireArchiveWriter(directory: directory, component: component, logger: logger)
        logger.info("recording KIS's answers to \(writer.currentSegment.path)")
        return writer
    }
}
