/// Reads and writes KIS master files (`kospi_code.mst`, `kosdaq_code.mst`) at the byte level:
/// cp949 text, LF line endings, one ``MasterRecord`` per line.
///
/// Lines are split by bytes, not characters: the tail is the last ``MasterLayout/tailWidth``
/// bytes (all ASCII), the name is whatever lies between byte 21 and the tail.
public struct MasterFileCodec: Sendable {
    /// The tail layout (`.kospi` or `.kosdaq`).
    public var layout: MasterLayout

    /// Creates a codec for one market's layout.
    public init(layout: MasterLayout) { self.layout = layout }

    /// Parses one line (without its newline; a trailing CR or LF is ignored).
    public func parseLine<Bytes: Collection>(_ line: Bytes) throws(KISError) -> MasterRecord where Bytes.Element == UInt8 {
        var bytes = Array(line)
        while let last = bytes.last, last == 0x0A || last == 0x0D { bytes.removeLast() }
        let tailWidth = layout.tailWidth
        guard bytes.count >= 21 + tailWidth else {
            throw .malformedMasterLine("\(bytes.count) bytes, need at least \(21 + tailWidth) for \(layout.market)")
        }
        let tailStart = bytes.count - tailWidth
        guard bytes[tailStart...].allSatisfy({ $0 < 0x80 }) else {
            throw .malformedMasterLine("non-ASCII bytes in the fixed-width tail (wrong market layout?)")
        }
        let code = String(decoding: bytes[0..<9], as: UTF8.self).trimmingSpaces
        let standardCode = String(decoding: bytes[9..<21], as: UTF8.self)
        return MasterRecord(market: layout.market, code: code, standardCode: standardCode,
                            nameField: Array(bytes[21..<tailStart]), tail: Array(bytes[tailStart...]))
    }

    /// Parses a whole file; lines that fail are skipped and counted in `failures`.
    public func parseFile(_ bytes: [UInt8]) -> (records: [MasterRecord], failures: Int) {
        var records: [MasterRecord] = []
        var failures = 0
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: true) {
            do throws(KISError) {
                records.append(try parseLine(line))
            } catch {
                failures += 1
            }
        }
        return (records, failures)
    }

    /// Writes one line, newline included: the code padded to 9, the ISIN (12), the raw name
    /// field, then the tail padded or cut to the layout width.
    public func writeLine(_ record: MasterRecord) -> [UInt8] {
        var line = Array(record.code.utf8.prefix(9))
        line += [UInt8](repeating: 0x20, count: 9 - line.count)
        var isin = Array(record.standardCode.utf8.prefix(12))
        isin += [UInt8](repeating: 0x20, count: 12 - isin.count)
        line += isin
        line += record.nameField
        var tail = Array(record.tail.prefix(layout.tailWidth))
        tail += [UInt8](repeating: 0x20, count: layout.tailWidth - tail.count)
        line += tail
        line.append(0x0A)
        return line
    }

    /// Writes a whole file.
    public func writeFile(_ records: [MasterRecord]) -> [UInt8] {
        records.reduce(into: []) { $0 += writeLine($1) }
    }
}
