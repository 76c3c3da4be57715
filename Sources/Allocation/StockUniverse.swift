import Foundation
import IPC
import KIS

/// One stock the allocator can give a slot or a REST priority to.
public struct UniverseStock: Codable, Sendable, Equatable {
    public var code: String
    public var name: String
    /// `KOSPI`, `KOSDAQ`, or `unknown` for codes first seen in market data.
    public var market: String
    /// Sector bucket for the sector cap (see `StockUniverse.sector(of:)`).
    public var sector: String
    public var isHalted: Bool
    /// The previous day's whole volume (the master file's `전일거래량`), when known: with today's
    /// cumulative volume it estimates the volume against the same time of day (`SameTimeVolume`).
    public var previousDayVolume: Int?

    public init(code: String, name: String = "", market: String = "unknown", sector: String? = nil, isHalted: Bool = false,
                previousDayVolume: Int? = nil) {
        self.code = code; self.name = name; self.market = market
        self.sector = sector ?? StockUniverse.fallbackSector(code: code); self.isHalted = isHalted
        self.previousDayVolume = previousDayVolume.flatMap { $0 > 0 ? $0 : nil }
    }
}

/// The stocks the allocator decides over, indexed by code; codes first seen in market data or on
/// the watch list join with a code-derived sector.
public struct StockUniverse: Sendable {
    public private(set) var stocks: [UniverseStock] = []
    private var indexByCode: [String: Int] = [:]
    /// Parallel to `stocks`: each stock's sector as a small number (0 ..< `sectorCount`, in order of
    /// first appearance), so per-decision sector figures are array reads, not string hashes.
    public private(set) var sectorIDs: [Int] = []
    private var sectorIDByName: [String: Int] = [:]
    public var sectorCount: Int { sectorIDByName.count }

    public init(stocks: [UniverseStock] = []) {
        for stock in stocks { add(stock) }
    }

    public var count: Int { stocks.count }

    /// The position of `code`, or `nil`.
    public func index(of code: String) -> Int? { indexByCode[code] }

    /// Adds `stock` unless its code is known; returns its position either way.
    @discardableResult
    public mutating func add(_ stock: UniverseStock) -> Int {
        if let index = indexByCode[stock.code] { return index }
        stocks.append(stock)
        indexByCode[stock.code] = stocks.count - 1
        let sector = sectorIDByName[stock.sector] ?? sectorIDByName.count
        sectorIDByName[stock.sector] = sector
        sectorIDs.append(sector)
        return stocks.count - 1
    }

    /// A universe from master records (`ST` only when `stocksOnly`).
    public init(records: [MasterRecord], stocksOnly: Bool) {
        for record in records where !stocksOnly || record.isStock {
            add(UniverseStock(code: record.code, name: record.name, market: record.market,
                              sector: Self.sector(of: record), isHalted: record.isHalted, previousDayVolume: record.previousDayVolume))
        }
    }

    /// The master record's index sector (medium class, else large class, prefixed with the
    /// market); when the file gives none (blank or `0000`), a code-derived bucket.
    public static func sector(of record: MasterRecord) -> String {
        for value in [record.sectorMedium, record.sectorLarge] {
            let trimmed = value.trimmingCharacters(in: .whitespaces)
            if !trimmed.isEmpty, trimmed.contains(where: { $0 != "0" }) { return "\(record.market):\(trimmed)" }
        }
        return fallbackSector(code: record.code)
    }

    /// A stand-in sector when the master file has none: 20 buckets by the code's numeric value.
    /// It carries no economic meaning; it only keeps one block of codes from filling the slots.
    public static func fallbackSector(code: String) -> String {
        let digits = code.unicodeScalars.reduce(0) { value, scalar in
            (value &* 31 &+ Int(scalar.value)) & 0x7fff_ffff
        }
        return "bucket-\(digits % 20)"
    }
}
