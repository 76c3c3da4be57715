/// One stock line of a KIS master file (`kospi_code.mst` / `kosdaq_code.mst`, protocol.md §8.2).
///
/// ```
/// [0,9)    단축코드   "005930   "
/// [9,21)   표준코드   "KR7005930003"
/// [21,n)   한글명     cp949, space-padded (40 bytes in the 2022 KOSPI file)
/// [n,n+W)  tail       fixed-width ASCII, W = 227 (KOSPI) / 221 (KOSDAQ), see MasterLayout
/// ```
/// The raw name field and tail bytes are kept so a written line equals the parsed one byte for
/// byte; the typed properties read from them.
public struct MasterRecord: Sendable, Equatable, Hashable, Codable {
    /// `KOSPI` or `KOSDAQ` layout.
    public var market: String
    /// Short code, trimmed (`005930`).
    public var code: String
    /// ISIN (`KR7005930003`).
    public var standardCode: String
    /// The raw cp949 name field, padding included.
    public var nameField: [UInt8]
    /// The fixed-width tail, without the newline.
    public var tail: [UInt8]

    /// Creates a record from raw parts (as parsed).
    public init(market: String, code: String, standardCode: String, nameField: [UInt8], tail: [UInt8]) {
        self.market = market; self.code = code; self.standardCode = standardCode
        self.nameField = nameField; self.tail = tail
    }

    /// Creates a record for a writer: the name is cp949-encoded (ASCII fallback) and padded to
    /// 40 bytes; the tail starts blank except for the group code; set columns with ``set(_:to:)``.
    public init(layout: MasterLayout, code: String, standardCode: String, name: String, groupCode: String = "ST") {
        var nameBytes = CP949.encode(name) ?? Array(name.utf8.filter { $0 < 0x80 })
        if nameBytes.count < 40 { nameBytes += [UInt8](repeating: 0x20, count: 40 - nameBytes.count) }
        self.init(market: layout.market, code: code, standardCode: standardCode, nameField: nameBytes,
                  tail: [UInt8](repeating: 0x20, count: layout.tailWidth))
        set("그룹코드", to: groupCode)
    }

    /// The layout for ``market``.
    public var layout: MasterLayout { market == "KOSDAQ" ? .kosdaq : .kospi }

    /// The Korean name, trimmed (cp949 via iconv; ASCII + U+FFFD if unavailable).
    public var name: String {
        var bytes = nameField
        while let last = bytes.last, last == 0x20 { bytes.removeLast() }
        return CP949.decodeLossy(bytes)
    }

    /// The raw text of a tail column, or `nil` if the layout lacks it.
    public func value(_ column: String) -> String? {
        guard let spec = layout.column(column), spec.offset + spec.width <= tail.count else { return nil }
        return String(decoding: tail[spec.offset..<(spec.offset + spec.width)], as: UTF8.self)
    }

    /// A tail column as an integer (leading zeros and spaces ignored); `nil` if blank or not a number.
    public func number(_ column: String) -> Int? {
        guard let text = value(column)?.trimmingSpaces, !text.isEmpty, text.utf8.count <= 18 else { return nil }
        return Int(text)
    }

    /// Writes a tail column: numbers zero-padded on the left, text space-padded on the right,
    /// both cut to the column width.
    public mutating func set(_ column: String, to text: String) {
        guard let spec = layout.column(column), spec.offset + spec.width <= tail.count else { return }
        var bytes = Array(text.utf8.prefix(spec.width))
        bytes += [UInt8](repeating: 0x20, count: spec.width - bytes.count)
        tail.replaceSubrange(spec.offset..<(spec.offset + spec.width), with: bytes)
    }

    /// Writes a numeric tail column, zero-padded.
    public mutating func set(_ column: String, to number: Int) {
        guard let spec = layout.column(column) else { return }
        var digits: [UInt8] = []
        FieldWriter.appendInteger(number, minimumDigits: spec.width, to: &digits)
        set(column, to: String(decoding: digits.suffix(spec.width), as: UTF8.self))
    }

    /// 증권그룹구분코드: `ST` stock, `EF` ETF, `EN` ETN, `RT` REIT, …
    public var groupCode: String { value("그룹코드") ?? "" }
    /// Whether this is a common or preferred stock (group `ST`).
    public var isStock: Bool { groupCode == "ST" }
    /// Index sector codes (대/중/소분류), 4 digits each.
    public var sectorLarge: String { value("지수업종대분류") ?? "" }
    public var sectorMedium: String { value("지수업종중분류") ?? "" }
    public var sectorSmall: String { value("지수업종소분류") ?? "" }
    /// 기준가 (base price, normally the previous close).
    public var basePrice: Int? { number("기준가") }
    /// 매매수량단위 (trading unit).
    public var tradingUnit: Int? { number("매매수량단위") }
    /// Whether trading is halted (거래정지 `Y`).
    public var isHalted: Bool { value("거래정지") == "Y" }
    /// 전일거래량.
    public var previousDayVolume: Int? { number("전일거래량") }
    /// 액면가 (par value).
    public var parValue: Int? { number("액면가") }
    /// 상장일자 `YYYYMMDD`.
    public var listingDate: String { value("상장일자") ?? "" }
    /// 상장주수 as the file gives it (the 2022 file shows 5,969,782 for 삼성전자: thousands of shares).
    public var listedShares: Int? { number("상장주수") }
    /// 시가총액 as the file gives it (억원, by magnitude).
    public var marketCap: Int? { number("시가총액") }
}

extension String {
    /// The string without leading and trailing spaces (no Foundation needed).
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " }),
              let last = scalars.lastIndex(where: { $0 != " " }) else { return "" }
        return String(scalars[first...last])
    }
}
