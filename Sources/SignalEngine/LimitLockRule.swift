import IPC

/// `limit_lock` and `limit_unlock`: the price pinned at the day's limit with a queue on the limit's
/// side (bids at 상한가, asks at 하한가), and later the queue eaten and the price off the limit
/// (상한가 풀림); it can lock again (krx-rules.md). Each lock fires once and its end once
/// (`variant` is the lock's serial), not on every tick at the limit.
public struct LimitLockRule: SignalRule {
    public let configuration: SignalsConfiguration.LimitLock
    public var kind: SignalKind { .limitLock }
    public var trigger: SignalTrigger { .tape }
    public init(_ configuration: SignalsConfiguration.LimitLock) { self.configuration = configuration }

    public func evaluate(_ state: StockState, _ context: EvaluationContext, describing: Bool) -> SignalCandidate? {
        guard let lock = state.status.lock else { return nil }
        let side = lock.side == .up ? "upper" : "lower"
        guard let unlockedAt = lock.unlockedAt, let price = lock.unlockPrice else {
            let queue = lock.queue.map { ", \(Format.grouped($0)) shares queued" } ?? ""
            var candidate = SignalCandidate(
                kind: .limitLock, direction: lock.side, strength: Double(lock.queue ?? 0), intensity: 1,
                reason: describing ? "locked at the \(side) limit \(Format.grouped(lock.limit))\(queue)" : "",
                variant: lock.serial * 2, cooldownSeconds: configuration.cooldownSeconds)
            candidate.details = SignalDetails(price: lock.limit, referencePrice: lock.limit, queue: lock.queue)
            return candidate
        }
        let off = percent(price, from: lock.limit)
        let minutes = (unlockedAt - lock.since) / 60
        var candidate = SignalCandidate(
            kind: .limitUnlock, direction: lock.side == .up ? .down : .up, strength: off, intensity: 1,
            reason: describing ? "\(side)-limit lock broken at \(Format.grouped(price)) (\(Format.percent(off)) % from the limit \(Format.grouped(lock.limit))) after \(Format.ratio(minutes)) min" : "",
            variant: lock.serial * 2 + 1, cooldownSeconds: configuration.cooldownSeconds)
        candidate.details = SignalDetails(referencePrice: lock.limit)
        return candidate
    }
}
