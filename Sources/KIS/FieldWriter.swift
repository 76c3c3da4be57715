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
        FieldWriter.appendUTF8(value, to: &bytes)
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
        var digits = 1
        var probe = magnitude
        while probe >= 10 { probe /= 10; digits += 1 }
        let width = max(digits, minimumDigits)
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0x30, count: width))
        bytes.withUnsafeMutableBufferPointer { buffer in
            var index = start + width - 1
            repeat {
                buffer[index] = UInt8(truncatingIfNeeded: magnitude % 10) &+ 0x30
                magnitude /= 10
                index -= 1
            } while magnitude > 0
        }
    }

    /// Appends a string's UTF-8 bytes, via contiguous storage when available.
    @inline(__always)
    static func appendUTF8(_ value: String, to bytes: inout [UInt8]) {
        let copied: Void? = value.utf8.withContiguousStorageIfAvailable { bytes.append(contentsOf: $0) }
        if copied == nil { bytes.append(contentsOf: value.utf8) }
    }
}
