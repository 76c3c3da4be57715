import Foundation

/// The one `MarketModel` of a simulator behind a lock: the market pump advances it, REST handlers
/// read snapshots from it. Critical sections are short (one advance slice, one query).
final class MarketHost: @unchecked Sendable {
    private let lock = NSLock()
    private var model: MarketModel
    private var watched: Set<String> = []
    private var scratch: [MarketTrade] = []

    init(model: MarketModel) { self.model = model }

    /// Runs `body` with the model at its current time.
    func read<T>(_ body: (MarketModel) throws -> T) rethrows -> T {
        try lock.withLock { try body(model) }
    }

    /// Watches exactly `codes` (if they changed), advances to market time of day `t` and returns the
    /// watched stocks' trades in between.
    func advance(to t: Double, watching codes: Set<String>) -> [MarketTrade] {
        lock.withLock {
            if codes != watched {
                watched = codes
                model.watch(codes.sorted())
            }
            scratch.removeAll(keepingCapacity: true)
            model.advance(to: t, into: &scratch)
            return scratch
        }
    }

    /// The model's market time of day.
    var now: Double { lock.withLock { model.now } }
}
