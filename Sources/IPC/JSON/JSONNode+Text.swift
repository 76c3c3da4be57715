extension JSONNode {
    /// The compact JSON text (no spaces, members in order, non-ASCII kept as UTF-8), so a message
    /// built as a node comes out byte for byte like a captured one (KIS control messages:
    /// `JSONEncoder` does not promise key order). A non-finite double is written as `null`.
    public var compactText: String {
        var out: [UInt8] = []
        write(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private func write(to out: inout [UInt8]) {
        switch self {
        case .null: JSONText.append("null", to: &out)
        case .bool(let value): JSONText.append(value ? "true" : "false", to: &out)
        case .integer(let value): JSONText.appendInteger(value, to: &out)
        case .double(let value): if !JSONText.appendDouble(value, to: &out) { JSONText.append("null", to: &out) }
        case .string(let value): JSONText.appendString(value, to: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                element.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSONText.appendString(member.key, to: &out)
                out.append(UInt8(ascii: ":"))
                member.value.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }
}
