import Testing
@testable import KIS

@Suite struct MasterFileCodecTests {
    let codec = MasterFileCodec(layout: .kospi)

    @Test func parseLine_readsSamsungRecord_fromCP949Fixture() throws {
        let bytes = try Fixture.bytes("kospi_code_mst_line_005930_2022_cp949.bin")
        let record = try codec.parseLine(bytes)
        #expect(record.code == "005930" && record.standardCode == "KR7005930003")
        #expect(record.nameField.count == 40)
        #expect(record.name == "삼성전자")
        #expect(record.groupCode == "ST" && record.isStock)
        #expect((record.sectorLarge, record.sectorMedium, record.sectorSmall) == ("0000", "0013", "0000"))
        #expect(record.basePrice == 58100 && record.tradingUnit == 1 && !record.isHalted)
        #expect(record.previousDayVolume == 9_336_061 && record.parValue == 100)
        #expect(record.listingDate == "19750611" && record.listedShares == 5_969_782)
        #expect(record.marketCap == 3_468_443)
        #expect(record.value("KRX300") == "Y" && record.value("그룹사코드") == "511")
    }

    @Test func writeLine_reproducesFixtureBytes_afterParse() throws {
        let bytes = try Fixture.bytes("kospi_code_mst_line_005930_2022_cp949.bin")
        #expect(codec.writeLine(try codec.parseLine(bytes)) == bytes)
        let file = bytes + bytes
        let parsed = codec.parseFile(file)
        #expect(parsed.records.count == 2 && parsed.failures == 0)
        #expect(codec.writeFile(parsed.records) == file)
    }

    @Test func utf8FixtureName_matchesCP949Decoding() throws {
        let utf8 = try Fixture.line("kospi_code_mst_line_005930_2022_utf8.txt")
        let record = try codec.parseLine(try Fixture.bytes("kospi_code_mst_line_005930_2022_cp949.bin"))
        #expect(utf8.hasPrefix("005930   KR7005930003" + record.name))
        #expect(CP949.encode("삼성전자") == Array(record.nameField.prefix(8)))
    }

    @Test func builtRecord_roundTrips_forSimulatorWriter() throws {
        for layout in [MasterLayout.kospi, .kosdaq] {
            var record = MasterRecord(layout: layout, code: "000660", standardCode: "KR7000660001", name: "SK하이닉스")
            record.set("기준가", to: 128_500)
            record.set("상장주수", to: 728_002)
            let writer = MasterFileCodec(layout: layout)
            let line = writer.writeLine(record)
            #expect(line.count == 9 + 12 + 40 + layout.tailWidth + 1)
            let parsed = try writer.parseLine(line)
            #expect(parsed == record)
            #expect(parsed.name == "SK하이닉스" && parsed.basePrice == 128_500 && parsed.listedShares == 728_002)
        }
        #expect(MasterLayout.kospi.tailWidth == 227 && MasterLayout.kosdaq.tailWidth == 221)
    }

    @Test func parseLine_throws_forShortOrMisalignedLines() throws {
        #expect(throws: KISError.self) { try codec.parseLine(Array("005930   KR7005930003".utf8)) }
        let kospiLine = try Fixture.bytes("kospi_code_mst_line_005930_2022_cp949.bin")
        #expect(throws: KISError.self) { try codec.parseLine([UInt8](repeating: 0xB0, count: 300)) }
        // A KOSPI line read as KOSDAQ still parses (tail is ASCII) but lands on other columns.
        let asKosdaq = try MasterFileCodec(layout: .kosdaq).parseLine(kospiLine)
        #expect(asKosdaq.nameField.count == 46)
        let garbage = MasterFileCodec(layout: .kospi).parseFile([0x0A, 0xFF, 0x0A, 0x41])
        #expect(garbage.records.isEmpty && garbage.failures == 2)
    }

    @Test func cp949_decodeLossy_fallsBackToReplacement_forInvalidBytes() {
        #expect(CP949.decode([0xFF, 0xFF]) == nil)
        #expect(CP949.decodeLossy([0x41, 0xFF, 0xFF, 0x42]) == "A\u{FFFD}B")
    }
}
