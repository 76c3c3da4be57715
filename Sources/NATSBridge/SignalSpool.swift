import Foundation
import IPC
import System

/// Signals waiting for a JetStream acknowledgement, oldest first: up to `memoryLimit` in memory,
/// then appended to a spill file (JSON lines), so that a NATS outage loses no signal until the
/// file reaches `spillLimitBytes` (beyond that, new signals are dropped and counted).
///
/// Order is kept: while the spill file holds anything, new signals go behind it; when memory
/// empties, the file's oldest entries are read back. Entries left in the file by an earlier run
/// are published first after a restart.
public final class SignalSpool: @unchecked Sendable {
    /// One signal to publish.
    public struct Entry: Codable, Sendable, Equatable {
        public var subject: String
        public var messageID: String?
        public var payload: String
        public init(subject: String, messageID: String?, payload: String) {
            self.subject = subject; self.messageID = messageID; self.payload = payload
        }
    }

    public let memoryLimit: Int
    public let spillPath: String
    public let spillLimitBytes: Int
    private let lock = NSLock()
    private var memory: [Entry] = []
    private var head = 0
    private var spilledCount = 0
    private var spilledBytes = 0
    private var everSpilled = 0
    private var dropped = 0

    public init(memoryLimit: Int, spillPath: String, spillLimitBytes: Int) {
        self.memoryLimit = max(1, memoryLimit); self.spillPath = spillPath; self.spillLimitBytes = spillLimitBytes
        if let data = FileManager.default.contents(atPath: spillPath) {
            spilledBytes = data.count
            spilledCount = data.split(separator: 10).count
        }
    }

    /// Signals waiting (memory and file).
    public var count: Int { lock.withLock { memory.count - head + spilledCount } }
    /// Signals waiting in the spill file.
    public var spilled: Int { lock.withLock { spilledCount } }
    /// Signals ever written to the spill file.
    public var totalSpilled: Int { lock.withLock { everSpilled } }
    /// Signals dropped because the spill file was full.
    public var droppedCount: Int { lock.withLock { dropped } }

    /// Queues a signal; returns false when it had to be dropped (spill file full or unwritable).
    @discardableResult
    public func append(_ entry: Entry) -> Bool {
        lock.withLock {
            if spilledCount == 0, memory.count - head < memoryLimit {
                memory.append(entry)
                return true
            }
            guard var line = try? JSONEncoder().encode(entry) else { dropped += 1; return false }
            line.append(10)
            guard spilledBytes + line.count <= spillLimitBytes, appendToFile(line) else { dropped += 1; return false }
            spilledBytes += line.count
            spilledCount += 1
            everSpilled += 1
            return true
        }
    }

    /// The oldest waiting signal.
    public func first() -> Entry? {
        lock.withLock {
            if head == memory.count, spilledCount > 0 { refillFromFile() }
            return head < memory.count ? memory[head] : nil
        }
    }

    /// Removes the oldest signal (after its acknowledgement).
    public func removeFirst() {
        lock.withLock {
            guard head < memory.count else { return }
            head += 1
            if head == memory.count { memory.removeAll(keepingCapacity: true); head = 0 }
        }
    }

    private func appendToFile(_ line: Data) -> Bool {
        if !FileManager.default.fileExists(atPath: spillPath) {
            guard FileManager.default.createFile(atPath: spillPath, contents: nil, attributes: [.posixPermissions: 0o600]) else { return false }
        }
        guard let handle = FileHandle(forWritingAtPath: spillPath) else { return false }
        defer { try? handle.close() }
        do {
            try handle.seekToEnd()
            try handle.write(contentsOf: line)
            return true
        } catch {
            return false
        }
    }

    /// Moves up to `memoryLimit` of the file's oldest entries into memory; the rest stay in the file.
    private func refillFromFile() {
        guard let data = FileManager.default.contents(atPath: spillPath) else { spilledCount = 0; spilledBytes = 0; return }
        let lines = data.split(separator: 10)
        let taken = lines.prefix(memoryLimit)
        memory = taken.compactMap { try? JSONDecoder().decode(Entry.self, from: Data($0)) }
        head = 0
        let rest = lines.dropFirst(taken.count)
        if rest.isEmpty {
            try? FileManager.default.removeItem(atPath: spillPath)
            spilledCount = 0; spilledBytes = 0
        } else {
            var remaining = Data()
            for line in rest { remaining.append(line); remaining.append(10) }
            let temporary = spillPath + ".tmp"
            FileManager.default.createFile(atPath: temporary, contents: remaining, attributes: [.posixPermissions: 0o600])
            _ = rename(temporary, spillPath)
            spilledCount = rest.count; spilledBytes = remaining.count
        }
    }
}
