#if canImport(Glibc)
import Glibc
#endif

/// The process exit codes every kis41 executable and `run` use (BSD sysexits).
public enum ExitCode: Int32, Sendable {
    /// Clean shutdown.
    case ok = 0
    /// Bad command line.
    case usage = 64
    /// Internal error (a bug).
    case software = 70
    /// An output file cannot be created or written (EX_CANTCREAT).
    case cannotCreate = 73
    /// Temporary failure: restarting may help.
    case temporaryFailure = 75
    /// Configuration error (bad config, missing credentials): the supervisor does not restart.
    case configuration = 78

    /// Ends the process with this code.
    public func exit() -> Never { Glibc.exit(rawValue) }
}

/// An error that carries the exit code the process should end with.
public struct ExitError: Error, CustomStringConvertible, Sendable {
    public let code: ExitCode
    public let message: String
    public init(_ code: ExitCode, _ message: String) { self.code = code; self.message = message }
    public var description: String { message }
}

extension ExitCode {
    /// The code a process ends with after its group returned (`nil`) or threw `error`: an
    /// `ExitError`'s own code, `ok` for a cancellation, `software` (a bug) for anything else.
    public init(after error: (any Error)?) {
        switch error {
        case nil, is CancellationError: self = .ok
        case let error as ExitError: self = error.code
        default: self = .software
        }
    }
}
