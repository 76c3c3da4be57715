/// A benchmark that could not be measured (its pipeline never became ready, its output could not
/// be read back).
public struct BenchmarkError: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ description: String) { self.description = description }
}
