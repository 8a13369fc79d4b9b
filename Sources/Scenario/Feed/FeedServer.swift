import FlyingFox
import FlyingSocks
import Foundation

/// The scenario feed over real loopback HTTP (FlyingFox), on 127.0.0.1 and the given port (0 picks a free one).
public final class FeedServer: Sendable {
    public let feed: ScenarioFeed
    private let server: HTTPServer
    private let task: Task<Void, any Error>
    public let port: UInt16

    public enum StartError: Error, CustomStringConvertible {
        case couldNotListen(String)
        public var description: String {
            switch self { case .couldNotListen(let why): "the feed could not listen on loopback: \(why)" }
        }
    }

    /// Starts serving and returns once the socket listens.
    public static func start(feed: ScenarioFeed, port: UInt16 = 0) async throws -> FeedServer {
        let address: sockaddr_in
        do { address = try .inet(ip4: "127.0.0.1", port: port) } catch { throw StartError.couldNotListen("\(error)") }
        let server = HTTPServer(config: .init(address: address, timeout: 60, pool: NoDelaySocketPool(HTTPServer.defaultPool()),
                                              logger: .disabled))
        await server.appendRoute("GET *") { request in
            let exchange = FeedRequest(path: request.path,
                                       query: request.query.map { (name: $0.name, value: $0.value) },
                                       headers: Dictionary(request.headers.map { ($0.key.rawValue, $0.value) },
                                                           uniquingKeysWith: { $1 }))
            let answer = feed.handle(exchange)
            if answer.delaySeconds > 0 { try await Task.sleep(nanoseconds: UInt64(answer.delaySeconds * 1e9)) }
            var headers = HTTPHeaders()
            for (name, value) in answer.headers { headers[HTTPHeader(name)] = value }
            return HTTPResponse(statusCode: HTTPStatusCode(answer.status, phrase: FeedServer.phrase(answer.status)),
                                headers: headers, body: answer.body)
        }
        let task = Task { try await server.run() }
        do { try await server.waitUntilListening(timeout: 60) } catch {
            task.cancel()
            throw StartError.couldNotListen(String(describing: error))
        }
        guard case .ip4(_, let bound)? = await server.listeningAddress else {
            task.cancel()
            throw StartError.couldNotListen("no IPv4 address")
        }
        return FeedServer(feed: feed, server: server, task: task, port: bound)
    }

    private init(feed: ScenarioFeed, server: HTTPServer, task: Task<Void, any Error>, port: UInt16) {
        self.feed = feed
        self.server = server
        self.task = task
        self.port = port
    }

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// `start` for synchronous callers (the shell, `feed serve`), which must not run on the cooperative pool the
    /// server's tasks use: it waits on a semaphore until the socket listens.
    public static func startBlocking(feed: ScenarioFeed, port: UInt16 = 0) throws -> FeedServer {
        final class Box: @unchecked Sendable { var result: Result<FeedServer, any Error>? }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        Task {
            do { box.result = .success(try await start(feed: feed, port: port)) } catch { box.result = .failure(error) }
            done.signal()
        }
        done.wait()
        return try box.result!.get()
    }

    /// `stop` for synchronous callers.
    public func stopBlocking() {
        let done = DispatchSemaphore(value: 0)
        Task { await stop(); done.signal() }
        done.wait()
    }

    public func stop() async {
        await server.stop(timeout: 1)
        task.cancel()
    }

    static func phrase(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 204: "No Content"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 422: "Unprocessable Entity"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "Status"
        }
    }
}

/// FlyingFox's socket pool with Nagle's algorithm off on every socket it waits on (the listening one first, whose
/// setting accepted connections inherit). FlyingFox writes a response's head and body in two writes; with Nagle on,
/// the body of a response on a kept-alive connection waits for the client's delayed ACK of the head (~40 ms on
/// loopback), which made every client open a fresh connection per request.
struct NoDelaySocketPool: AsyncSocketPool {
    let pool: any AsyncSocketPool
    init(_ pool: any AsyncSocketPool) { self.pool = pool }

    func prepare() async throws { try await pool.prepare() }
    func run() async throws { try await pool.run() }

    func suspendSocket(_ socket: Socket, untilReadyFor events: Socket.Events) async throws {
        try? socket.setValue(true, for: BoolSocketOption(level: Int32(IPPROTO_TCP), name: Int32(TCP_NODELAY)))
        try await pool.suspendSocket(socket, untilReadyFor: events)
    }
}
