import Foundation
import IPC
import System
import KIS

/// `kisctl fixture-archive FIXTURES OUT`: the real KIS payloads in FIXTURES (e.g.
/// `Tests/KISTests/Fixtures`) as a session archive in OUT, for `./run --replay OUT`.
enum FixtureArchiveCommand {
    static func run(arguments: [String], logger: Logger) throws {
        guard arguments.count == 2 else { throw ExitError(.usage, "usage: kisctl fixture-archive FIXTURE_DIR OUT_DIR") }
        let count = try FixtureArchive.write(fixtureDirectory: URL(fileURLWithPath: arguments[0]), to: arguments[1], logger: logger)
        print("\(count) records from \(arguments[0]) in \(arguments[1]) (replay: ./run --replay \(arguments[1]) --start 08:59 --speed 1)")
    }
}
