extension MarketClock {
    /// The one `HH:MM` parser: a 24-hour time of day (`09:00`, or `09:00:30` when `allowsSeconds`)
    /// → seconds since midnight. Anything else is `nil`, which every caller turns into its own error
    /// (a usage error for a flag, exit 78 for configuration): no caller falls back to a default.
    public static func secondsOfDay(parsing text: some StringProtocol, allowsSeconds: Bool = true) -> Double? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || (allowsSeconds && parts.count == 3) else { return nil }
        var values: [Int] = []
        for part in parts {
            guard let value = Int(part) else { return nil }
            values.append(value)
        }
        guard (0..<24).contains(values[0]), (0..<60).contains(values[1]),
              values.count == 2 || (0..<60).contains(values[2]) else { return nil }
        return Double(values[0] * 3600 + values[1] * 60 + (values.count == 3 ? values[2] : 0))
    }
}
