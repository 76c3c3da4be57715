import Testing
@testable import Simulator

@Suite struct SeededGeneratorTests {
    @Test func sameSeed_givesTheSameStream_andAnotherSeedDoesNot() {
        var a = SeededGenerator(seed: 41), b = SeededGenerator(seed: 41), c = SeededGenerator(seed: 42)
        let x = (0..<64).map { _ in a.next() }
        #expect(x == (0..<64).map { _ in b.next() })
        #expect(x != (0..<64).map { _ in c.next() })
        var d = SeededGenerator(seed: 41, stream: 1), e = SeededGenerator(seed: 41, stream: 2)
        #expect(d.next() != e.next())
    }

    @Test func variates_haveTheirNominalMeans() {
        var g = SeededGenerator(seed: 7)
        let n = 20_000
        var unit = 0.0, normal = 0.0, square = 0.0, poisson = 0, bigPoisson = 0
        for _ in 0..<n {
            unit += g.nextUnit()
            let z = g.nextNormal()
            normal += z
            square += z * z
            poisson += g.nextPoisson(mean: 2.5)
            bigPoisson += g.nextPoisson(mean: 80)
        }
        #expect(abs(unit / Double(n) - 0.5) < 0.01)
        #expect(abs(normal / Double(n)) < 0.03 && abs(square / Double(n) - 1) < 0.05)
        #expect(abs(Double(poisson) / Double(n) - 2.5) < 0.05)
        #expect(abs(Double(bigPoisson) / Double(n) - 80) < 0.5)
        for _ in 0..<1_000 { #expect((0..<7).contains(g.nextInt(below: 7))) }
    }
}
