import Foundation
import IPC
import System

/// `kisctl send NAME JSON`: one request to a component, its reply printed as JSON
/// (e.g. `kisctl send allocator '{"type":"emergency","code":"096770","priority":95,"reason":"manual"}'`).
enum SendCommand {
    static func run(runDirectory: RunDirectory, arguments: [String]) async throws {
        guard arguments.count == 2 else { throw ExitError(.usage, KisCtl.usage) }
        let socket = try Components.socket(of: arguments[0])
        let codec = MessageCodec()
        var body = Array(arguments[1].utf8)
        // A request needs an id; add a placeholder when the user left it out.
        if (try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])?["id"] == nil,
           var object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] {
            object["id"] = "cli"
            body = Array(try JSONSerialization.data(withJSONObject: object))
        }
        let message: Message
        do { message = try codec.decode(body) } catch {
            throw ExitError(.usage, "not a request message: \(error)")
        }
        let reply = try await IPCClient.requestOnce(path: runDirectory.socketPath(socket), name: "kisctl", message)
        print(String(decoding: try codec.encode(reply), as: UTF8.self))
        if case .error = reply { throw ExitError(.temporaryFailure, "request refused") }
    }
}
