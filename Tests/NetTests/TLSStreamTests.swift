import Foundation
import Testing
@testable import Net

/// The certificate tool these tests need, and whether a missing one fails (under CI) or skips.
enum OpenSSLTool {
    static let path = "/usr/bin/openssl"
    static let isInstalled = FileManager.default.isExecutableFile(atPath: path)
    static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"
}

/// TLS against a local server with a throwaway self-signed certificate made by `/usr/bin/openssl`.
/// Without that tool the suite is skipped with the reason; under `CI=true` (`.ci/run` has it) it fails.
@Suite(.serialized, .enabled(if: OpenSSLTool.isInstalled || OpenSSLTool.isCI,
                             "needs /usr/bin/openssl to make a self-signed certificate; fails instead under CI=true"))
struct TLSStreamTests {

    /// A temporary directory holding `cert.pem` and `key.pem` for CN/SAN `localhost`.
    struct Certificate {
        let directory: URL
        var certificatePath: String { directory.appendingPathComponent("cert.pem").path }
        var keyPath: String { directory.appendingPathComponent("key.pem").path }

        struct Unavailable: Error, CustomStringConvertible { let description: String }

        /// Makes the certificate; throws (failing the test) when openssl is missing or fails.
        static func make() throws -> Certificate {
            let tool = OpenSSLTool.path
            guard OpenSSLTool.isInstalled else { throw Unavailable(description: "\(tool) not found to generate a self-signed certificate") }
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kis41-tls-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let certificate = Certificate(directory: directory)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                                 "-keyout", certificate.keyPath, "-out", certificate.certificatePath, "-days", "1",
                                 "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw Unavailable(description: "openssl req exited with \(process.terminationStatus)")
            }
            return certificate
        }

        func remove() { try? FileManager.default.removeItem(at: directory) }
    }

    @Test func handshake_fails_whenCertificateIsNotTrusted() async throws {
        let certificate = try Certificate.make()
        defer { certificate.remove() }
        let server = try LoopbackTests.echoServer(tls: .server(certificateChainFile: certificate.certificatePath, privateKeyFile: certificate.keyPath))
        try await LoopbackTests.withServer(server) {
            let client = try HTTPClient(origin: "https://localhost:\(server.port)")
            let error = await #expect(throws: NetError.self) { try await client.get("/") }
            #expect(error?.description.contains("certificate verify failed") == true, "\(String(describing: error))")
        }
    }

    @Test func httpsKeepAlive_works_whenTestCAIsConfigured() async throws {
        let certificate = try Certificate.make()
        defer { certificate.remove() }
        let server = try LoopbackTests.echoServer(tls: .server(certificateChainFile: certificate.certificatePath, privateKeyFile: certificate.keyPath))
        try await LoopbackTests.withServer(server) {
            var configuration = HTTPClientConfiguration()
            configuration.tls = .client(trustedCertificatesFile: certificate.certificatePath)
            let client = try HTTPClient(origin: "https://localhost:\(server.port)", configuration: configuration)
            #expect(try await client.get("/secure?a=1").bodyText == "/secure?a=1")
            let large = [UInt8](repeating: 0x5A, count: 200_000)
            #expect(try await client.post("/upload", body: large).body == large)
            #expect(await client.connectionsOpened == 1)
            await client.close()
        }
    }

    @Test func hostNameCheck_fails_forNameNotInCertificate() async throws {
        let certificate = try Certificate.make()
        defer { certificate.remove() }
        let server = try LoopbackTests.echoServer(tls: .server(certificateChainFile: certificate.certificatePath, privateKeyFile: certificate.keyPath))
        try await LoopbackTests.withServer(server) {
            let channel = try await TCPSocket.connect(host: "127.0.0.1", port: server.port)
            let context = try TLSContext(configuration: .client(trustedCertificatesFile: certificate.certificatePath))
            await #expect(throws: NetError.self) { try await TLSStream.connect(over: channel, context: context, serverName: "example.com") }
            channel.close()
        }
    }

    @Test func secureWebSocket_echoesText_overTLS() async throws {
        let certificate = try Certificate.make()
        defer { certificate.remove() }
        let server = try LoopbackTests.echoServer(tls: .server(certificateChainFile: certificate.certificatePath, privateKeyFile: certificate.keyPath))
        try await LoopbackTests.withServer(server) {
            let connection = try await WebSocketClient.connect(url: "wss://127.0.0.1:\(server.port)/tryitout",
                                                               tls: .client(trustedCertificatesFile: certificate.certificatePath))
            try await connection.send(text: "안녕")
            #expect(try await connection.receive().text == "안녕")
            await connection.close()
        }
    }
}
