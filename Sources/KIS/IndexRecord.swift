/// One tick of a market index (KIS realtime TR `H0UPCNT0`, 국내지수 실시간체결).
///
/// Unlike stock TRs, index changes arrive **unsigned** with a separate sign; use
/// ``signedChange``. `ACML_VOL` appears to be in thousands of shares and `ACML_TR_PBMN` in
/// millions of KRW (inferred from magnitudes, UNCERTAIN).
public struct IndexRecord: Sendable, Equatable, Hashable, Codable {
    /// Sector code (`0001` KOSPI, `1001` KOSDAQ, `2001` KOSPI200).
    public var indexCode: String
    /// Time, `HHMMSS`.
    public var time: String
    /// Index value.
    public var value: Double
    /// Sign and unsigned magnitude of the change versus the previous close.
    public var changeSign: ChangeSign
    public var change: Double
    /// Cumulative volume and amount.
    public var cumulativeVolume: Int
    public var cumulativeAmount: Int
    /// Volume and amount of this tick.
    public var tickVolume: Int
    public var tickAmount: Int
    /// Change rate versus the previous close, percent (signed).
    public var changeRate: Double
    /// Day open, high, low.
    public var open: Double
    public var high: Double
    public var low: Double
    /// Distance of the value from the open, high and low (unsigned magnitude and sign).
    public var changeFromOpen: Double
    public var changeFromOpenSign: ChangeSign
    public var changeFromHigh: Double
    public var changeFromHighSign: ChangeSign
    public var changeFromLow: Double
    public var changeFromLowSign: ChangeSign
    /// Open, high and low versus the previous close, percent.
    public var openRateVersusPreviousClose: Double
    public var highRateVersusPreviousClose: Double
    public var lowRateVersusPreviousClose: Double
    /// Issue counts: at upper limit, rising, unchanged, falling, at lower limit.
    public var upperLimitCount: Int
    public var risingCount: Int
    public var unchangedCount: Int
    public var fallingCount: Int
    public var lowerLimitCount: Int
    /// Issue counts with rising / falling quotes (`QTQT_*`).
    public var quoteRisingCount: Int
    public var quoteFallingCount: Int
    /// `TICK_VRSS`.
    public var tickChange: Int

    /// The change versus the previous close with its sign applied.
    public var signedChange: Double { changeSign.signed(change) }

    /// Creates an index tick; unspecified figures are zero.
    public init(indexCode: String, time: String, value: Double, changeSign: ChangeSign = .unchanged,
                change: Double = 0, cumulativeVolume: Int = 0, cumulativeAmount: Int = 0, tickVolume: Int = 0,
                tickAmount: Int = 0, changeRate: Double = 0, open: Double = 0, high: Double = 0, low: Double = 0,
                changeFromOpen: Double = 0, changeFromOpenSign: ChangeSign = .unchanged,
                changeFromHigh: Double = 0, changeFromHighSign: ChangeSign = .unchanged,
                changeFromLow: Double = 0, changeFromLowSign: ChangeSign = .unchanged,
                openRateVersusPreviousClose: Double = 0, highRateVersusPreviousClose: Double = 0,
                lowRateVersusPreviousClose: Double = 0, upperLimitCount: Int = 0, risingCount: Int = 0,
                unchangedCount: Int = 0, fallingCount: Int = 0, lowerLimitCount: Int = 0,
                quoteRisingCount: Int = 0, quoteFallingCount: Int = 0, tickChange: Int = 0) {
        self.indexCode = indexCode; self.time = time; self.value = value; self.changeSign = changeSign
        self.change = change; self.cumulativeVolume = cumulativeVolume; self.cumulativeAmount = cumulativeAmount
        self.tickVolume = tickVolume; self.tickAmount = tickAmount; self.changeRate = changeRate
        self.open = open; self.high = high; self.low = low
        self.changeFromOpen = changeFromOpen; self.changeFromOpenSign = changeFromOpenSign
        self.changeFromHigh = changeFromHigh; self.changeFromHighSign = changeFromHighSign
        self.changeFromLow = changeFromLow; self.changeFromLowSign = changeFromLowSign
        self.openRateVersusPreviousClose = openRateVersusPreviousClose
        self.highRateVersusPreviousClose = highRateVersusPreviousClose
        self.lowRateVersusPreviousClose = lowRateVersusPreviousClose
        self.upperLimitCount = upperLimitCount; self.risingCount = risingCount
        self.unchangedCount = unchangedCount; self.fallingCount = fallingCount
        self.lowerLimitCount = lowerLimitCount; self.quoteRisingCount = quoteRisingCount
        self.quoteFallingCount = quoteFallingCount; self.tickChange = tickChange
    }
}

extension IndexRecord {
    /// Reads one H0UPCNT0 record (≥ 30 fields; extra fields are skipped by the caller).
    init(reading cursor: inout FieldCursor) throws(FieldError) {
        indexCode = cursor.string(); time = cursor.string(); value = try cursor.double()
        changeSign = try cursor.sign(); change = try cursor.double()
        cumulativeVolume = try cursor.int(); cumulativeAmount = try cursor.int()
        tickVolume = try cursor.int(); tickAmount = try cursor.int(); changeRate = try cursor.double()
        open = try cursor.double(); high = try cursor.double(); low = try cursor.double()
        changeFromOpen = try cursor.double(); changeFromOpenSign = try cursor.sign()
        changeFromHigh = try cursor.double(); changeFromHighSign = try cursor.sign()
        changeFromLow = try cursor.double(); changeFromLowSign = try cursor.sign()
        openRateVersusPreviousClose = try cursor.double(); highRateVersusPreviousClose = try cursor.double()
        lowRateVersusPreviousClose = try cursor.double()
        upperLimitCount = try cursor.int(); risingCount = try cursor.int(); unchangedCount = try cursor.int()
        fallingCount = try cursor.int(); lowerLimitCount = try cursor.int()
        quoteRisingCount = try cursor.int(); quoteFallingCount = try cursor.int(); tickChange = try cursor.int()
    }

    /// Writes this record's 30 fields.
    func write(to writer: inout FieldWriter) {
        writer.string(indexCode); writer.string(time); writer.fixed2(value); writer.sign(changeSign)
        writer.fixed2(change); writer.int(cumulativeVolume); writer.int(cumulativeAmount)
        writer.int(tickVolume); writer.int(tickAmount); writer.fixed2(changeRate)
        writer.fixed2(open); writer.fixed2(high); writer.fixed2(low)
        writer.fixed2(changeFromOpen); writer.sign(changeFromOpenSign)
        writer.fixed2(changeFromHigh); writer.sign(changeFromHighSign)
        writer.fixed2(changeFromLow); writer.sign(changeFromLowSign)
        writer.fixed2(openRateVersusPreviousClose); writer.fixed2(highRateVersusPreviousClose)
        writer.fixed2(lowRateVersusPreviousClose)
        writer.int(upperLimitCount); writer.int(risingCount); writer.int(unchangedCount)
        writer.int(fallingCount); writer.int(lowerLimitCount)
        writer.int(quoteRisingCount); writer.int(quoteFallingCount); writer.int(tickChange)
    }
}
