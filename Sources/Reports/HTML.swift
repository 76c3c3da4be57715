/// Escaping for text placed into HTML and SVG (element content and quoted attribute values).
public enum HTML {
    /// `&`, `<`, `>`, `"` and `'` as entities; control characters other than tab and newline dropped.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            default: if scalar.value >= 0x20 && scalar.value != 0x7F { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// A number for SVG coordinates: at most 1 decimal, no locale.
    static func n(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        let r = (x * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }
}
