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
        } catch let error as ExitError {
            logger.error("\(error.message)")
            error.code.exit()
        } catch is CancellationError {
            ExitCode.ok.exit()
        } catch {
            logger.critical("fatal: \(error)")
            ExitCode.software.exit()
        }
    }
}

/// Unbuffered, whole-line writes to standard output (JSON lines for pipes).
public enum StandardOutput {
    /// Writes `line` and a newline in one `write(2)`; returns false once the reader has gone.
    @discardableResult
    public static func writeLine(_ line: String) -> Bool {
        var bytes = Array(line.utf8)
        bytes.append(10)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(1, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }
}
