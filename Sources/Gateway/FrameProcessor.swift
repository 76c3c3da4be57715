import Foundation
import IPC
import KIS
import System

/// The data path: one WebSocket data frame → ``DataFrameParser`` → IPC tick batch → publish.
/// Malformed records are counted and sampled in the log (rate-limited); the rest of the frame is
/// delivered, and nothing in a frame can stop the session.
public final class FrameProcessor: @unchecked Sendable {
    private let parser = DataFrameParser()
    private let publish: @Sendable (Message) -> Void
    private let cipher: @Sendable (String) -> NoticeCipher?
    private let logger: Logger
    private let logInterval: Double
    /// What went through, for `status` (which may hold it before the processor exists).
    let counters: FrameCounters
    private let lock = NSLock()
    private var lastSampleAt = -Double.infinity, suppressed = 0

    public init(logger: Logger, logInterval: Double, counters: FrameCounters = FrameCounters(),
                cipher: @escaping @Sendable (String) -> NoticeCipher?, publish: @escaping @Sendable (Message) -> Void) {
        self.logger = logger; self.logInterval = logInterval; self.counters = counters; self.cipher = cipher; self.publish = publish
    }

    /// Processes one data frame received at `receivedAt` (wall epoch seconds).
    public func process(_ bytes: [UInt8], receivedAt: Double) {
        var parsed: ParsedFrame
        do {
            parsed = try parser.parse(bytes)
        } catch {
            counters.count(records: 0, malformedRecords: 0, malformedFrame: true, at: receivedAt)
            sample("frame dropped: \(error)", bytes: bytes, at: receivedAt)
            return
        }
        if parsed.isEncrypted, parsed.encryptedPayload != nil {
            if let cipher = cipher(parsed.trID) {
                parsed = parser.decrypting(parsed, with: cipher)
            } else {
                parsed.malformedCount = parsed.declaredCount
                parsed.firstError = .cipher("no key material from a subscribe ack for \(parsed.trID)")
            }
        }
        for message in TickMapper.messages(for: parsed, receivedAt: receivedAt) { publish(message) }
        counters.count(records: parsed.records.count, malformedRecords: parsed.malformedCount, malformedFrame: false, at: receivedAt)
        if parsed.malformedCount > 0 {
            sample("\(parsed.malformedCount) of \(parsed.declaredCount) records malformed: \(parsed.firstError.map { "\($0)" } ?? "?")",
                   bytes: bytes, at: receivedAt)
        }
    }

    private func sample(_ what: String, bytes: [UInt8], at now: Double) {
        let skipped: Int? = lock.withLock {
            guard now - lastSampleAt >= logInterval else { suppressed += 1; return nil }
            lastSampleAt = now
            defer { suppressed = 0 }
            return suppressed
        }
        guard let skipped else { return }
        let head = String(decoding: bytes.prefix(80), as: UTF8.self)
        logger.warning("malformed data: \(what); frame starts \"\(head)\"", metadata: ["unlogged_since_last": skipped])
    }

    /// Counted totals and rates.
    func counters(now: Double) -> FrameCounters.Snapshot { counters.snapshot(now: now) }
}
