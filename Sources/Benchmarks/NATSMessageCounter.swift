/// Counts the messages in a NATS subscriber's byte stream without decoding each one (pure): the
/// benchmark's 50 subscribers are a harness, and a full client per subscriber (a `NATSMessage`
/// with its subject `String` and payload array per message) costs more CPU than the bridge it
/// measures on a 2-core machine.
///
/// It reads the server's operations as NATS defines them, chunk by chunk, whatever the chunk
/// boundaries: `MSG <subject> <sid> [reply-to] <#bytes>␍␊<payload>␍␊`, `HMSG … <#header bytes>
/// <#total bytes>␍␊…`, `PING`, `PONG`, `+OK`, `-ERR`, `INFO`. Every message is counted by the
/// first of `prefixes` its subject starts with; a message whose subject starts with `capturePrefix`
/// also has its payload handed over (the benchmark's signals, for their latency). No allocation per
/// message otherwise: the payload of any other message is skipped by its length.
public struct NATSMessageCounter: Sendable {
    /// Subject prefixes to count by (as bytes), e.g. `kis41.trade.`, `kis41.signal.`.
    public let prefixes: [[UInt8]]
    /// Messages so far per prefix (same order as `prefixes`); `other` for the rest.
    public private(set) var counts: [Int]
    public private(set) var other = 0
    /// `PING`s seen (each needs a `PONG`), `PONG`s seen, and the last `-ERR` text.
    public private(set) var pings = 0
    public private(set) var pongs = 0
    public private(set) var lastError: String?
    private let capturePrefix: [UInt8]?
    /// A control line split across chunks.
    private var carry: [UInt8] = []
    /// Payload bytes (and its ␍␊) still to pass over.
    private var remaining = 0
    private var capturing = false
    private var captured: [UInt8] = []

    /// Longest control line accepted (the server's default limit is 4 KiB).
    public static let maximumControlLineLength = 4096

    public init(prefixes: [String], capturePrefix: String? = nil) {
        self.prefixes = prefixes.map { Array($0.utf8) }
        counts = Array(repeating: 0, count: prefixes.count)
        self.capturePrefix = capturePrefix.map { Array($0.utf8) }
    }

    public enum Failure: Error, Equatable { case malformed(String) }

    /// Reads `bytes`; `onCaptured` gets the payload of every captured message, in order.
    public mutating func consume(_ bytes: [UInt8], onCaptured: ([UInt8]) -> Void = { _ in }) throws(Failure) {
        let count = bytes.count
        var index = 0
        while index < count {
            if remaining > 0 {
                let take = min(remaining, count - index)
                if capturing { captured.append(contentsOf: bytes[index..<(index + take)]) }
                remaining -= take
                index += take
                if remaining == 0, capturing {
                    onCaptured(Array(captured.dropLast(2)))
                    captured.removeAll(keepingCapacity: true)
                    capturing = false
                }
                continue
            }
            guard let newline = bytes[index...].firstIndex(of: 10) else {
                carry.append(contentsOf: bytes[index...])
                if carry.count > Self.maximumControlLineLength { throw .malformed("control line longer than \(Self.maximumControlLineLength) bytes") }
                return
            }
            if carry.isEmpty {
                try line(bytes[index..<newline])
            } else {
                carry.append(contentsOf: bytes[index..<newline])
                let whole = carry
                carry.removeAll(keepingCapacity: true)
                try line(whole[...])
            }
            index = newline + 1
        }
    }

    /// One control line (without its ␊; a trailing ␍ is ignored).
    private mutating func line(_ raw: ArraySlice<UInt8>) throws(Failure) {
        var line = raw
        if line.last == 13 { line = line.dropLast() }
        guard line.count <= Self.maximumControlLineLength else { throw .malformed("control line longer than \(Self.maximumControlLineLength) bytes") }
        let start = line.startIndex
        func verb(_ text: StaticString) -> Bool {
            let count = text.utf8CodeUnitCount
            guard line.count >= count else { return false }
            for offset in 0..<count where line[start + offset] | 0x20 != text.utf8Start[offset] | 0x20 { return false }
            return line.count == count || line[start + count] == 0x20
        }
        if verb("MSG") || verb("HMSG") {
            try message(line, argumentsFrom: start + (line[start] | 0x20 == 0x68 ? 5 : 4))
        } else if verb("PING") {
            pings += 1
        } else if verb("PONG") {
            pongs += 1
        } else if verb("-ERR") {
            lastError = String(decoding: line.dropFirst(4), as: UTF8.self).trimmingCharacters(in: " '")
        } else if verb("+OK") || verb("INFO") || line.isEmpty {
            return
        } else {
            throw .malformed("unknown operation \(String(decoding: line.prefix(16), as: UTF8.self))")
        }
    }

    /// `<subject> <sid> [reply-to] [#header bytes] <#bytes>`: the last argument is the size to skip.
    private mutating func message(_ line: ArraySlice<UInt8>, argumentsFrom first: Int) throws(Failure) {
        guard first < line.endIndex else { throw .malformed("MSG without arguments") }
        let subjectEnd = line[first...].firstIndex(of: 0x20) ?? line.endIndex
        let sizeStart = (line.lastIndex(of: 0x20) ?? first - 1) + 1
        guard subjectEnd < line.endIndex, sizeStart < line.endIndex, sizeStart > subjectEnd else { throw .malformed("MSG without a size") }
        var size = 0
        for byte in line[sizeStart...] {
            guard byte >= 0x30, byte <= 0x39, size < 1 << 40 else { throw .malformed("MSG size is not a number") }
            size = size * 10 + Int(byte - 0x30)
        }
        let subject = line[first..<subjectEnd]
        if let position = prefixes.firstIndex(where: { subject.starts(with: $0) }) { counts[position] += 1 } else { other += 1 }
        remaining = size + 2
        if let capturePrefix, subject.starts(with: capturePrefix) {
            capturing = true
            captured.reserveCapacity(remaining)
        }
    }

    /// Messages counted under `prefix` (0 for a prefix not asked for).
    public func count(_ prefix: String) -> Int {
        prefixes.firstIndex(of: Array(prefix.utf8)).map { counts[$0] } ?? 0
    }
}

private extension String {
    func trimmingCharacters(in set: String) -> String {
        let drop = Set(set)
        return String(self.drop { drop.contains($0) }.reversed().drop { drop.contains($0) }.reversed())
    }
}
