import Foundation

/// The data path's counts and rates: frames, records, malformed ones. Made before the
/// ``FrameProcessor`` that counts into it, so that the `status` of the server the processor
/// publishes to can read it.
public final class FrameCounters: @unchecked Sendable {
    private let lock = NSLock()
    private var frames = 0, records = 0, malformedRecords = 0, malformedFrames = 0
    private var frameRate = RateMeter(), recordRate = RateMeter()

    public init() {}

    func count(records delivered: Int, malformedRecords bad: Int, malformedFrame: Bool, at now: Double) {
        lock.withLock {
            frames += 1; records += delivered; malformedRecords += bad
            if malformedFrame { malformedFrames += 1 }
            frameRate.record(1, at: now); recordRate.record(delivered, at: now)
        }
    }

    /// Counted totals and rates.
    struct Snapshot: Sendable, Equatable {
        var frames: Int, records: Int, malformedRecords: Int, malformedFrames: Int
        var framesPerSecond: Double, recordsPerSecond: Double
    }

    func snapshot(now: Double) -> Snapshot {
        lock.withLock {
            Snapshot(frames: frames, records: records, malformedRecords: malformedRecords, malformedFrames: malformedFrames,
                     framesPerSecond: frameRate.rate(at: now), recordsPerSecond: recordRate.rate(at: now))
        }
    }
}
