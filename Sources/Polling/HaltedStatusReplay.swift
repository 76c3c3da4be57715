import IPC

/// The latest answer of every stock the poller last found halted, replayed to a subscriber that
/// connects later. The day's halted listings show in the pre-open sweep, before the signal engine may
/// have subscribed; a halted stock is asked again only when its row shows life (`StatusProbe`), so
/// without this a late subscriber would learn of the halt only when it ends. Pure.
public struct HaltedStatusReplay: Sendable {
    /// Code → the last quote saying it is halted.
    private var halted: [String: Quote] = [:]

    public init() {}

    /// Notes what a published message says of trading status: a halted answer is kept, a quote that
    /// says trading (`isHalted` false) forgets it; a quote without the flag (a multi-price row)
    /// changes nothing.
    public mutating func record(_ message: Message) {
        guard case .quotes(let quotes) = message else { return }
        for quote in quotes {
            guard let isHalted = quote.isHalted else { continue }
            halted[quote.code] = isHalted ? quote : nil
        }
    }

    /// What to send a new subscriber of `quote` (with `codes`, only those): one `quotes` message of
    /// the halted stocks' latest answers, code order; nil when there is none.
    public func replay(codes: Set<String>? = nil) -> Message? {
        let quotes = halted.values.filter { codes?.contains($0.code) ?? true }.sorted { $0.code < $1.code }
        return quotes.isEmpty ? nil : .quotes(quotes)
    }
}

/// `HaltedStatusReplay` shared between the publisher and the server's `hello` handler.
actor HaltedStatusMemory {
    private var replay = HaltedStatusReplay()
    func record(_ message: Message) { replay.record(message) }
    func message(codes: Set<String>?) -> Message? { replay.replay(codes: codes) }
}
