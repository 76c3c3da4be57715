import Foundation
import Testing
import IPC
import System
@testable import NATSBridge

/// Signals waiting for JetStream: memory to a bound, then the spill file, in order.
@Suite struct SignalSpoolTests {
    func entry(_ index: Int) -> SignalSpool.Entry {
        SignalSpool.Entry(subject: "kis41.signal.gap.\(index)", messageID: "\(index)", payload: #"{"n":\#(index)}"#)
    }

    func temporaryPath() -> String { "/tmp/k41-spool-\(UInt32.random(in: 0...UInt32.max)).jsonl" }

    @Test func spool_keepsOrder_acrossMemoryAndSpillFile() {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let spool = SignalSpool(memoryLimit: 3, spillPath: path, spillLimitBytes: 1 << 20)
        for index in 0..<10 { #expect(spool.append(entry(index))) }
        #expect(spool.count == 10 && spool.spilled == 7 && spool.totalSpilled == 7)
        var drained: [SignalSpool.Entry] = []
        while let first = spool.first() {
            drained.append(first)
            spool.removeFirst()
            if drained.count == 4 { spool.append(entry(10)) }  // arrives mid-drain: goes behind the file
        }
        #expect(drained == (0...10).map(entry))
        #expect(spool.count == 0 && !FileManager.default.fileExists(atPath: path))
    }

    @Test func spool_dropsAndCounts_whenTheSpillFileIsFull() {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let spool = SignalSpool(memoryLimit: 1, spillPath: path, spillLimitBytes: 120)
        var accepted = 0
        for index in 0..<10 where spool.append(entry(index)) { accepted += 1 }
        #expect(accepted < 10 && spool.droppedCount == 10 - accepted && spool.count == accepted)
    }

    @Test func spool_publishesWhatAnEarlierRunSpilled() {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = SignalSpool(memoryLimit: 1, spillPath: path, spillLimitBytes: 1 << 20)
        for index in 0..<4 { first.append(entry(index)) }
        // The process dies: memory (entry 0) is lost, the file (1…3) is not.
        let second = SignalSpool(memoryLimit: 1, spillPath: path, spillLimitBytes: 1 << 20)
        #expect(second.count == 3)
        var drained: [SignalSpool.Entry] = []
        while let next = second.first() { drained.append(next); second.removeFirst() }
        #expect(drained == (1...3).map(entry))
    }
}
