import System

/// `--name value` options of a benchmark.
enum BenchOptions {
    static func value(_ name: String, in arguments: [String]) -> String? {
        guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
        return arguments[index + 1]
    }

    /// `--seed N`, or `fallback` without it; a value that is not a number is a usage error.
    static func seed(in arguments: [String], default fallback: UInt64 = 41) throws -> UInt64 {
        guard let text = value("--seed", in: arguments) else { return fallback }
        guard let seed = UInt64(text) else { throw ExitError(.usage, "--seed: not a number: \(text)") }
        return seed
    }
}
