import Benchmarks
import KIS
import Testing
@testable import Gateway

/// The benchmark entry points measure what they claim: every corpus record is decoded, and the
/// full path delivers every record it sends to the subscriber (or counts it dropped).
@Suite(.serialized) struct GatewayBenchmarkTests {
    @Test func corpus_parsesToItsRecords_andBothPathsCountEveryRecord() async throws {
        let corpus = GatewayBenchmark.corpus(tradeFrames: 50, orderBookFrames: 10, recordsPerFrame: 4)
        #expect(corpus.count == 60)
        let parser = DataFrameParser()
        let parsed = try corpus.map { try parser.parse($0) }
        #expect(parsed.map(\.records.count) == Array(repeating: 4, count: 60))
        #expect(parsed.allSatisfy { $0.malformedCount == 0 })
        #expect(parsed.prefix(50).allSatisfy { $0.trID == RealtimeTR.trade } && parsed.suffix(10).allSatisfy { $0.trID == RealtimeTR.orderBook })
        #expect(parsed[1].trades.first?.price == 72_000 && parsed[1].trades.first?.code == "005930")

        let rate = GatewayBenchmark.parserRecordsPerSecond(corpus: corpus, minimumSeconds: 0.01)
        #expect(rate.isFinite && rate > 1_000, "decodes at least 1,000 records/s even in a debug build (\(rate))")

        // 50 trade frames × 4 records × 2 repetitions = 400 records, each received or dropped.
        let full = try await GatewayBenchmark.fullPathRecordsPerSecond(corpus: Array(corpus.prefix(50)), repetitions: 2)
        #expect(full.receivedRecords + full.droppedMessages * 4 == 400)
        #expect(full.receivedRecords > 0 && full.recordsPerSecond.isFinite && full.recordsPerSecond > 0)
    }
}
