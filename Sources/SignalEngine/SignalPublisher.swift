import Foundation
import IPC
import System

/// A signal with the one encoding of it (its `signal` frame body), shared by the socket and the journal.
struct EncodedSignal: Sendable {
    let signal: TradeSignal
    let body: [UInt8]
}

/// The evaluator's step for one upstream message: evaluate it in the core, publish what fired at
/// once (encoded once), send the hints to the allocator, queue the signals for the journal.
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

    func evaluate(_ message: Message) async {
        let fired = await core.ingest(message, wall: Date().timeIntervalSince1970)
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
