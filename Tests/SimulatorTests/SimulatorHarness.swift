import Testing
import Foundation
import IPC
import KIS
import Net
@testable import Simulator

/// Starts an in-process kis-sim on an ephemeral port for a test and talks to it.
final class SimulatorHarness: Sendable {
    static let appKey = "PSTESTAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    static let secret = String(repeating: "S", count: 180)

    let simulator: KISSimulator
    let task: Task<Void, Error>
    let client: HTTPClient

    /// A small (~190-stock) day from 09:05 unless told otherwise.
    static func options(speed: Double = 1, start: String = "09:05") -> SimulatorOptions {
        var o = SimulatorOptions()
        o.universeScale = 0.05
        o.speed = speed
        o.start = start
        return o
    }

    init(_ options: SimulatorOptions = SimulatorHarness.options()) throws {
        simulator = try KISSimulator(options: options)
        let simulator = simulator
        task = Task { try await simulator.run() }
        client = try HTTPClient(origin: simulator.restURL)
    }

    func stop() async {
        await client.close()
        task.cancel()
        _ = try? await task.value
    }

    /// POSTs JSON text.
    func post(_ path: String, _ json: String) async throws -> HTTPResponse {
        try await client.post(path, headers: ["Content-Type": "application/json"], body: Array(json.utf8))
    }

    func tokenResponse(appKey: String = appKey, secret: String = secret) async throws -> HTTPResponse {
        try await post("/oauth2/tokenP", #"{"grant_type":"client_credentials","appkey":"\#(appKey)","appsecret":"\#(secret)"}"#)
    }

    func token(appKey: String = appKey) async throws -> String {
        let response = try await tokenResponse(appKey: appKey)
        return try JSONDecoder().decode(TokenResponse.self, from: Data(response.body)).accessToken
    }

    func approvalKey(appKey: String = appKey) async throws -> String {
        let response = try await post("/oauth2/Approval",
                                      #"{"grant_type":"client_credentials","appkey":"\#(appKey)","secretkey":"\#(Self.secret)"}"#)
        return try JSONDecoder().decode(ApprovalResponse.self, from: Data(response.body)).approvalKey
    }

    /// A quote GET with KIS's headers.
    func get(_ endpoint: KISEndpoint, _ query: String, token: String, appKey: String = appKey, trID: String? = nil) async throws -> HTTPResponse {
        try await client.get(endpoint.path + "?" + query, headers: [
            "authorization": "Bearer \(token)", "appkey": appKey, "appsecret": Self.secret,
            "tr_id": trID ?? endpoint.realTrID ?? "", "custtype": "P",
        ])
    }

    /// Opens a WebSocket on `/tryitout`.
    func connect() async throws -> WebSocketConnection {
        try await WebSocketClient.connect(url: simulator.webSocketURL, timeout: .seconds(5))
    }

    /// Sends a (un)subscribe request and returns the next control response for it (skipping data and PINGPONG).
    static func request(_ ws: WebSocketConnection, approval: String, trID: String, trKey: String,
                        action: SubscriptionAction = .subscribe) async throws -> SubscriptionResponse {
        try await ws.send(text: SubscriptionRequest(approvalKey: approval, action: action, trID: trID, trKey: trKey).jsonText)
        while true {
            guard let text = try await ws.receive().text, TextFrameKind.classify(text) == .control,
                  case .subscriptionResponse(let response) = try ControlMessage.decode(text) else { continue }
            return response
        }
    }

    /// Polls `condition` every 20 ms until true or the deadline.
    static func eventually(within seconds: Double = 5, _ condition: () async throws -> Bool) async rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return true }
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
        return try await condition()
    }
}

/// The KIS fixtures, read from the KIS test target's committed copy.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("KISTests/Fixtures")

    static func data(_ name: String) throws -> Data { try Data(contentsOf: directory.appendingPathComponent(name)) }

    static func line(_ name: String) throws -> String {
        String(String(decoding: try data(name), as: UTF8.self).split(separator: "\n")[0])
    }

    /// Top-level keys of a JSON object.
    static func keys(_ json: Data) throws -> Set<String> {
        Set(try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any]).keys)
    }

    /// Keys of the object (or first array element) under `member`.
    static func keys(_ json: Data, member: String) throws -> Set<String> {
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        if let inner = object[member] as? [String: Any] { return Set(inner.keys) }
        let array = try #require(object[member] as? [Any])
        return Set(try #require(array.first as? [String: Any]).keys)
    }
}

extension Fixtures {
    /// A JSON fixture without the doc's elision strings in arrays.
    static func withoutElisions(_ name: String) throws -> Data {
        var object = try #require(try JSONSerialization.jsonObject(with: try data(name)) as? [String: Any])
        for (key, value) in object {
            if let array = value as? [Any] { object[key] = array.filter { !($0 is String) } }
        }
        return try JSONSerialization.data(withJSONObject: object)
    }
}
