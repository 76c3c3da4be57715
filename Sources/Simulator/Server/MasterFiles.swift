import KIS

/// The universe as KIS master files (`kospi_code.mst`, `kosdaq_code.mst`: cp949, fixed-width tails,
/// protocol.md §8.2), so a client loads the simulated universe the way it loads the live one.
/// Served at `GET /kis41/master/<name>` and written into the run directory.
struct MasterFiles: Sendable {
    /// The HTTP path prefix of the master files.
    static let pathPrefix = "/kis41/master/"
    static let kospiName = "kospi_code.mst"
    static let kosdaqName = "kosdaq_code.mst"

    /// File name → bytes.
    let files: [String: [UInt8]]

    init(universe: SimulatedUniverse) {
        var kospi: [MasterRecord] = [], kosdaq: [MasterRecord] = []
        for listing in universe.listings {
            let layout: MasterLayout = listing.market == .kospi ? .kospi : .kosdaq
            var record = MasterRecord(layout: layout, code: listing.code, standardCode: "KR7\(listing.code)003",
                                      name: listing.name)
            record.set("시가총액규모", to: listing.isKOSPI200 ? "1" : "3")
            record.set("기준가", to: listing.previousClose)
            record.set("매매수량단위", to: 1)
            record.set("시간외수량단위", to: 1)
            record.set("거래정지", to: "N")
            record.set("정리매매", to: "N")
            record.set("관리종목", to: "N")
            record.set("시장경고", to: "00")
            record.set("신용가능", to: "Y")
            record.set("전일거래량", to: Int(listing.previousDayVolume))
            record.set("액면가", to: 100)
            record.set("상장일자", to: "20100104")
            record.set("상장주수", to: Int(listing.listedShares))
            record.set("결산월", to: "12")
            record.set("시가총액", to: Int(listing.marketCapitalization / 1e8))
            if listing.market == .kospi { record.set("KOSPI", to: "Y") }
            if listing.market == .kospi { kospi.append(record) } else { kosdaq.append(record) }
        }
        files = [
            Self.kospiName: MasterFileCodec(layout: .kospi).writeFile(kospi),
            Self.kosdaqName: MasterFileCodec(layout: .kosdaq).writeFile(kosdaq),
        ]
    }
}
