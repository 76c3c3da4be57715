import Testing
@testable import Allocation
import IPC

@Suite struct AllocatorConfigurationTests {
    func message(_ body: () throws -> Void) -> String {
        do { try body(); return "" } catch { return "\(error)" }
    }

    @Test func defaults_areValid_andFollowTheSourceDocument() throws {
        let configuration = AllocatorConfiguration()
        try configuration.validate()
        let table = configuration.windows.map { "\($0.name) \($0.start) \($0.tier1)+\($0.tier2)" }
        #expect(table == ["pre_market 00:00 8+15", "gap_focus 09:00 8+15", "leaders 09:30 6+18",
                          "volume_watch 11:30 5+20", "closing_trend 14:00 7+16", "closing_auction 15:20 7+16",
                          "after_market 16:00 3+12"])
        #expect(configuration.windows.allSatisfy { $0.tableSlots <= 41 })
        #expect(configuration.windows[1].intervals.medium == 15 && configuration.windows[1].intervals.low == 30)
        #expect(configuration.windows[3].intervals.medium == 60 && configuration.windows[3].intervals.low == 120)
        #expect(configuration.windows[2].intervals.medium == 30 && configuration.windows[2].intervals.low == 60)
    }

    @Test func overCapacityWindow_namesTheKey() {
        var configuration = AllocatorConfiguration()
        configuration.windows[1].tier1 = 12
        let text = message { try configuration.validate() }
        #expect(text.contains("allocator.windows[1]"))
        #expect(text.contains("capacity 41"))
    }

    @Test func capacityZero_isRESTOnly_andValidWithTheDefaultTable() throws {
        let file = ConfigurationFile(path: nil, root: ["allocator": .object(["capacity": .number(0)])])
        #expect(try AllocatorConfiguration.load(from: file).capacity == 0)
        var configuration = AllocatorConfiguration()
        configuration.capacity = -1
        #expect(message { try configuration.validate() }.contains("allocator.capacity"))
        configuration.capacity = 42
        #expect(message { try configuration.validate() }.contains("allocator.capacity"))
    }

    @Test func badStart_andBadRanges_nameTheKey() {
        var configuration = AllocatorConfiguration()
        configuration.windows[2].start = "9h30"
        #expect(message { try configuration.validate() }.contains("allocator.windows[2].start"))
        configuration = AllocatorConfiguration()
        configuration.sectorCapPercent = 0
        #expect(message { try configuration.validate() }.contains("allocator.sectorCapPercent"))
        configuration = AllocatorConfiguration()
        configuration.windows[0].intervals.low = 0
        #expect(message { try configuration.validate() }.contains("allocator.windows[0].intervals.low"))
        configuration = AllocatorConfiguration()
        configuration.seed.tier1 = 25
        #expect(message { try configuration.validate() }.contains("allocator.seed"))
    }

    @Test func fileErrors_nameTheKey() {
        let unknown = ConfigurationFile(path: "kis41.json", root: ["allocator": .object(["rebalanceSecs": .number(60)])])
        #expect(message { _ = try AllocatorConfiguration.load(from: unknown) }.contains("allocator.rebalanceSecs"))
        let policy = ConfigurationFile(path: "kis41.json", root: ["allocator": .object(["policy": .string("greedy")])])
        #expect(message { _ = try AllocatorConfiguration.load(from: policy) }.contains("allocator.policy"))
        let type = ConfigurationFile(path: "kis41.json", root: ["allocator": .object(["capacity": .string("41")])])
        #expect(message { _ = try AllocatorConfiguration.load(from: type) }.contains("allocator.capacity"))
    }

    @Test func defaultTable_hasOneRowPerSharedStrategyWindow_inItsOrder() {
        #expect(WindowStrategy.defaultTable.map(\.name) == StrategyWindow.allCases.map(\.rawValue))
        #expect(WindowStrategy.defaultTable.map(\.start) == ["00:00", "09:00", "09:30", "11:30", "14:00", "15:20", "16:00"])
        #expect(WindowStrategy.defaultTable.map(\.startSecond) == StrategyWindow.allCases.map(\.startSecond))
    }

    @Test func overrides_keepTheOtherDefaults() throws {
        let file = ConfigurationFile(path: nil, root: ["allocator": .object(["policy": .string("seed"), "hysteresisMargin": .number(3)])])
        let configuration = try AllocatorConfiguration.load(from: file)
        #expect(configuration.policy == .seed)
        #expect(configuration.hysteresisMargin == 3)
        #expect(configuration.windows == WindowStrategy.defaultTable)
    }
}
