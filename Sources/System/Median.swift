/// The median of a sample: the middle value, or the mean of the middle two for an even count; nil
/// when empty. One definition for the engine's, the allocator's and the benchmarks' medians.
public enum Median {
    public static func of(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
