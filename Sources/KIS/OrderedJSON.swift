import IPC

/// A JSON value with ordered object keys, written compactly — so control messages come out
/// byte-for-byte like the captured KIS ones (`JSONEncoder` does not promise key order).
enum OrderedJSON: Equatable {
    case string(String)
    case number(Int)
    case object([(String, OrderedJSON)])

    static func == (lhs: OrderedJSON, rhs: OrderedJSON) -> Bool {
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.object(let a), .object(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// The compact JSON text (no spaces, non-ASCII kept as UTF-8).
    var text: String {
        var output = ""
        write(to: &output)
        return output
    }

    private func write(to output: inout String) {
        switch self {
        case .string(let value): output += JSONText.quoted(value)
        case .number(let value): output += String(value)
        case .object(let members):
            output += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { output += "," }
                output += JSONText.quoted(member.0)
                output += ":"
                member.1.write(to: &output)
            }
            output += "}"
        }
    }
}
