/// The JSON spellings of primitives, appended to a byte array: shared by the generic
/// `FastJSONEncoder` and the hand-written batch writers, so both produce the same bytes.
public enum JSONText {
    /// Appends ASCII punctuation and member names known at compile time (`,"price":`) in one copy.
    @inline(__always)
    static func append(_ text: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends `string` quoted, escaping `"`, `\` and control characters.
    static func appendString(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Most strings (codes, times, names) need no escaping: copy them in one go.
        let copied: Bool? = string.utf8.withContiguousStorageIfAvailable { utf8 in
            for byte in utf8 where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return false }
            out.append(contentsOf: utf8)
            return true
        }
        if copied != true { appendEscaped(string, to: &out) }
        out.append(UInt8(ascii: "\""))
    }

    /// `string` as a quoted JSON string (for writers that build `String`s: the KIS request bodies,
    /// kis-sim's event log).
    public static func quoted(_ string: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(string.utf8.count + 2)
        appendString(string, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static func appendEscaped(_ string: String, to out: inout [UInt8]) {
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\\")); out.append(byte)
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(byte)
            case 0x0a: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
            case 0x0d: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
            case 0x09: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "t"))
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                        hex[Int(byte >> 4)], hex[Int(byte & 0xf)]])
            default: out.append(byte)
            }
        }
    }

    /// Appends the decimal digits of `value` (for other modules: the generic one below is not
    /// specialized across a module boundary, and would run through witness tables).
    public static func appendDecimal(_ value: Int, to out: inout [UInt8]) { appendInteger(value, to: &out) }

    /// Appends the decimal digits of `value`.
    static func appendInteger<T: BinaryInteger>(_ value: T, to out: inout [UInt8]) {
        if value == 0 { out.append(UInt8(ascii: "0")); return }
        var magnitude = value.magnitude
        if value < 0 { out.append(UInt8(ascii: "-")) }
        // 20 digits hold any 64-bit magnitude; written backwards into a stack buffer, copied once.
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            var start = 20
            while magnitude > 0 {
                start -= 1
                buffer[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[start..<20]))
        }
    }

    /// Appends `value`: integral values below 1e15 without a fraction, others as Swift prints them.
    /// - Returns: `false` (nothing appended) for infinities and NaN, which JSON cannot spell.
    static func appendDouble(_ value: Double, to out: inout [UInt8]) -> Bool {
        guard value.isFinite else { return false }
        if value == value.rounded(), abs(value) < 1e15 {
            appendInteger(Int64(value), to: &out)
        } else {
            out.append(contentsOf: value.description.utf8)
        }
        return true
    }
}
