import Foundation
import SourceFormats

/// A request as the feed sees it, independent of the HTTP server library (so routing is testable without sockets).
public struct FeedRequest: Sendable {
    public var path: String
    public var query: [(name: String, value: String)]
    public var headers: [String: String]

    public init(path: String, query: [(name: String, value: String)] = [], headers: [String: String] = [:]) {
        self.path = path
        self.query = query
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { $1 })
    }

    public func value(_ name: String) -> String? { query.last { $0.name == name }?.value }
    public func values(_ name: String) -> [String] { query.filter { $0.name == name }.map(\.value) }
}

public struct FeedResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data
    /// Real time the server waits before answering (latency and timeout faults).
    public var delaySeconds: Double = 0

    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    static func json<T: Encodable>(_ value: T, status: Int = 200, headers: [String: String] = [:]) -> FeedResponse {
        var all = headers
        all["Content-Type"] = "application/json"
        return FeedResponse(status: status, headers: all, body: Data((try? WireJSON.encode(value)) ?? []))
    }

    static func text(_ text: String, status: Int = 200, contentType: String) -> FeedResponse {
        FeedResponse(status: status, headers: ["Content-Type": contentType], body: Data(text.utf8))
    }
}
