import Foundation
import IPC
import System

/// A signal with the one encoding of it (its `signal` frame body), shared by the socket and the journal.
struct EncodedSignal: Sendable {
    let signal: TradeSignal
    let body: [UInt8]
}

/// The `publisher` service's step for what one upstream message fired: each signal encoded once
/// and published, then queued for the journal with the same bytes; the hints sent to the allocator.
struct SignalPublisher: Sendable {
    let server: IPCServer
    let journal: StreamSink<EncodedSignal>
    /// `nil` when hints are off.
    let allocator: IPCClient?
    let core: SignalsCore
    private let codec = MessageCodec()

    init(server: IPCServer, journal: StreamSink<EncodedSignal>, allocator: IPCClient?, core: SignalsCore) {
        self.server = server; self.journal = journal; self.allocator = allocator; self.core = core
    }

    func deliver(_ fired: SignalBatch) async {
        for signal in fired.signals {
            let message = Message.signal(signal)
            guard let body = try? codec.encode(message) else { continue }
            server.publish(message, body: body)
            journal.yield(EncodedSignal(signal: signal, body: body))
        }
        guard let allocator else { return }
        for hint in fired.hints {
            do { try allocator.send(hint.message) } catch { await core.countHintFailure() }
        }
    }
}
