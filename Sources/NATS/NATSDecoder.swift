import Foundation
import System
#if canImport(Glibc)
import Glibc
#endif

/// Turns the bytes a NATS server sends into `NATSServerOperation`s.
///
/// ```
/// INFO {"server_id":…,"max_payload":1048576,…}␍␊
/// MSG <subject> <sid> [reply-to] <#bytes>␍␊<payload>␍␊
/// HMSG <subject> <sid> [reply-to] <#header bytes> <#total bytes>␍␊NATS/1.0 [status]␍␊[Name: value␍␊]…␍␊<payload>␍␊
/// PING␍␊  PONG␍␊  +OK␍␊  -ERR '<reason>'␍␊
/// ```
/// `decode()` returns `nil` when more bytes are needed and throws for malformed input. A control
/// line longer than `maximumControlLineLength`, or a size above `maximumPayload`, is rejected as soon
/// as it is seen, before the payload is buffered.
public struct NATSDecoder: Sendable {
    /// Longest control line accepted (the server's own default is 4 KiB).
    public var maximumControlLineLength: Int
    /// Largest message (headers + payload) accepted.
    public var maximumPayload: Int
    private var queue = ByteQueue()
    /// The bytes received (`System.ByteQueue`); the ones before `readIndex` are decoded.
    private var buffer: [UInt8] { queue.bytes }
    private var readIndex: Int { queue.readIndex }

    public init(maximumControlLineLength: Int = 4096, maximumPayload: Int = 64 << 20) {
        self.maximumControlLineLength = maximumControlLineLength
        self.maximumPayload = maximumPayload
    }

    /// Bytes received but not yet decoded.
    public var bufferedByteCount: Int { queue.count }

    /// Appends received bytes (no copy when everything before was decoded).
    public mutating func append(_ bytes: [UInt8]) { queue.append(bytes) }

    /// Appends received bytes.
    public mutating func append<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 { queue.append(bytes) }

    /// The next complete operation, `nil` if more bytes are needed.
    public mutating func decode() throws(NATSError) -> NATSServerOperation? {
        guard let lineEnd = findLineEnd() else {
            if bufferedByteCount > maximumControlLineLength { throw .malformed("control line longer than \(maximumControlLineLength) bytes") }
            return nil
        }
        let lineLength = lineEnd - readIndex
        guard lineLength <= maximumControlLineLength else { throw .malformed("control line longer than \(maximumControlLineLength) bytes") }
        // MSG is nearly all of the traffic: its arguments are read from the bytes, without a String per line.
        if lineLength > 4, buffer[readIndex] | 0x20 == 0x6d, buffer[readIndex + 1] | 0x20 == 0x73,
           buffer[readIndex + 2] | 0x20 == 0x67, buffer[readIndex + 3] == 0x20 {
            return try decodeMessageFast(arguments: (readIndex + 4)..<lineEnd, afterLine: lineEnd + 2)
        }
        let line = String(decoding: buffer[readIndex..<lineEnd], as: UTF8.self)
        let afterLine = lineEnd + 2
        let (verb, rest) = Self.split(line)
        switch verb.uppercased() {
        case "PING": queue.consume(upTo: afterLine); return .ping
        case "PONG": queue.consume(upTo: afterLine); return .pong
        case "+OK": queue.consume(upTo: afterLine); return .ok
        case "-ERR":
            queue.consume(upTo: afterLine)
            return .error(rest.trimmingCharacters(in: CharacterSet(charactersIn: "' ")))
        case "INFO":
            queue.consume(upTo: afterLine)
            do { return .info(try JSONDecoder().decode(NATSServerInfo.self, from: Data(rest.utf8))) } catch {
                throw .malformed("INFO is not the expected JSON: \(error)")
            }
        case "MSG": return try decodeMessage(arguments: rest, afterLine: afterLine, hasHeaders: false)
        case "HMSG": return try decodeMessage(arguments: rest, afterLine: afterLine, hasHeaders: true)
        default: throw .malformed("unknown operation \"\(verb.prefix(16))\"")
        }
    }

    /// `MSG subject sid [reply] size` or `HMSG subject sid [reply] headerSize totalSize`.
    private mutating func decodeMessage(arguments: String, afterLine: Int, hasHeaders: Bool) throws(NATSError) -> NATSServerOperation? {
        let fields = arguments.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let sizeCount = hasHeaders ? 2 : 1
        guard fields.count == 2 + sizeCount || fields.count == 3 + sizeCount, let sid = Int(fields[1]) else {
            throw .malformed("\(hasHeaders ? "HMSG" : "MSG") arguments \"\(arguments.prefix(64))\"")
        }
        let sizes = fields.suffix(sizeCount).map { Int($0) }
        guard let total = sizes.last ?? nil, total >= 0, let headerSize = hasHeaders ? sizes[0] : 0, headerSize >= 0, headerSize <= total else {
            throw .malformed("message sizes \"\(arguments.prefix(64))\"")
        }
        guard total <= maximumPayload else { throw .payloadTooLarge(length: total, limit: maximumPayload) }
        guard buffer.count - afterLine >= total + 2 else { return nil }
        guard buffer[afterLine + total] == 13, buffer[afterLine + total + 1] == 10 else {
            throw .malformed("payload not followed by CRLF")
        }
        var message = NATSMessage(subject: fields[0], sid: sid, replyTo: fields.count == 3 + sizeCount ? fields[2] : nil,
                                  payload: Array(buffer[(afterLine + headerSize)..<(afterLine + total)]))
        if hasHeaders {
            (message.status, message.headers) = try Self.parseHeaders(buffer[afterLine..<(afterLine + headerSize)])
        }
        queue.consume(upTo: afterLine + total + 2)
        return .message(message)
    }

