/// Appends `^`-separated field values to a byte buffer, formatted the way KIS sends them:
/// integers without separators or `+`, decimals with exactly two places, flags as `Y`/`N`.
struct FieldWriter {
    /// The bytes written so far.
    var bytes: [UInt8]
    private var isFirstField = true

    init(bytes: [UInt8] = []) { self.bytes = bytes }

    /// Starts a new field (writes the `^` separator unless this is the first field).
    @inline(__always)
    mutating func separate() {
        if isFirstField { isFirstField = false } else { bytes.append(FieldCursor.caret) }
    }

    /// Writes a text field as-is.
    mutating func string(_ value: String) {
        separate()
        bytes.append(contentsOf: value.utf8)
    }

    /// Writes a signed integer (`-100`, `71900`).
    mutating func int(_ value: Int) {
        separate()
        FieldWriter.appendInteger(value, minimumDigits: 1, to: &bytes)
    }

    /// Writes an optional integer, zero-padded to `width` digits; `nil` writes an empty field.
    mutating func paddedInt(_ value: Int?, width: Int) {
        separate()
        if let value { FieldWriter.appendInteger(value, minimumDigits: width, to: &bytes) }
    }

    /// Writes a decimal with exactly two fraction digits (`-0.14`, `84.90`, `0.00`).
    mutating func fixed2(_ value: Double) {
        separate()
        guard value.isFinite else { bytes.append(0x30); return }
        let hundredths = (abs(value) * 100).rounded()
        // Out of Int range cannot come from a parsed frame; clamp rather than trap.
        let scaled = hundredths < 9.0e17 ? Int(hundredths) : 900_000_000_000_000_000
        if value < 0 && scaled != 0 { bytes.append(0x2D) }
        FieldWriter.appendInteger(scaled / 100, minimumDigits: 1, to: &bytes)
        bytes.append(0x2E)
        FieldWriter.appendInteger(scaled % 100, minimumDigits: 2, to: &bytes)
    }

    /// Writes a change sign as its digit.
    mutating func sign(_ value: ChangeSign) { int(value.rawValue) }

    /// Writes a flag as `Y` or `N`.
    mutating func flag(_ value: Bool) {
        separate()
        bytes.append(value ? 0x59 : 0x4E)
    }

    /// Appends the decimal digits of `value` (with `-` if negative), zero-padded to `minimumDigits`.
    static func appendInteger(_ value: Int, minimumDigits: Int, to bytes: inout [UInt8]) {
        var magnitude = value.magnitude
        if value < 0 { bytes.append(0x2D) }
        var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes ≥ 20 digits of UInt64
        let count = withUnsafeMutableBytes(of: &scratch) { raw -> Int in
            var length = 0
            repeat {
                raw[23 - length] = UInt8(truncatingIfNeeded: magnitude % 10) &+ 0x30
                magnitude /= 10
                length += 1
            } while magnitude > 0 && length < 24
            return length
        }
        if minimumDigits > count {
            bytes.append(contentsOf: repeatElement(0x30, count: minimumDigits - count))
        }
        withUnsafeBytes(of: &scratch) { raw in bytes.append(contentsOf: raw[(24 - count)...]) }
    }
}
