/// The fixed-width tail layout of a KIS master file (`kospi_code.mst`, `kosdaq_code.mst`),
/// from the official `stocks_info/kis_kospi_code_mst.py` / `kis_kosdaq_code_mst.py` field specs.
///
/// The official scripts cut the last 228 (KOSPI) / 222 (KOSDAQ) characters of each line *with its
/// newline*, so the tail proper is 227 / 221 ASCII bytes.
public struct MasterLayout: Sendable, Equatable, Hashable {
    /// One named fixed-width column of the tail.
    public struct Column: Sendable, Equatable, Hashable {
        /// The official (Korean) column name.
        public var name: String
        /// Width in bytes.
        public var width: Int
        /// Byte offset within the tail.
        public var offset: Int
    }

    /// `KOSPI` or `KOSDAQ`.
    public var market: String
    /// The tail's columns, in order.
    public var columns: [Column]
    /// The tail width in bytes (without the newline).
    public var tailWidth: Int { columns.last.map { $0.offset + $0.width } ?? 0 }

    private init(market: String, specs: [(String, Int)]) {
        self.market = market
        var offset = 0
        columns = specs.map { name, width in
            defer { offset += width }
            return Column(name: name, width: width, offset: offset)
        }
    }

    /// The column called `name`, if the layout has it.
    public func column(_ name: String) -> Column? { columns.first { $0.name == name } }

    private static func flags(_ names: [String]) -> [(String, Int)] { names.map { ($0, 1) } }

    /// Columns shared by both markets after the flags, up to and including KRX300.
    private static let commonNumbers: [(String, Int)] = [
        ("기준가", 9), ("매매수량단위", 5), ("시간외수량단위", 5), ("거래정지", 1), ("정리매매", 1), ("관리종목", 1),
        ("시장경고", 2), ("경고예고", 1), ("불성실공시", 1), ("우회상장", 1), ("락구분", 2), ("액면변경", 2),
        ("증자구분", 2), ("증거금비율", 3), ("신용가능", 1), ("신용기간", 3), ("전일거래량", 12), ("액면가", 12),
        ("상장일자", 8), ("상장주수", 15), ("자본금", 21), ("결산월", 2), ("공모가", 7), ("우선주", 1),
        ("공매도과열", 1), ("이상급등", 1), ("KRX300", 1),
    ]

    /// Columns shared by both markets at the end.
    private static let commonFinancials: [(String, Int)] = [
        ("매출액", 9), ("영업이익", 9), ("경상이익", 9), ("당기순이익", 5), ("ROE", 9), ("기준년월", 8),
        ("시가총액", 9), ("그룹사코드", 3), ("회사신용한도초과", 1), ("담보대출가능", 1), ("대주가능", 1),
    ]

    /// KOSPI: 227-byte tail (70 columns).
    public static let kospi = MasterLayout(market: "KOSPI", specs:
        [("그룹코드", 2), ("시가총액규모", 1), ("지수업종대분류", 4), ("지수업종중분류", 4), ("지수업종소분류", 4)]
        + flags(["제조업", "저유동성", "지배구조지수종목", "KOSPI200섹터업종", "KOSPI100", "KOSPI50", "KRX", "ETP",
                 "ELW발행", "KRX100", "KRX자동차", "KRX반도체", "KRX바이오", "KRX은행", "SPAC", "KRX에너지화학",
                 "KRX철강", "단기과열", "KRX미디어통신", "KRX건설", "Non1", "KRX증권", "KRX선박", "KRX섹터_보험",
                 "KRX섹터_운송", "SRI"])
        + commonNumbers + [("KOSPI", 1)] + commonFinancials)

    /// KOSDAQ: 221-byte tail (65 columns).
    public static let kosdaq = MasterLayout(market: "KOSDAQ", specs:
        [("그룹코드", 2), ("시가총액규모", 1), ("지수업종대분류", 4), ("지수업종중분류", 4), ("지수업종소분류", 4)]
        + flags(["벤처기업", "저유동성", "KRX", "ETP", "KRX100", "KRX자동차", "KRX반도체", "KRX바이오", "KRX은행",
                 "SPAC", "KRX에너지화학", "KRX철강", "단기과열", "KRX미디어통신", "KRX건설", "투자주의환기",
                 "KRX증권", "KRX선박", "KRX섹터_보험", "KRX섹터_운송", "KOSDAQ150"])
        + commonNumbers + commonFinancials)
}
