import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Process hygiene in one place: SIGPIPE ignored (writes report EPIPE instead), one exit path.
public enum ProcessSetup {
    /// Call first thing in every `@main`.
    public static func prepare() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// Runs an async entry point and exits with the right code: `ExitError`s carry theirs,
    /// anything else is an internal error (70).
    public static func main(label: String, _ body: @escaping @Sendable (Logger) async throws -> Void) async -> Never {
        prepare()
        let logger = Logger(label: label)
        do {
            try await body(logger)
            ExitCode.ok.exit()
        } catch {
            let code = ExitCode(after: error)
            switch code {
            case .ok: break
            case .software: logger.critical("fatal: \(error)")
            default: logger.error("\((error as? ExitError)?.message ?? "\(error)")")
            }
            code.exit()
        }
    }
}

/// Unbuffered, whole-line writes to standard output (JSON lines for pipes).
public enum StandardOutput {
    /// Writes `line` and a newline in one `write(2)`; returns false once the reader has gone.
    @discardableResult
    public static func writeLine(_ line: String) -> Bool {
        writeLine(bytes: line.utf8)
    }

    /// Writes `bytes` (UTF-8 text, e.g. a relayed frame body) and a newline in one `write(2)`.
    @discardableResult
    public static func writeLine(bytes: some Sequence<UInt8>) -> Bool {
        var line = Array(bytes)
        line.append(10)
        return (try? writeAll(1, line)) != nil
    }
}
