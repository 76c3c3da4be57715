import IPC
import NATS

/// Writes published batch frames (`trades`, `orderbooks`, `quotes`, `indices`) straight as NATS
/// `PUB` operations into one buffer (pure): one publication per code, on `<prefix>.<topic>.<code>`,
/// with the same bytes `SubjectMapper.publications(ofBody:)` gives (the body itself when every item
/// has one code, else the body cut down to that code's items), but without a `Publication`, a
/// subject `String` or a payload array per code. The bridge appends every frame of one read of its
/// IPC socket and sends the whole buffer with one write.
///
/// Each `PUB <subject> ` head is built once per topic and code and kept (at most `cacheLimit` of
/// them; the cache starts again when full).
public struct BatchWireEncoder: Sendable {
    public let prefix: String
    public let cacheLimit: Int
    private var heads: [String: [String: [UInt8]]] = [:]
    private var cached = 0

    public init(prefix: String = "kis41", cacheLimit: Int = 20_000) {
        self.prefix = prefix; self.cacheLimit = cacheLimit
    }

    /// What one frame became.
    public enum Outcome: Equatable, Sendable {
        /// `count` publications of `topic` appended.
        case appended(topic: String, count: Int)
        /// Not a batch frame (a signal, an allocation, …): the caller maps it otherwise.
        case notABatch
        /// A batch the bridge does not relay (`notices`), or one without codes: nothing appended.
        case nothing
        /// A publication larger than `maximumPayload`, or a subject NATS would not take (a bad
        /// prefix): nothing appended, `count` publications lost.
        case refused(topic: String, count: Int)
    }

    /// Appends `body`'s publications to `wire`.
    public mutating func append(body: [UInt8], maximumPayload: Int, to wire: inout [UInt8]) -> Outcome {
        guard let batch = PublishedBatch(body: body) else { return .notABatch }
        guard let topic = SubjectMapper.topic(ofBatch: batch.type) else { return .nothing }
        let codes = batch.codes
        // The usual frame: every item of one code, the body as it is.
        if let first = codes.first, let code = first, codes.allSatisfy({ $0 == code }) {
            guard body.count <= maximumPayload, let head = head(topic, code) else { return .refused(topic: topic, count: 1) }
            append(head, length: body.count, to: &wire)
            wire.append(contentsOf: body)
            wire.append(contentsOf: [13, 10])
            return .appended(topic: topic, count: 1)
        }
        // Several codes: groups in order of first appearance, chained through `next` (no array per code).
        var groupOf: [String: Int] = [:]
        groupOf.reserveCapacity(codes.count)
        var groupCodes: [String] = [], first: [Int] = [], last: [Int] = [], lengths: [Int] = []
        var next = [Int](repeating: -1, count: codes.count)
        let frameLength = batch.arrayStart + (body.count - batch.arrayEnd)
        for (position, code) in codes.enumerated() {
            guard let code else { continue }
            let itemLength = batch.items[position].count
            if let group = groupOf[code] {
                next[last[group]] = position
                last[group] = position
                lengths[group] += itemLength + 1
            } else {
                groupOf[code] = groupCodes.count
                groupCodes.append(code); first.append(position); last.append(position)
                lengths.append(frameLength + itemLength)
            }
        }
        guard !groupCodes.isEmpty else { return .nothing }
        var groupHeads: [[UInt8]] = []
        groupHeads.reserveCapacity(groupCodes.count)
        for code in groupCodes {
            guard let head = head(topic, code) else { return .refused(topic: topic, count: groupCodes.count) }
            groupHeads.append(head)
        }
        if let largest = lengths.max(), largest > maximumPayload { return .refused(topic: topic, count: groupCodes.count) }
        wire.reserveCapacity(wire.count + lengths.reduce(0, +) + groupCodes.count * (prefix.utf8.count + topic.utf8.count + 32))
        body.withUnsafeBufferPointer { bytes in
            for group in groupCodes.indices {
                append(groupHeads[group], length: lengths[group], to: &wire)
                wire.append(contentsOf: bytes[..<batch.arrayStart])
                var position = first[group]
                while position >= 0 {
                    if position != first[group] { wire.append(UInt8(ascii: ",")) }
                    wire.append(contentsOf: bytes[batch.items[position]])
                    position = next[position]
                }
                wire.append(contentsOf: bytes[batch.arrayEnd...])
                wire.append(contentsOf: [13, 10])
            }
        }
        return .appended(topic: topic, count: groupCodes.count)
    }

    /// `PUB <prefix>.<topic>.<code> ` (kept), `nil` for a subject NATS would not take.
    private mutating func head(_ topic: String, _ code: String) -> [UInt8]? {
        if let head = heads[topic]?[code] { return head }
        let subject = "\(prefix).\(topic).\(SubjectMapper.token(code))"
        guard (try? NATSEncoder.checkSubject(subject)) != nil else { return nil }
        if cached >= cacheLimit { heads = [:]; cached = 0 }
        let head = Array("PUB \(subject) ".utf8)
        heads[topic, default: [:]][code] = head
        cached += 1
        return head
    }

    /// `head`, then `<length>␍␊`.
    private func append(_ head: [UInt8], length: Int, to wire: inout [UInt8]) {
        wire.append(contentsOf: head)
        NATSEncoder.appendDecimal(length, to: &wire)
        wire.append(contentsOf: [13, 10])
    }
}
