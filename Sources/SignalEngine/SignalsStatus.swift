import IPC

/// The `status` of `signals.sock`: the core's details, the inputs' connections, the journal.
struct SignalsStatus: Sendable {
    let core: SignalsCore
    let inputs: [(String, IPCClient)]
    let journal: String?

    func report() async -> (state: String, details: [String: JSONValue]) {
        var details = await core.statusDetails()
        details["upstream"] = .object(Dictionary(uniqueKeysWithValues: inputs.map { ($0.0, JSONValue.bool($0.1.isConnected)) }))
        details["journal"] = .string(journal ?? "disabled")
        // Market data from any gateway or the poller keeps signals running.
        return (inputs.contains { $0.0 != "allocator" && $0.1.isConnected } ? "running" : "degraded", details)
    }
}
