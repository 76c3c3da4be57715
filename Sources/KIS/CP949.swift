#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// cp949 (Korean Windows code page, a superset of EUC-KR) conversion for the master files, via the
/// C library's `iconv` (glibc ships a `CP949`/`UHC` gconv module).
///
/// When `iconv` cannot convert (no gconv module on the machine, or invalid bytes), ``decode(_:)``
/// falls back to ASCII with U+FFFD for every non-ASCII byte pair; the master-file codec keeps the
/// raw bytes anyway, so its byte-level round trip never depends on this.
public enum CP949 {
    /// Decodes cp949 bytes; `nil` only if conversion failed (see ``decodeLossy(_:)``).
    public static func decode(_ bytes: [UInt8]) -> String? {
        guard let utf8 = convert(bytes, from: "CP949", to: "UTF-8") else { return nil }
        return String(validating: utf8, as: UTF8.self)
    }

    /// Decodes cp949 bytes, falling back to ASCII with U+FFFD replacements.
    public static func decodeLossy(_ bytes: [UInt8]) -> String {
        if let text = decode(bytes) { return text }
        var scalars = String.UnicodeScalarView()
        var index = 0
        while index < bytes.count {
            if bytes[index] < 0x80 {
                scalars.append(Unicode.Scalar(bytes[index]))
                index += 1
            } else {
                scalars.append("\u{FFFD}")
                index += 2  // cp949 non-ASCII characters are two bytes
            }
        }
        return String(scalars)
    }

    /// Encodes text as cp949; `nil` if a character has no cp949 form or iconv is unavailable.
    public static func encode(_ text: String) -> [UInt8]? {
        convert(Array(text.utf8), from: "UTF-8", to: "CP949")
    }

    /// Runs one whole-buffer iconv conversion.
    private static func convert(_ input: [UInt8], from source: String, to target: String) -> [UInt8]? {
        if input.isEmpty { return [] }
        let descriptor = iconv_open(target, source)
        guard descriptor != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(descriptor) }
        var inputCopy = input.map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: input.count * 2 + 8)  // UTF-8 ≤ 1.5 × cp949
        let produced: Int? = inputCopy.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer = inBuffer.baseAddress
                var inLeft = inBuffer.count
                var outPointer = outBuffer.baseAddress
                var outLeft = outBuffer.count
                let result = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                guard result != -1 && inLeft == 0 else { return nil }
                return outBuffer.count - outLeft
            }
        }
        guard let produced else { return nil }
        return output[..<produced].map { UInt8(bitPattern: $0) }
    }
}
