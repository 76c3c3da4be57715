import IPC

/// Each stock's last price in every market minute from the open (09:00–15:39), for judging signals
/// by what the price did afterwards. Fixed memory per stock (400 × 4 bytes); a minute the stock
/// was not seen in holds 0 and reads as the last close before it. Prices before the open (the
/// auction's previous close or expected price) are not kept: a signal before the open is entered
/// at the first minute's close.
public struct MinuteCloses: Sendable {
    /// Minute 0 is 09:00 KST; the last is 15:39.
    public static let firstSecond: Double = 9 * 3600
    public static let minutes = 400
    private var closes: [String: [Int32]] = [:]

    public init() {}

    public var codes: Dictionary<String, [Int32]>.Keys { closes.keys }

    /// The minute a signal at `secondOfDay` is entered in: its own, or the first for one before the open.
    public static func entryMinute(_ secondOfDay: Double) -> Int? { minute(max(secondOfDay, firstSecond)) }

    /// The minute index of `secondOfDay`, nil outside the day.
    public static func minute(_ secondOfDay: Double) -> Int? {
        let index = Int(((secondOfDay - firstSecond) / 60).rounded(.down))
        return index >= 0 && index < minutes ? index : nil
    }

    /// Folds in a price of `code` seen at `secondOfDay` (seconds of the KST day); times go forward.
    public mutating func observe(code: String, price: Int, secondOfDay: Double) {
        guard price > 0, price <= Int(Int32.max), let minute = Self.minute(secondOfDay) else { return }
        closes[code, default: Array(repeating: 0, count: Self.minutes)][minute] = Int32(price)
    }

    /// The close of minute `minute` or, if the stock was not seen in it, of the last minute before it it was.
    public func close(of code: String, minute: Int) -> Int? {
        guard let series = closes[code], minute >= 0 else { return nil }
        var index = min(minute, Self.minutes - 1)
        while index >= 0 {
            if series[index] > 0 { return Int(series[index]) }
            index -= 1
        }
        return nil
    }

    /// Minute closes of `code` from its first seen minute, carried forward through unseen minutes.
    public func filled(_ code: String) -> [Int] {
        guard let series = closes[code] else { return [] }
        var out: [Int] = [], last = 0
        for value in series {
            if value > 0 { last = Int(value) }
            out.append(last)
        }
        return out
    }

    public mutating func reset() { closes = [:] }
}
