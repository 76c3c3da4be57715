/// Why one field of a record could not be read: its 0-based index within the record, and why.
struct FieldError: Error {
    var fieldIndex: Int
    var detail: String
}

/// Reads `^`-separated fields straight from bytes, with bounded number parsing.
///
/// The hot path of ``DataFrameParser``: no allocation except for the `String`s it is asked for
/// (field values up to 15 UTF-8 bytes are stored inline by `String`). Nothing here traps:
/// integers are limited to 18 digits, invalid UTF-8 is repaired with U+FFFD.
struct FieldCursor {
    private let base: UnsafePointer<UInt8>
    private(set) var position: Int
    private let end: Int
    /// Fields consumed since the last ``startRecord()``.
    private(set) var consumed = 0
    /// Start and end (exclusive) of the field most recently returned by ``next()``.
    private var fieldStart = 0
    private var fieldEnd = 0

    static let caret: UInt8 = 0x5E
    private static let maxDigits = 18
    /// 10^exponent for 0…18, exact in a Double.
    @inline(__always)
    private static func powerOfTen(_ exponent: Int) -> Double {
        switch exponent {
        case 0: return 1
        case 1: return 10
        case 2: return 100
        case 3: return 1_000
        case 4: return 10_000
        default:
            var value = 1.0
            for _ in 0..<exponent { value *= 10 }
            return value
        }
    }

    init(base: UnsafePointer<UInt8>, start: Int, end: Int) {
        self.base = base
        self.position = start
        self.end = end
    }

    /// Whether any bytes remain.
    var isAtEnd: Bool { position > end }

    /// Marks the start of a record (resets ``consumed``).
    mutating func startRecord() { consumed = 0 }

    /// Advances over the next field; reading past the end yields empty fields.
    @inline(__always)
    mutating func advance() {
        var index = position
        while index < end && base[index] != FieldCursor.caret { index += 1 }
        fieldStart = position
        fieldEnd = index
        position = index + 1
        consumed += 1
    }

    /// Skips `count` fields.
    mutating func skip(_ count: Int) {
        var remaining = count
        while remaining > 0 { advance(); remaining -= 1 }
    }

    /// The next field as a `String` (invalid UTF-8 repaired, never trapping).
    @inline(__always)
    mutating func string() -> String {
        advance()
        return String(decoding: UnsafeBufferPointer(start: base + fieldStart, count: fieldEnd - fieldStart),
                      as: UTF8.self)
    }

    /// The next field as a signed integer; empty reads as 0, a leading `+` is accepted.
    @inline(__always)
    mutating func int() throws(FieldError) -> Int {
        advance()
        return try parseInt(allowEmpty: true)
    }

    /// The next field as an optional integer: empty reads as `nil`.
    mutating func optionalInt() throws(FieldError) -> Int? {
        advance()
        if fieldStart == fieldEnd { return nil }
        return try parseInt(allowEmpty: false)
    }

    /// The next field as a required, non-empty integer (e.g. a trade price).
    @inline(__always)
    mutating func requiredInt() throws(FieldError) -> Int {
        advance()
        return try parseInt(allowEmpty: false)
    }

    /// The next field as a decimal (`-0.14`, `72023.83`); empty reads as 0.
    @inline(__always)
    mutating func double() throws(FieldError) -> Double {
        advance()
        var index = fieldStart
        var negative = false
        if index < fieldEnd && (base[index] == 0x2D || base[index] == 0x2B) {
            negative = base[index] == 0x2D
            index += 1
        }
        var mantissa = 0
        var digits = 0
        var fractionDigits = 0
        var seenPoint = false
        while index < fieldEnd {
            let byte = base[index]
            if byte == 0x2E && !seenPoint {
                seenPoint = true
            } else if byte &- 0x30 < 10 {
                digits += 1
                if digits > FieldCursor.maxDigits { throw fail("more than 18 digits") }
                mantissa = mantissa &* 10 &+ Int(byte &- 0x30)
                if seenPoint { fractionDigits += 1 }
            } else {
                throw fail("not a decimal number")
            }
            index += 1
        }
        if digits == 0 && fieldEnd > fieldStart { throw fail("not a decimal number") }
        // Exact for mantissas below 2^53: both operands are exact, the division rounds once.
        let value = Double(mantissa) / FieldCursor.powerOfTen(fractionDigits)
        return negative ? -value : value
    }

    /// The next field as a change sign (a single digit); empty reads as 0.
    @inline(__always)
    mutating func sign() throws(FieldError) -> ChangeSign {
        advance()
        let length = fieldEnd - fieldStart
        if length == 0 { return ChangeSign(rawValue: 0) }
        let digit = base[fieldStart] &- 0x30
        guard length == 1, digit < 10 else { throw fail("sign is not a single digit") }
        return ChangeSign(rawValue: Int(digit))
    }

    /// The next field as a `Y`/`N` flag: only `Y` is true.
    @inline(__always)
    mutating func flag() -> Bool {
        advance()
        return fieldEnd - fieldStart == 1 && base[fieldStart] == 0x59
    }

    @inline(__always)
    private func parseInt(allowEmpty: Bool) throws(FieldError) -> Int {
        var index = fieldStart
        var negative = false
        if index < fieldEnd && (base[index] == 0x2D || base[index] == 0x2B) {
            negative = base[index] == 0x2D
            index += 1
        }
        let digitCount = fieldEnd - index
        if digitCount == 0 {
            if allowEmpty && index == fieldStart { return 0 }
            throw fail(fieldEnd == fieldStart ? "empty" : "sign without digits")
        }
        if digitCount > FieldCursor.maxDigits { throw fail("more than 18 digits") }
        var value = 0
        while index < fieldEnd {
            let digit = base[index] &- 0x30
            guard digit < 10 else { throw fail("not an integer") }
            value = value &* 10 &+ Int(digit)
            index += 1
        }
        return negative ? -value : value
    }

    private func fail(_ detail: String) -> FieldError {
        FieldError(fieldIndex: consumed - 1, detail: detail)
    }
}
