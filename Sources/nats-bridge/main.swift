// nats-bridge: kis41's topics on NATS subjects, signals in JetStream, allocator commands from NATS.
//
// Off unless configured: `KIS41_NATS_URL` or `"url"` in the `"nats"` section of kis41.json (exit 78
// otherwise, so `run` does not restart it). Credentials: `KIS41_NATS_USER`/`KIS41_NATS_PASSWORD` or
// `KIS41_NATS_TOKEN`, from the environment or the 0600 file named by `KIS41_NATS_SECRETS_FILE`;
// never from argv or the URL, never logged.
import Foundation
import IPC
import System
import KIS
import NATS
import NATSBridge
import Net

@main
struct Main {
    static func main() async {
        await ProcessSetup.main(label: "nats-bridge") { logger in
            if let argument = CommandLine.arguments.dropFirst().first {
                throw ExitError(.usage, "unknown argument \(argument.prefix(64)) (nats-bridge takes none; see README)")
            }
            let environment = try ComponentEnvironment.load(name: "nats-bridge", logger: logger)
            let configuration = try NATSBridgeConfiguration.load(from: environment.configuration, environment: environment.environment)
            guard let url = configuration.url else {
                throw ExitError(.configuration, "NATS is not configured: set KIS41_NATS_URL or \"nats\": {\"url\": …} in the configuration")
            }
            var secrets = environment.environment
            if let file = secrets["KIS41_NATS_SECRETS_FILE"], !file.isEmpty {
                do {
                    for (name, value) in try KISCredentials.readSecretsFile(file) where secrets[name]?.isEmpty ?? true { secrets[name] = value }
                } catch {
                    throw ExitError(.configuration, "\(error)")
                }
            }
            let trusted = configuration.trustedCertificatesFile ?? secrets["SSL_CERT_FILE"]
            let nats: NATSConfiguration
            do {
                nats = try NATSConfiguration(url: url, credentials: NATSCredentials.from(secrets), name: "kis41-nats-bridge",
                                             tls: .client(trustedCertificatesFile: trusted))
            } catch {
                throw ExitError(.configuration, "\(error)")
            }
            logger.info("bridging \(configuration.topics.joined(separator: ", ")) to NATS \(nats.address) as \(nats.credentials)")
            let service = NATSBridgeService(runDirectory: environment.runDirectory, configuration: configuration, nats: nats, logger: logger)
            // The bridge stops by cancellation (its spool is written as it goes): cancelled on graceful shutdown.
            try await ServiceGroup([("nats-bridge", ClosureService { try await service.run() })], logger: logger).run()
        }
    }
}
