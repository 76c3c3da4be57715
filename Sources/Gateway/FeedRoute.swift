import IPC
import KIS

/// One KIS registration: the pair KIS counts against the 41 (protocol.md §6.2).
public struct SlotKey: Hashable, Sendable, CustomStringConvertible {
    public var trID: String
    public var trKey: String
    public init(trID: String, trKey: String) { self.trID = trID; self.trKey = trKey }
    public var description: String { "\(trID)/\(trKey)" }
}

/// Maps the pipeline's feeds to KIS registrations and back: the one place where the gateway's
/// words (`trade`, `orderbook`) meet KIS's (`H0STCNT0`, `H0STASP0`).
public struct FeedRoute: Sendable, Equatable {
    /// Real or virtual: decides the execution-notice TR (`H0STCNI0` / `H0STCNI9`).
    public var environment: KISEnvironment
    /// The HTS ID, the `tr_key` of execution notices when the command gives none.
    public var htsID: String?

    public init(environment: KISEnvironment = .real, htsID: String? = nil) {
        self.environment = environment; self.htsID = htsID
    }

    /// The TR of a feed.
    public func trID(for feed: Feed) -> String {
        switch feed {
        case .trade: RealtimeTR.trade
        case .orderbook: RealtimeTR.orderBook
        case .index: RealtimeTR.index
        case .notice: environment == .virtual ? RealtimeTR.executionNoticeVirtual : RealtimeTR.executionNotice
        }
    }

    /// The registration a command asks for; `nil` when it cannot name one (an empty code, or a
    /// notice without an HTS ID).
    public func key(feed: Feed, code: String) -> SlotKey? {
        var trKey = code
        if feed == .notice, trKey.isEmpty { trKey = htsID ?? "" }
        guard !trKey.isEmpty, trKey.utf8.count <= 32, trKey.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
        return SlotKey(trID: trID(for: feed), trKey: trKey)
    }

    /// The feed of a TR, `nil` for TRs the gateway does not register.
    public func feed(forTR trID: String) -> Feed? {
        switch trID {
        case RealtimeTR.trade: .trade
        case RealtimeTR.orderBook: .orderbook
        case RealtimeTR.index: .index
        case RealtimeTR.executionNotice, RealtimeTR.executionNoticeVirtual: .notice
        default: nil
        }
    }
}
