import Testing
@testable import System
#if canImport(Glibc)
import Glibc
#endif

@Suite struct SystemErrorTests {
    @Test func writeAll_writesEveryByte_andThrowsOnceTheReaderHasGone() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let bytes = (0..<10_000).map { UInt8(truncatingIfNeeded: $0) }
        try writeAll(fds[1], bytes)
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while received.count < bytes.count {
            let n = read(fds[0], &buffer, buffer.count)
            #expect(n > 0)
            if n <= 0 { break }
            received += buffer[0..<n]
        }
        #expect(received == bytes)
        close(fds[0])
        // SIGPIPE is ignored by ProcessSetup in the components; here too, so EPIPE comes back as an error.
        signal(SIGPIPE, SIG_IGN)
        let error = #expect(throws: SystemError.self) { try writeAll(fds[1], [1, 2, 3]) }
        #expect(error?.call == "write" && error?.errno == EPIPE)
        close(fds[1])
    }

    @Test func syscall_returnsWouldBlock_asAValue() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        try makeNonBlocking(fds[0])
        var byte: UInt8 = 0
        guard case .wouldBlock = try syscall("read", { read(fds[0], &byte, 1) }) else {
            Issue.record("an empty non-blocking pipe should report would-block"); return
        }
    }
}
