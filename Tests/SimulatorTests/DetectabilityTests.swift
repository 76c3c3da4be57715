import Benchmarks
import Foundation
import Simulator
import Testing

/// `bench detectability`'s oracle on synthetic minute tapes with a known answer: a move or a surge
/// ten times the noise stands beyond every null window; one at the noise level does not; p falls
/// as the planted size grows; excluded minutes keep an event out of its own null.
@Suite struct DetectabilityTests {
    static let minutes = 240
    static let sigma = 0.001

    /// `stocks` Gaussian random walks (σ per minute) with Gaussian minute volumes around 1,000;
    /// `plant` adds, per stock, a log-price step spread over minutes start..<start+length and a
    /// volume multiple over the same minutes, and excludes those minutes ± 2 when `exclude`. With
    /// `twins` every planted stock gets the same noise, so they differ by their plant alone.
    static func tape(stocks: Int = 200, seed: UInt64 = 1, plant: [Int: (start: Int, length: Int, move: Double, volume: Double)] = [:],
                     exclude: Bool = true, twins: Bool = false, noise: (Int) -> Double = { _ in sigma }) -> Detectability {
        let series = (0..<stocks).map { i -> Detectability.Series in
            var g = SeededGenerator(seed: seed, stream: twins && plant[i] != nil ? UInt64.max : UInt64(i))
            var p = Foundation.log(10_000.0)
            var closes: [Double] = [], volumes: [Double] = [], excluded = [Bool](repeating: false, count: minutes)
            for m in 0..<minutes {
                p += noise(i) * g.nextNormal()
                var v = max(0, 1_000 + 100 * g.nextNormal())
                if let e = plant[i], (e.start..<(e.start + e.length)).contains(m) {
                    p += e.move / Double(e.length)
                    v *= e.volume
                }
                closes.append(p)
                volumes.append(v)
            }
            if let e = plant[i], exclude { for m in max(0, e.start - 2)...min(minutes - 1, e.start + e.length + 1) { excluded[m] = true } }
            return Detectability.Series(logCloses: closes, volumes: volumes, excluded: excluded, pool: i % 2)
        }
        return Detectability(series: series)
    }

