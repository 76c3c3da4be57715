#if canImport(Glibc)
import Glibc
#endif

/// Errors of the signals component.
public struct SignalsError: Error, CustomStringConvertible, Sendable {
    private enum Kind: Sendable { case cannotOpen(String, Int32) }
    private let kind: Kind
    static func cannotOpen(_ path: String, _ code: Int32) -> SignalsError { SignalsError(kind: .cannotOpen(path, code)) }
    public var description: String {
        switch kind {
        case .cannotOpen(let path, let code): "cannot open \(path): \(String(cString: strerror(code)))"
        }
    }
}
