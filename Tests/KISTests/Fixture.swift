import Foundation

/// Loads the KIS fixtures committed in `Tests/KISTests/Fixtures` (copied from the shared set).
enum Fixture {
    /// `Tests/KISTests/Fixtures`, found from this file's path.
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// The raw bytes of a fixture.
    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    /// The raw data of a fixture.
    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(name))
    }

    /// The first line of a text fixture, without its newline.
    static func line(_ name: String) throws -> String {
        try lines(name)[0]
    }

    /// The lines of a text fixture, without newlines.
    static func lines(_ name: String) throws -> [String] {
        String(decoding: try bytes(name), as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// The whole text of a fixture.
    static func text(_ name: String) throws -> String {
        String(decoding: try bytes(name), as: UTF8.self)
    }

    /// The key set of a JSON object, recursively: `a`, `a.b`, … (array elements as `a[]`).
    static func keyPaths(_ json: Data) throws -> Set<String> {
        var paths = Set<String>()
        func walk(_ value: Any, _ prefix: String) {
            if let object = value as? [String: Any] {
                for (key, child) in object {
                    let path = prefix.isEmpty ? key : "\(prefix).\(key)"
                    paths.insert(path)
                    walk(child, path)
                }
            } else if let array = value as? [Any] {
                for child in array { walk(child, prefix + "[]") }
            }
        }
        walk(try JSONSerialization.jsonObject(with: json), "")
        return paths
    }

    /// A JSON fixture with the doc's elision strings (`"... (27 more items omitted)"`) removed
    /// from arrays, since they are not real data.
    static func withoutElisions(_ name: String) throws -> Data {
        var object = try JSONSerialization.jsonObject(with: try data(name)) as! [String: Any]
        for (key, value) in object {
            if let array = value as? [Any] { object[key] = array.filter { !($0 is String) } }
        }
        return try JSONSerialization.data(withJSONObject: object)
    }
}
