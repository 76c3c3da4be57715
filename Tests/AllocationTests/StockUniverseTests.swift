import Foundation
import Testing
@testable import Allocation
import IPC
import KIS
import System

@Suite struct StockUniverseTests {
    @Test func masterRecords_giveStocksOnly_withTheirSector_orACodeBucket() {
        var samsung = MasterRecord(layout: .kospi, code: "005930", standardCode: "KR7005930003", name: "삼성전자")
        samsung.set("지수업종중분류", to: "0013")
        let etf = MasterRecord(layout: .kospi, code: "069500", standardCode: "KR7069500007", name: "KODEX 200", groupCode: "EF")
        let blank = MasterRecord(layout: .kosdaq, code: "035720", standardCode: "KR7035720002", name: "카카오")
        let universe = StockUniverse(records: [samsung, etf, blank], stocksOnly: true)
        #expect(universe.stocks.map(\.code) == ["005930", "035720"])
        #expect(universe.stocks[0].sector == "KOSPI:0013")
        #expect(universe.stocks[1].sector == StockUniverse.fallbackSector(code: "035720"))
        #expect(universe.stocks[1].sector.hasPrefix("bucket-"))
        #expect(StockUniverse(records: [samsung, etf], stocksOnly: false).count == 2)
    }

    @Test func masterFiles_areReadWithTheLayoutOfTheirName() throws {
        let directory = "/tmp/k41a-mst-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let kospi = MasterFileCodec(layout: .kospi).writeFile([MasterRecord(layout: .kospi, code: "005930", standardCode: "KR7005930003", name: "삼성전자")])
        let kosdaq = MasterFileCodec(layout: .kosdaq).writeFile([MasterRecord(layout: .kosdaq, code: "035720", standardCode: "KR7035720002", name: "카카오")])
        _ = FileManager.default.createFile(atPath: "\(directory)/kospi_code.mst", contents: Data(kospi))
        _ = FileManager.default.createFile(atPath: "\(directory)/kosdaq_code.mst", contents: Data(kosdaq))
        let paths = UniverseLoader.masterPaths(configuration: AllocatorConfiguration(), runDirectory: RunDirectory(path: directory))
        let loaded = try UniverseLoader.loadMasterFiles(paths)
        #expect(loaded.failures == 0)
        #expect(loaded.records.map(\.market) == ["KOSPI", "KOSDAQ"])
        var configuration = AllocatorConfiguration()
        configuration.masterFiles = ["\(directory)/missing.mst"]
        #expect(throws: ExitError.self) { try UniverseLoader.loadMasterFiles(configuration.masterFiles) }
    }

    @Test func watchList_parsesCodes_commentsAndDuplicates() {
        #expect(UniverseLoader.parseWatchList("005930 # Samsung\n035720, 000660\n\n# all\n005930\n") == ["005930", "035720", "000660"])
    }
}