    /// `MSG subject sid [reply] size`, read straight from the buffer: no array of fields, no
    /// string but the subject (and reply subject).
    private mutating func decodeMessageFast(arguments: Range<Int>, afterLine: Int) throws(NATSError) -> NATSServerOperation? {
        // Up to four space-separated fields; a fifth makes the line malformed.
        var starts = (0, 0, 0, 0), ends = (0, 0, 0, 0)
        let count = buffer.withUnsafeBufferPointer { bytes -> Int in
            var count = 0, index = arguments.lowerBound
            while index < arguments.upperBound {
                while index < arguments.upperBound, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
                guard index < arguments.upperBound else { break }
                let begin = index
                while index < arguments.upperBound, bytes[index] != 0x20, bytes[index] != 0x09 { index += 1 }
                switch count {
                case 0: (starts.0, ends.0) = (begin, index)
                case 1: (starts.1, ends.1) = (begin, index)
                case 2: (starts.2, ends.2) = (begin, index)
                case 3: (starts.3, ends.3) = (begin, index)
                default: return 5
                }
                count += 1
            }
            return count
        }
        let sizeField = count == 4 ? starts.3..<ends.3 : starts.2..<ends.2
        guard count == 3 || count == 4, let sid = integer(starts.1..<ends.1), let size = integer(sizeField) else {
            throw .malformed("MSG arguments \"\(String(decoding: buffer[arguments].prefix(64), as: UTF8.self))\"")
        }
        guard size <= maximumPayload else { throw .payloadTooLarge(length: size, limit: maximumPayload) }
        guard buffer.count - afterLine >= size + 2 else { return nil }
        guard buffer[afterLine + size] == 13, buffer[afterLine + size + 1] == 10 else { throw .malformed("payload not followed by CRLF") }
        let message = NATSMessage(subject: String(decoding: buffer[starts.0..<ends.0], as: UTF8.self), sid: sid,
                                  replyTo: count == 4 ? String(decoding: buffer[starts.2..<ends.2], as: UTF8.self) : nil,
                                  payload: Array(buffer[afterLine..<(afterLine + size)]))
        queue.consume(upTo: afterLine + size + 2)
        return .message(message)
    }

    /// A non-negative decimal integer of at most 12 digits.
    private func integer(_ range: Range<Int>) -> Int? {
        guard !range.isEmpty, range.count <= 12 else { return nil }
        return buffer.withUnsafeBufferPointer { bytes -> Int? in
            var value = 0
            for index in range {
                let digit = bytes[index] &- 0x30
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
            }
            return value
        }
    }

    /// `NATS/1.0 [status [description]]` then `Name: value` lines up to a blank line.
    static func parseHeaders(_ bytes: ArraySlice<UInt8>) throws(NATSError) -> (Int?, [(name: String, value: String)]) {
        let lines = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n")
        guard let first = lines.first, first.hasPrefix("NATS/1.0") else { throw .malformed("header block without NATS/1.0") }
        let statusText = first.dropFirst("NATS/1.0".count).trimmingCharacters(in: .whitespaces)
        let status = statusText.split(separator: " ").first.flatMap { Int($0) }
        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { throw .malformed("header line without a colon") }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        return (status, headers)
    }

    private func findLineEnd() -> Int? {
        let end = min(buffer.count, readIndex + maximumControlLineLength + 2)
        guard end - readIndex >= 2 else { return nil }
        return buffer.withUnsafeBufferPointer { bytes -> Int? in
            var index = readIndex
            while index + 1 < end {
                // Jump to the next CR (memchr), then check its LF.
                guard let found = memchr(bytes.baseAddress! + index, 13, end - 1 - index) else { return nil }
                index = UnsafeRawPointer(bytes.baseAddress!).distance(to: UnsafeRawPointer(found))
                if bytes[index + 1] == 10 { return index }
                index += 1
            }
            return nil
        }
    }

    /// The operation name and the rest of the line (after one run of spaces or tabs).
    private static func split(_ line: String) -> (Substring, String) {
        guard let space = line.firstIndex(where: { $0 == " " || $0 == "\t" }) else { return (Substring(line), "") }
        return (line[..<space], String(line[space...].drop { $0 == " " || $0 == "\t" }))
    }
}
