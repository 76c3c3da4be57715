import Foundation
import IPC
import KIS
import Reports
import System
#if canImport(Glibc)
import Glibc
#endif

/// `kisctl view`: the live status view `./run` shows on a terminal. Redraws once a second from every
/// component's `status`, the supervisor's state files, the latest `allocation` and the latest signals;
/// `q` or Ctrl-C quits (the terminal restored), after which the supervisor stops the pipeline; so
/// does the market clock reaching `end` (`--until HH:MM`), whose last frame stays on the terminal.
enum ViewCommand {
    static func run(runDirectory: RunDirectory, once: Bool, end: DayEnd?, logger: Logger) async throws {
        let model = ViewModel(runDirectory: runDirectory)
        let quiet = Logger(label: "kisctl-view", level: .critical)
        let clients = [
            IPCClient(path: runDirectory.socketPath(SocketName.allocator), hello: Hello(name: "kisctl-view", topics: [Topic.allocation.rawValue]),
                      logger: quiet, onMessage: { if case .allocation(let a) = $0 { model.update(a) } }),
            IPCClient(path: runDirectory.socketPath(SocketName.signals), hello: Hello(name: "kisctl-view", topics: [Topic.signal.rawValue]),
                      logger: quiet, onMessage: { if case .signal(let s) = $0 { model.append(s) } }),
        ]
        if once || !Terminal.isInteractive {
            let tasks = clients.map { client in Task { await client.run() } }
            try? await Task.sleep(nanoseconds: 300_000_000)  // time for the allocation to arrive
            let screen = await model.screen(size: (120, 60))
            tasks.forEach { $0.cancel() }
            for line in screen.lines() { print(line) }
            return
        }
        let terminal = Terminal()
        try terminal.enterRawMode()
        defer { terminal.restore() }
        let quit = AsyncStream<Void>.makeStream()
        // Keys: q, Q, Ctrl-C (ISIG is off) or Ctrl-D quit. TERM/HUP from outside: quit as well.
        let keys = DispatchSource.makeReadSource(fileDescriptor: 0, queue: .global())
        keys.setEventHandler { @Sendable in
            var buffer = [UInt8](repeating: 0, count: 64)
            let n = read(0, &buffer, buffer.count)
            if n == 0 || buffer.prefix(max(n, 0)).contains(where: { [0x71, 0x51, 0x03, 0x04].contains($0) }) { quit.continuation.yield() }
        }
        keys.resume()
        var signalSources: [any DispatchSourceSignal] = []
        for number in [SIGTERM, SIGHUP, SIGINT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { @Sendable in quit.continuation.yield() }
            source.resume()
            signalSources.append(source)
        }
        await withTaskGroup(of: Void.self) { group in
            for client in clients { group.addTask { await client.run() } }
            group.addTask {
                while !Task.isCancelled {
                    let started = Date()
                    terminal.draw(await model.screen(size: Terminal.size).lines())
                    let rest = 1 - Date().timeIntervalSince(started)
                    if rest > 0 { try? await Task.sleep(nanoseconds: UInt64(rest * 1e9)) }
                }
            }
            group.addTask { for await _ in quit.stream { break } }
            if let end { group.addTask { await end.wait(runDirectory: runDirectory) } }
            await group.next()
            group.cancelAll()
        }
        keys.cancel()
        signalSources.forEach { $0.cancel() }
        if let end, let clock = try? MarketClock.fromRunDirectory(runDirectory), end.hasPassed(clock.now()) {
            terminal.restore()
            for line in await model.screen(size: Terminal.size).lines() { print(line) }
            print("\nThe market day ended (\(MarketClock.clockString(clock.now()))). The session report: ./run report")
        }
    }
}

/// What the view has heard so far, and one frame's worth of status requests.
final class ViewModel: @unchecked Sendable {
    let runDirectory: RunDirectory
    private let lock = NSLock()
    private var allocation: Allocation?
    private var signals: [TradeSignal]
    private var names: [String: String] = [:]
    private var clock: MarketClock?

    init(runDirectory: RunDirectory) {
        self.runDirectory = runDirectory
        // The latest signals of the day so far (the file may be large: read its tail only).
        signals = JSONLines.decode(TradeSignal.self, from: Self.tail(of: runDirectory.path("signals.jsonl"), bytes: 16 << 10))
        names = MasterFileLoader.names(in: runDirectory.url)
        for event in JSONLines.read(GroundTruthEvent.self, path: runDirectory.path("events.jsonl")) where !event.name.isEmpty {
            names[event.code] = event.name
        }
        for s in signals where !s.name.isEmpty && s.name != s.code { names[s.code] = s.name }
    }

    func update(_ allocation: Allocation) { lock.withLock { self.allocation = allocation } }

    func append(_ signal: TradeSignal) {
        lock.withLock {
            signals.append(signal)
            if signals.count > 50 { signals.removeFirst(signals.count - 50) }
            if !signal.name.isEmpty && signal.name != signal.code { names[signal.code] = signal.name }
        }
    }

    /// Asks every component for `status` (0.5 s each, in parallel) and builds the frame.
    func screen(size: (columns: Int, rows: Int)) async -> StatusScreen {
        let runDirectory = self.runDirectory
        let session = Components.session(in: runDirectory)
        let reports = await withTaskGroup(of: (String, StatusReport?).self) { group in
            for (name, socket) in session {
                guard let socket else { continue }
                group.addTask {
                    let reply = try? await IPCClient.requestOnce(path: runDirectory.socketPath(socket), name: "kisctl-view",
                                                                 .status(StatusRequest()), timeout: 0.5)
                    if case .statusReport(let report)? = reply { return (name, report) }
                    return (name, nil)
                }
            }
            var out: [String: StatusReport] = [:]
            for await (name, report) in group { out[name] = report }
            return out
        }
        let components = session.compactMap { name, _ -> StatusScreen.Component? in
            let state = StatusCommand.supervisorState(of: name, in: runDirectory)
            // A component that never ran here (e.g. kis-sim in live mode) is left out.
            guard FileManager.default.fileExists(atPath: runDirectory.path(name)) else { return nil }
            return StatusScreen.Component(name: name, state: state["state"]?.stringValue ?? "stopped",
                                          restarts: Int(state["restarts"]?.doubleValue ?? 0), report: reports[name])
        }
        let marketClock = lock.withLock { () -> MarketClock? in
            if !(clock?.isSimulated ?? false) { clock = try? MarketClock.fromRunDirectory(runDirectory) }
            return clock
        }
        return lock.withLock {
            StatusScreen(marketTime: marketClock?.now(), speed: marketClock?.speed ?? 1, isSimulated: marketClock?.isSimulated ?? false,
                         allocation: allocation, components: components, latestSignals: signals, names: names,
                         width: size.columns, height: size.rows)
        }
    }

    /// The last `bytes` bytes of a file, from its first whole line.
    static func tail(of path: String, bytes: Int) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        let start = size > UInt64(bytes) ? size - UInt64(bytes) : 0
        try? handle.seek(toOffset: start)
        let text = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        guard start > 0, let newline = text.firstIndex(of: "\n") else { return text }
        return String(text[text.index(after: newline)...])
    }
}
