import IPC

/// One sample of a stock's tape: market time, last price and cumulative volume.
public struct TapeSample: Sendable, Equatable {
    public var time: Double
    public var price: Int
    public var cumulativeVolume: Int
}

/// A bounded ring buffer of tape samples covering the last `span` seconds, at most one sample per
/// `resolution` seconds (a later tick in the same bucket replaces the earlier one), so memory per
/// stock is fixed however fast it trades: 15 min at 1 s is 902 samples.
public struct RollingWindow: Sendable {
    public let span: Double
    public let resolution: Double
    private var storage: [TapeSample]
    private var start = 0
    public private(set) var count = 0

    public init(span: Double = 900, resolution: Double = 1) {
        self.span = span; self.resolution = max(resolution, 0.001)
        storage = []
    }

    private var capacity: Int { Int((span / resolution).rounded(.up)) + 2 }

    private func index(_ i: Int) -> Int { (start + i) % storage.count }

    /// The `i`-th sample, oldest first.
    public subscript(i: Int) -> TapeSample { storage[index(i)] }

    public var last: TapeSample? { count == 0 ? nil : self[count - 1] }

    /// Adds a sample, replacing the last one when both fall in the same bucket.
    public mutating func append(_ sample: TapeSample) {
        if let last, (last.time / resolution).rounded(.down) == (sample.time / resolution).rounded(.down) || sample.time < last.time {
            storage[index(count - 1)] = TapeSample(time: max(last.time, sample.time), price: sample.price,
                                                   cumulativeVolume: max(last.cumulativeVolume, sample.cumulativeVolume))
            return
        }
        if count == storage.count {
            if storage.count < capacity {
                // Grow lazily: a REST-polled stock never needs the full capacity.
                if start != 0 { storage = (0..<count).map { self[$0] }; start = 0 }
                storage.append(sample)
                count += 1
            } else {
                storage[start] = sample
                start = (start + 1) % storage.count
            }
        } else {
            storage[index(count)] = sample
            count += 1
        }
        trim(before: sample.time - span)
    }

    /// The latest sample at or before `time`, `nil` if the window does not reach back that far.
    public func sample(atOrBefore time: Double) -> TapeSample? {
        index(atOrBefore: time).map { self[$0] }
    }

    /// The index of the latest sample at or before `time`, oldest first; nil if none is.
    public func index(atOrBefore time: Double) -> Int? {
        var low = 0, high = count - 1, found: Int?
        while low <= high {
            let mid = (low + high) / 2
            if self[mid].time <= time { found = mid; low = mid + 1 } else { high = mid - 1 }
        }
        return found
    }

    /// Drops every sample but the newest one older than `time` (kept as the window's anchor).
    private mutating func trim(before time: Double) {
        while count > 2, self[1].time <= time {
            start = (start + 1) % storage.count
            count -= 1
        }
    }

    /// Forgets everything.
    public mutating func removeAll() { storage = []; start = 0; count = 0 }
}

/// Persisted (`SignalsSnapshot`) as one string of differences, oldest first: after the first
/// sample's time, each sample's milliseconds, price and cumulative volume less the previous
/// sample's, `ms,price,volume;` (small numbers, written and read by hand: a whole market's tapes
/// are most of a snapshot, and one JSON number each made saving it 5× slower). Decoding appends
/// the samples again, so a window saved with another span or resolution is re-bucketed.
extension RollingWindow: Codable {
    private enum CodingKeys: String, CodingKey { case span, resolution, start, samples }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(span, forKey: .span)
        try container.encode(resolution, forKey: .resolution)
        let origin = count > 0 ? self[0].time : 0
        try container.encode(origin, forKey: .start)
        var text: [UInt8] = []
        text.reserveCapacity(count * 12)
        var previous = TapeSample(time: origin, price: 0, cumulativeVolume: 0), previousMilliseconds = 0
        for i in 0..<count {
            let sample = self[i]
            let milliseconds = Int(((sample.time - origin) * 1000).rounded())
            JSONText.appendDecimal(milliseconds - previousMilliseconds, to: &text); text.append(UInt8(ascii: ","))
            JSONText.appendDecimal(sample.price - previous.price, to: &text); text.append(UInt8(ascii: ","))
            JSONText.appendDecimal(sample.cumulativeVolume - previous.cumulativeVolume, to: &text); text.append(UInt8(ascii: ";"))
            previous = sample; previousMilliseconds = milliseconds
        }
        try container.encode(String(decoding: text, as: UTF8.self), forKey: .samples)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(span: try container.decode(Double.self, forKey: .span),
                  resolution: try container.decode(Double.self, forKey: .resolution))
        let origin = try container.decode(Double.self, forKey: .start)
        var text = try container.decode(String.self, forKey: .samples)
        let valid = text.withUTF8 { bytes -> Bool in
            var index = 0, milliseconds = 0, price = 0, volume = 0
            while index < bytes.count {
                guard let dt = Self.integer(in: bytes, at: &index, before: ","), let dp = Self.integer(in: bytes, at: &index, before: ","),
                      let dv = Self.integer(in: bytes, at: &index, before: ";") else { return false }
                milliseconds += dt; price += dp; volume += dv
                append(TapeSample(time: origin + Double(milliseconds) / 1000, price: price, cumulativeVolume: volume))
            }
            return true
        }
        guard valid else {
            throw DecodingError.dataCorruptedError(forKey: .samples, in: container,
                                                   debugDescription: "a tape sample is not \"ms,price,volume;\"")
        }
    }

    /// The decimal integer at `index` up to `terminator` (consumed); nil when malformed.
    private static func integer(in bytes: UnsafeBufferPointer<UInt8>, at index: inout Int, before terminator: Unicode.Scalar) -> Int? {
        var negative = false, value = 0, digits = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { negative = true; index += 1 }
        while index < bytes.count, bytes[index] != UInt8(ascii: terminator) {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10, digits < 18 else { return nil }
            value = value * 10 + Int(digit); digits += 1; index += 1
        }
        guard digits > 0, index < bytes.count else { return nil }
        index += 1
        return negative ? -value : value
    }

    /// The same samples in a window of another span and resolution (the configured ones).
    func resampled(span: Double, resolution: Double) -> RollingWindow {
        guard span != self.span || resolution != self.resolution else { return self }
        var window = RollingWindow(span: span, resolution: resolution)
        for i in 0..<count { window.append(self[i]) }
        return window
    }
}
