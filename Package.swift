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
        // The bottom module: event loop, channels, sockets, syscalls, process setup, logger, service group.
        .target(name: "System", dependencies: ["CSystem"]),
        // IPC and Net are peers on System: neither imports the other (docs/architecture.md).
        .target(name: "IPC", dependencies: ["System"]),
        .target(name: "Net", dependencies: ["System", "COpenSSL"]),
        .target(name: "KIS", dependencies: ["IPC", "System", "COpenSSL"]),
        // Each component's own types, kept in a library so tests can reach them.
        .target(name: "Simulator", dependencies: ["IPC", "Net", "KIS", "System"]),
        .target(name: "Gateway", dependencies: ["IPC", "Net", "KIS", "System"]),
        .target(name: "Polling", dependencies: ["IPC", "Net", "KIS", "System"]),
        .target(name: "Allocation", dependencies: ["IPC", "KIS", "System"]),
        .target(name: "SignalEngine", dependencies: ["IPC", "System"]),
        // A small NATS client (core protocol + the JetStream requests kis41 needs).
        .target(name: "NATS", dependencies: ["IPC", "Net", "System"]),
        // The optional bridge from the IPC topics to NATS subjects and JetStream.
        .target(name: "NATSBridge", dependencies: ["IPC", "NATS", "System"]),
        // The recorder's timeline format, the session report and ground-truth event matching (pure).
        .target(name: "Reports", dependencies: ["IPC", "SignalEngine", "Allocation"]),
        // Measurement code behind `./run bench`, never inside a product library.
        .target(name: "Benchmarks", dependencies: ["IPC", "Net", "KIS", "Gateway", "Polling", "Allocation", "SignalEngine", "Simulator", "System"]),
        // Thin @main executables that only wire things.
        .executableTarget(name: "ws-gateway", dependencies: ["Gateway", "IPC", "System"]),
        .executableTarget(name: "rest-poller", dependencies: ["Polling", "IPC", "System"]),
        .executableTarget(name: "allocator", dependencies: ["Allocation", "IPC", "System"]),
        .executableTarget(name: "signals", dependencies: ["SignalEngine", "IPC", "KIS", "System"]),
        .executableTarget(name: "kis-sim", dependencies: ["Simulator", "IPC", "System"]),
        .executableTarget(name: "nats-bridge", dependencies: ["NATSBridge", "NATS", "Net", "IPC", "KIS", "System"]),
        .executableTarget(name: "kisctl", dependencies: ["IPC", "KIS", "Reports", "SignalEngine", "Simulator", "System"]),
        .executableTarget(name: "kis41-bench", dependencies: ["Benchmarks", "IPC", "Net", "KIS", "Gateway", "Polling", "Allocation", "SignalEngine", "Simulator", "Reports", "NATS", "NATSBridge", "System"]),
        // One test target per module, plus the pipeline end to end.
        .testTarget(name: "SystemTests", dependencies: ["System"]),
        .testTarget(name: "IPCTests", dependencies: ["IPC", "System"]),
        .testTarget(name: "NetTests", dependencies: ["Net", "System"]),
        .testTarget(name: "NATSTests", dependencies: ["NATS", "NATSBridge", "Allocation", "Benchmarks", "Net", "IPC", "System"]),
        .testTarget(name: "KISTests", dependencies: ["KIS", "IPC", "System"], exclude: ["Fixtures"]),
        .testTarget(name: "SimulatorTests", dependencies: ["Simulator", "Benchmarks", "KIS", "Net", "IPC", "System"], exclude: ["Conformance"]),
        .testTarget(name: "GatewayTests", dependencies: ["Gateway", "Benchmarks", "Simulator", "KIS", "Net", "IPC", "System"]),
        .testTarget(name: "PollingTests", dependencies: ["Polling", "Simulator", "KIS", "Net", "IPC", "System"]),
        .testTarget(name: "AllocationTests", dependencies: ["Allocation", "Benchmarks", "KIS", "IPC", "System"]),
        .testTarget(name: "SignalEngineTests", dependencies: ["SignalEngine", "Benchmarks", "IPC", "System"]),
        .testTarget(name: "EndToEndTests", dependencies: ["IPC", "Simulator", "KIS", "Net", "Reports", "Gateway", "Polling", "Allocation", "SignalEngine", "System"]),
    ]
)
