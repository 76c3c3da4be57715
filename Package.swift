// swift-tools-version:6.0
// kis41 — a real-time market watcher for Korean stocks on the KIS Open API.
// No third-party packages: the toolchain (Foundation, Dispatch, Glibc, Swift Testing) and OpenSSL.
import PackageDescription

let package = Package(
    name: "kis41",
    products: [
        .executable(name: "ws-gateway", targets: ["ws-gateway"]),
        .executable(name: "rest-poller", targets: ["rest-poller"]),
        .executable(name: "allocator", targets: ["allocator"]),
        .executable(name: "signals", targets: ["signals"]),
        .executable(name: "kis-sim", targets: ["kis-sim"]),
        .executable(name: "kisctl", targets: ["kisctl"]),
        .executable(name: "kis41-bench", targets: ["kis41-bench"]),
        .executable(name: "nats-bridge", targets: ["nats-bridge"]),
    ],
    targets: [
        // The one C dependency: TLS, SHA-1 and AES-256-CBC.
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        // Shared libraries.
        // Linux headers that the Glibc module does not export (epoll).
        .target(name: "CSystem"),
        .target(name: "IPC", dependencies: ["CSystem"]),
        .target(name: "Net", dependencies: ["IPC", "COpenSSL"]),
        .target(name: "KIS", dependencies: ["Net", "COpenSSL"]),
        // A small NATS client (core protocol + the JetStream requests kis41 needs).
        .target(name: "NATS", dependencies: ["IPC", "Net"]),
        // Each component's own types, kept in a library so tests can reach them.
        .target(name: "Simulator", dependencies: ["IPC", "Net", "KIS"]),
        .target(name: "Gateway", dependencies: ["IPC", "Net", "KIS"]),
        .target(name: "Polling", dependencies: ["IPC", "Net", "KIS"]),
        .target(name: "Allocation", dependencies: ["IPC", "KIS"]),
        .target(name: "SignalEngine", dependencies: ["IPC"]),
        // The optional bridge from the IPC topics to NATS subjects and JetStream.
        .target(name: "NATSBridge", dependencies: ["IPC", "NATS"]),
        // The recorder's timeline format, the session report and ground-truth event matching (pure).
        .target(name: "Reports", dependencies: ["IPC", "SignalEngine"]),
        // Thin @main executables that only wire things.
        .executableTarget(name: "ws-gateway", dependencies: ["Gateway", "IPC"]),
        .executableTarget(name: "rest-poller", dependencies: ["Polling", "IPC"]),
        .executableTarget(name: "allocator", dependencies: ["Allocation", "IPC"]),
        .executableTarget(name: "signals", dependencies: ["SignalEngine", "IPC", "KIS"]),
        .executableTarget(name: "kis-sim", dependencies: ["Simulator", "IPC"]),
        .executableTarget(name: "nats-bridge", dependencies: ["NATSBridge", "NATS", "IPC", "KIS"]),
        .executableTarget(name: "kisctl", dependencies: ["IPC", "KIS", "Reports"]),
        .executableTarget(name: "kis41-bench", dependencies: ["IPC", "Net", "KIS", "Gateway", "Polling", "Allocation", "SignalEngine", "Simulator", "Reports", "NATS", "NATSBridge"]),
        // One test target per module, plus the pipeline end to end.
        .testTarget(name: "IPCTests", dependencies: ["IPC"]),
        .testTarget(name: "NetTests", dependencies: ["Net"]),
        .testTarget(name: "NATSTests", dependencies: ["NATS", "NATSBridge", "Allocation", "Net", "IPC"]),
        .testTarget(name: "KISTests", dependencies: ["KIS"], exclude: ["Fixtures"]),
        .testTarget(name: "SimulatorTests", dependencies: ["Simulator", "KIS", "Net", "IPC"], exclude: ["Conformance"]),
        .testTarget(name: "GatewayTests", dependencies: ["Gateway", "Simulator", "KIS", "Net", "IPC"]),
        .testTarget(name: "PollingTests", dependencies: ["Polling", "Simulator", "KIS", "Net", "IPC"]),
        .testTarget(name: "AllocationTests", dependencies: ["Allocation", "KIS", "IPC"]),
        .testTarget(name: "SignalEngineTests", dependencies: ["SignalEngine", "IPC"]),
        .testTarget(name: "EndToEndTests", dependencies: ["IPC", "Simulator", "KIS", "Net", "Reports", "Gateway", "Polling", "Allocation", "SignalEngine"]),
    ]
)
