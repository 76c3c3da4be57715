import IPC
import Polling
import System

/// `rest-poller`: the REST budget of one app key. Serves `poller.sock`; see `PollerService`.
/// Missing or malformed credentials exit 78 (the secret is never printed).
@main
struct Main {
    static func main() async {
        await ProcessSetup.main(label: "rest-poller") { logger in
            let environment = try ComponentEnvironment.load(name: "rest-poller", logger: logger)
            let poller = try PollerService(environment: environment)
            try await ServiceGroup(poller.services, logger: logger).run()
        }
    }
}
