import Foundation

/// Reads the shared KIS fixtures committed with the KIS tests (`Tests/KISTests/Fixtures`).
enum Fixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("KISTests/Fixtures")

    static func text(_ name: String) throws -> String {
        String(decoding: try Data(contentsOf: directory.appendingPathComponent(name)), as: UTF8.self)
    }

    /// The first line, without its newline.
    static func line(_ name: String) throws -> String {
        String(try text(name).split(separator: "\n")[0])
    }
}
