/// A sink as a service: producers `yield` into its stream (never blocking), its `run()` takes the
/// elements one at a time, in order. On graceful shutdown the stream is finished and what is queued
/// is still taken; on cancellation the rest is dropped. A journal, a stdout writer, an evaluator.
public final class StreamSink<Element: Sendable>: Service {
    /// The producing end of a sink's stream, made first when the producers must exist before the
    /// sink's own work can be built.
    public struct Input: Sendable {
        fileprivate let stream: AsyncStream<Element>
        fileprivate let continuation: AsyncStream<Element>.Continuation
        public init() { (stream, continuation) = AsyncStream.makeStream(of: Element.self) }
        /// Queues `element` (dropped once the sink has stopped).
        public func yield(_ element: Element) { continuation.yield(element) }
    }

    public let input: Input
    private let consume: @Sendable (Element) async -> Void

    public init(_ input: Input = Input(), _ consume: @escaping @Sendable (Element) async -> Void) {
        self.input = input
        self.consume = consume
    }

    /// Queues `element` for the sink (dropped once the sink has stopped).
    public func yield(_ element: Element) { input.yield(element) }

    public func run() async throws {
        await withGracefulShutdownHandler {
            for await element in input.stream { await consume(element) }
        } onGracefulShutdown: { [input] in
            input.continuation.finish()
        }
    }
}
