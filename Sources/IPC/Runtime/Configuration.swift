import Foundation
import System

/// The one JSON configuration file (`$KIS41_CONFIG`, else `kis41.json` in the working directory if
/// present), one section per component. A section is decoded over the component's documented
/// defaults: keys the user leaves out keep their default, unknown keys and wrong types are
/// configuration errors that name the key (exit 78).
public struct ConfigurationFile: Sendable {
    public let path: String?
    private let root: [String: JSONValue]

    /// The sections a configuration file may have, one per component (`nats`: the optional bridge).
    public static let knownSections = ["ws-gateway", "rest-poller", "allocator", "signals", "nats"]

    public init(path: String?, root: [String: JSONValue]) { self.path = path; self.root = root }

    /// Loads the file named by the environment, or an empty configuration.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ConfigurationFile {
        let explicit = environment["KIS41_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
        let path = explicit ?? (FileManager.default.fileExists(atPath: "kis41.json") ? "kis41.json" : nil)
        guard let path else { return ConfigurationFile(path: nil, root: [:]) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ExitError(.configuration, "configuration file \(path) cannot be read")
        }
        do {
            guard case .object(let root) = try JSONDecoder().decode(JSONValue.self, from: data) else {
                throw ExitError(.configuration, "configuration file \(path): the top level must be an object")
            }
            // A misspelled section would otherwise run its component on defaults without a word.
            if let unknown = root.keys.sorted().first(where: { !knownSections.contains($0) }) {
                throw ExitError(.configuration, "configuration file \(path): unknown section \"\(unknown.prefix(64))\" (known: \(knownSections.joined(separator: ", ")))")
            }
            return ConfigurationFile(path: path, root: root)
        } catch let error as ExitError {
            throw error
        } catch {
            throw ExitError(.configuration, "configuration file \(path) is not valid JSON: \(error)")
        }
    }

    /// Decodes section `name` over `defaults`.
    public func section<T: Codable>(_ name: String, defaults: T) throws -> T {
        guard let override = root[name] else { return defaults }
        let base = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(defaults))
        let merged = try Self.merge(base, override, path: name)
        do {
            return try JSONDecoder().decode(T.self, from: JSONEncoder().encode(merged))
        } catch let DecodingError.typeMismatch(type, context) {
            throw ExitError(.configuration, "\(where_()) \(Self.keyPath(name, context)): expected \(type)")
        } catch let DecodingError.valueNotFound(type, context) {
            throw ExitError(.configuration, "\(where_()) \(Self.keyPath(name, context)): expected \(type), found null")
        } catch let DecodingError.dataCorrupted(context) {
            throw ExitError(.configuration, "\(where_()) \(Self.keyPath(name, context)): \(context.debugDescription)")
        } catch let DecodingError.keyNotFound(key, context) {
            throw ExitError(.configuration, "\(where_()) \(Self.keyPath(name, context)).\(key.stringValue): missing")
        }
    }

    private func where_() -> String { "configuration \(path ?? "(defaults)"):" }

    private static func keyPath(_ section: String, _ context: DecodingError.Context) -> String {
        ([section] + context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue })
            .joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
    }

    /// Objects merge key by key (unknown keys rejected); anything else replaces the default.
    static func merge(_ base: JSONValue, _ override: JSONValue, path: String) throws -> JSONValue {
        guard case .object(var members) = base, case .object(let changes) = override else {
            if case .object = base { throw ExitError(.configuration, "configuration: \(path) must be an object") }
            return override
        }
        for (key, value) in changes {
            guard let current = members[key] else {
                let known = members.keys.sorted().joined(separator: ", ")
                throw ExitError(.configuration, "configuration: unknown key \(path).\(key) (known: \(known))")
            }
            members[key] = try merge(current, value, path: "\(path).\(key)")
        }
        return .object(members)
    }
}