    @Test func aMoveTenTimesTheNoise_isBeyondEveryNullWindow_oneAtTheNoiseLevelIsNot() throws {
        let length = 10
        let noise = Self.sigma * Double(length).squareRoot()
        // Stock 0: ten times the noise; stocks 1…20: a move the size of the noise.
        var plant: [Int: (start: Int, length: Int, move: Double, volume: Double)] = [0: (100, length, 10 * noise, 1)]
        for i in 1...20 { plant[i] = (100, length, noise, 1) }
        let tape = Self.tape(plant: plant)
        let judged = tape.judge((0...20).map { .init(stock: $0, start: 100, length: length) }, .zReturn, .absolute)
        let strong = try #require(judged[0])
        let weak = try judged.dropFirst().map { try #require($0).universe.p }
        #expect(strong.universe.beyondAll && strong.pool.beyondAll && strong.own.beyondAll)
        #expect(strong.universe.count > 40_000)  // 200 stocks × ~229 windows, the planted ones' left out
        #expect(Detectability.alarmsPerDay(p: strong.universe.p, stocks: 200) < 2)
        // |z| ≈ 1 plus the walk's own noise: for a Gaussian walk p(|z| ≥ 1) ≈ 0.32; the median of 20 such is far from the tail.
        let median = try #require(TapeStatistics.median(weak))
        #expect(median > 0.05)
        #expect(Detectability.alarmsPerDay(p: median, stocks: 200) > 1_000)
        // The raw return says the same here (every stock has the same σ).
        let raw = tape.judge([.init(stock: 0, start: 100, length: length)], .logReturn, .absolute)
        #expect(try #require(raw[0]).universe.beyondAll)
        // Signed: the same move downward is not an up move at all.
        let down = Self.tape(plant: [0: (100, length, -10 * noise, 1)])
        let signed = try #require(down.judge([.init(stock: 0, start: 100, length: length)], .zReturn, .signed)[0])
        #expect(signed.universe.p > 0.9)
    }

    @Test func aSurgeTenTimesTheVolume_isBeyondEveryNullWindow_onBothVolumeStatistics() throws {
        let tape = Self.tape(plant: [2: (60, 5, 0, 10), 3: (60, 5, 0, 1)])
        for statistic in [Detectability.Statistic.volumeRatio, .minuteFloor] {
            let judged = tape.judge([.init(stock: 2, start: 60, length: 5), .init(stock: 3, start: 60, length: 5)], statistic, .signed)
            let surge = try #require(judged[0]), flat = try #require(judged[1])
            #expect(surge.universe.beyondAll && surge.own.beyondAll, "\(statistic)")
            #expect(surge.value > 5, "\(statistic)")
            #expect(flat.universe.p > 0.01, "\(statistic)")
        }
    }

    @Test func p_fallsAsThePlantedMoveGrows() throws {
        let length = 8
        let noise = Self.sigma * Double(length).squareRoot()
        let sizes = [0.0, 0.5, 1, 1.5, 2, 3, 4, 6, 8]
        var plant: [Int: (start: Int, length: Int, move: Double, volume: Double)] = [:]
        for (k, size) in sizes.enumerated() { plant[10 + k] = (150, length, size * noise, 1 + size) }
        let tape = Self.tape(plant: plant, twins: true)
        for (statistic, orientation) in [(Detectability.Statistic.logReturn, Detectability.Orientation.signed), (.zReturn, .signed),
                                          (.scaledReturn, .signed), (.volumeRatio, .signed), (.minuteFloor, .signed), (.scaledVolume, .signed)] {
            let windows = sizes.indices.map { Detectability.Window(stock: 10 + $0, start: 150, length: length) }
            let judged = try tape.judge(windows, statistic, orientation).map { try #require($0) }
            // Pools alternate with the stock's parity: compare a pool's p within one pool.
            let pools = judged.map(\.pool.p)
            let evens = stride(from: 0, to: pools.count, by: 2).map { pools[$0] }, odds = stride(from: 1, to: pools.count, by: 2).map { pools[$0] }
            for tails in [judged.map(\.universe.p), judged.map(\.own.p), evens, odds] {
                #expect(zip(tails, tails.dropFirst()).allSatisfy { $0 >= $1 }, "\(statistic): \(tails)")
            }
            #expect(judged.first!.universe.p > 0.01, "\(statistic)")
            #expect(judged.last!.universe.beyondAll, "\(statistic)")
        }
        // On one fixed null, p is monotone in the observed value itself.
        let nulls = tape.nulls(.zReturn, .absolute, length: length).flatMap { $0 }
        let tails = stride(from: 0.0, through: 6, by: 0.25).map { x in nulls.filter { $0 >= x }.count }
        #expect(zip(tails, tails.dropFirst()).allSatisfy { $0 >= $1 })
    }

    @Test func aPerStockScale_findsAQuietStocksMoveThatTheRawReturnLosesAmongLoudStocks() throws {
        let length = 10
        let move = 5 * Self.sigma * Double(length).squareRoot()
        // Odd stocks are ten times as loud; the move is planted on quiet stock 0.
        let tape = Self.tape(plant: [0: (100, length, move, 1)], noise: { $0 % 2 == 1 ? 10 * Self.sigma : Self.sigma })
        let window = Detectability.Window(stock: 0, start: 100, length: length)
        let raw = try #require(tape.judge([window], .logReturn, .absolute)[0])
        let scaled = try #require(tape.judge([window], .scaledReturn, .absolute)[0])
        let z = try #require(tape.judge([window], .zReturn, .absolute)[0])
        #expect(raw.universe.p > 0.1)
        #expect(scaled.universe.p < 1e-3 && z.universe.p < 1e-3)
        // The scale is the stock's own median |return| of that length over its null windows.
        let quiet = try #require(tape.value(.logReturn, .absolute, window))
        let own = tape.nulls(.logReturn, .absolute, length: length)[0].filter { !$0.isNaN }
        #expect(abs(scaled.value - quiet / (TapeStatistics.median(own) ?? .nan)) < 1e-9)
        // Volume, the same way: the scaled ratio of a ×4 surge beats every window; of nothing it does not.
        let surge = Self.tape(plant: [0: (60, 5, 0, 4), 1: (60, 5, 0, 1)])
        let judged = surge.judge([.init(stock: 0, start: 60, length: 5), .init(stock: 1, start: 60, length: 5)], .scaledVolume, .signed)
        #expect(try #require(judged[0]).universe.beyondAll)
        #expect(try #require(judged[1]).universe.p > 0.01)
    }

    @Test func theJointStatistic_findsAModerateMoveOnModerateVolume_rarerThanEitherAlone() throws {
        let length = 8
        let noise = Self.sigma * Double(length).squareRoot()
        // Stocks 0…9: a 3 σ move on volume ×1.1 (minute volumes are 1,000 ± 100, so an 8-minute sum
        // is 8,000 ± 283: ×1.1 is about 2.8 σ); stock 10: 10 σ on ×5.
        var plant: [Int: (start: Int, length: Int, move: Double, volume: Double)] = [10: (120, length, 10 * noise, 5)]
        for i in 0..<10 { plant[i] = (120, length, 3 * noise, 1.1) }
        let tape = Self.tape(plant: plant)
        let windows = (0...10).map { Detectability.Window(stock: $0, start: 120, length: length) }
        func medianP(_ statistic: Detectability.Statistic) throws -> Double {
            let judged = tape.judge(Array(windows[0..<10]), statistic, .signed)
            let p = judged.compactMap { $0?.universe.p }
            #expect(p.count == 10)
            return try #require(TapeStatistics.median(p))
        }
        let joint = try medianP(.joint), z = try medianP(.zReturn), volume = try medianP(.volumeRatio)
        #expect(joint < z / 5 && joint < volume / 5, "joint \(joint), z \(z), volume \(volume)")
        #expect(try #require(tape.judge([windows[10]], .joint, .signed)[0]).universe.beyondAll)
        #expect(tape.value(.joint, .signed, windows[0]) == nil)  // only through judge
    }

    @Test func excludedMinutes_keepTheEventOutOfItsOwnNull() throws {
        let length = 10
        let move = 10 * Self.sigma * Double(length).squareRoot()
        let window = Detectability.Window(stock: 0, start: 100, length: length)
        let excluded = try #require(Self.tape(plant: [0: (100, length, move, 1)]).judge([window], .zReturn, .absolute)[0])
        let included = try #require(Self.tape(plant: [0: (100, length, move, 1)], exclude: false).judge([window], .zReturn, .absolute)[0])
        #expect(excluded.own.beyondAll)
        #expect(!included.own.beyondAll)  // the event's own window (and its overlapping neighbours) sit in its null
        #expect(included.own.episodes == 1)  // … as one excursion: noise never reaches 10 σ
        #expect(included.own.count == Self.minutes - length)
        // Excluded: minutes 98…111 and the minute before each window are off limits.
        #expect(excluded.own.count == Self.minutes - length - (length + 4 + length))
    }

    @Test func undefinedStatistics_areNil_notAMadeUpNumber() {
        var series = Self.tape(stocks: 3).series
        series[1].volumes = [Double](repeating: 0, count: Self.minutes)
        series[2].logCloses = []
        let tape = Detectability(series: series)
        #expect(tape.value(.volumeRatio, .signed, .init(stock: 1, start: 5, length: 3)) == nil)
        #expect(tape.value(.minuteFloor, .signed, .init(stock: 1, start: 5, length: 3)) == nil)
        #expect(tape.value(.logReturn, .absolute, .init(stock: 2, start: 5, length: 3)) == nil)
        #expect(tape.value(.logReturn, .absolute, .init(stock: 0, start: 0, length: 3)) == nil)  // no minute before
        #expect(tape.value(.logReturn, .absolute, .init(stock: 0, start: Self.minutes - 2, length: 3)) == nil)
        #expect(tape.value(.logReturn, .absolute, .init(stock: 0, start: 5, length: 3)) != nil)
    }

    @Test func eventWindows_priceTakesEveryTouchedMinute_volumeOnlyWholeOnes() {
        let from = 9.0 * 3600
        let price = DetectabilityBenchmark.window(stock: 4, start: from + 630, end: from + 910, from: from, minutes: 60, volume: false)
        let volume = DetectabilityBenchmark.window(stock: 4, start: from + 630, end: from + 910, from: from, minutes: 60, volume: true)
        #expect(price == .init(stock: 4, start: 10, length: 6))   // minutes 10…15
        #expect(volume == .init(stock: 4, start: 11, length: 4))  // minutes 11…14
        #expect(DetectabilityBenchmark.window(stock: 4, start: from + 30, end: from + 300, from: from, minutes: 60, volume: false) == nil)
        #expect(DetectabilityBenchmark.window(stock: 4, start: from + 3_500, end: from + 3_700, from: from, minutes: 60, volume: false) == nil)
    }

    @Test func alarmsQuantilesAndPrecision() {
        #expect(abs(Detectability.alarmsPerDay(p: 1.0 / (380 * 2_600), stocks: 2_600) - 1) < 1e-9)
        #expect(DetectabilityBenchmark.quantile([5, 1, .infinity, 3], 0.5) == 3)
        #expect(DetectabilityBenchmark.quantile([5, 1, .infinity, 3], 0.95) == .infinity)
        #expect(DetectabilityBenchmark.quantile([], 0.5) == nil)
        #expect(abs(DetectabilityBenchmark.precision(eventsPerDay: 40, share: 0.95, alarms: 38) - 0.5) < 1e-12)
    }
}
