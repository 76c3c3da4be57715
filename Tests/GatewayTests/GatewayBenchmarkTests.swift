import Benchmarks
import Testing
@testable import Gateway

/// Smoke tests of the benchmark entry points (no figures asserted).
@Suite(.serialized) struct GatewayBenchmarkTests {
    @Test func corpus_parsesToItsRecords_andBothFiguresArePositive() async throws {
        let corpus = GatewayBenchmark.corpus(tradeFrames: 50, orderBookFrames: 10, recordsPerFrame: 4)
        #expect(corpus.count == 60)
        #expect(GatewayBenchmark.parserRecordsPerSecond(corpus: corpus, minimumSeconds: 0.01) > 0)
        let full = try await GatewayBenchmark.fullPathRecordsPerSecond(corpus: Array(corpus.prefix(50)), repetitions: 2)
        #expect(full.recordsPerSecond > 0)
    }
}
