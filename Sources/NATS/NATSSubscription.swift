import Foundation

/// A subscription held by a `NATSClient`: it survives reconnects (the client re-sends its `SUB`),
/// and its messages arrive on `messages` in order. When the consumer falls more than
/// `bufferLimit` messages behind, newer messages are dropped and counted. A subscription made with
/// a handler calls it instead, on the connection's reading task (no hop; it must not block).
public final class NATSSubscription: Sendable {
    public let sid: Int
    public let subject: String
    public let queue: String?
    /// The messages delivered, in order; finishes on `unsubscribe`.
    public let messages: AsyncStream<NATSMessage>
    private let continuation: AsyncStream<NATSMessage>.Continuation
    private let dropCounter = Counter()
    private let handler: (@Sendable (NATSMessage) -> Void)?

    init(sid: Int, subject: String, queue: String?, bufferLimit: Int, handler: (@Sendable (NATSMessage) -> Void)? = nil) {
        self.sid = sid; self.subject = subject; self.queue = queue; self.handler = handler
        (messages, continuation) = AsyncStream.makeStream(of: NATSMessage.self, bufferingPolicy: .bufferingOldest(handler == nil ? bufferLimit : 0))
    }

    /// Messages dropped because the consumer was too far behind.
    public var droppedCount: Int { dropCounter.value }

    func deliver(_ message: NATSMessage) {
        if let handler { handler(message); return }
        if case .dropped = continuation.yield(message) { dropCounter.increment() }
    }

    func finish() { continuation.finish() }
}

/// A thread-safe counter.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment(by amount: Int = 1) { lock.withLock { count += amount } }
    var value: Int { lock.withLock { count } }
}

