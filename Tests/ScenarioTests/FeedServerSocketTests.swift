import Foundation
import Testing
@testable import Scenario

/// The feed answers kept-alive connections without Nagle's algorithm: FlyingFox writes a response's head and body
/// separately, and with Nagle on the body waited for the client's delayed ACK. Checked on the server's own socket for a
/// connection this test holds open, found among the process's descriptors by its ports.
@Suite struct FeedServerSockets {
    @Test func acceptedConnectionsHaveNagleOff() async throws {
        let server = try await FeedServer.start(feed: ScenarioFeed(league: Feed.league, clock: { Date(timeIntervalSince1970: 1_768_500_000) }))
        let port = server.port
        // Blocking socket calls run on a thread of their own: the server's tasks need the cooperative pool meanwhile.
        let flag = await withCheckedContinuation { (done: CheckedContinuation<Int32?, Never>) in
            Thread.detachNewThread { done.resume(returning: Self.serverSideNoDelay(port: port)) }
        }
        await server.stop()
        #expect(flag == 1, "TCP_NODELAY on the server's end of the connection (nil: the connection was not found)")
    }

    /// Connects, asks for a document, and reads TCP_NODELAY on the server's end of that connection.
    static func serverSideNoDelay(port: UInt16) -> Int32? {
        let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(client) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(client, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        let request = Array("GET /balldontlie/v1/teams HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
        var buffer = [UInt8](repeating: 0, count: 512)
        // Answered, so the server has accepted and read the connection.
        guard connected == 0, write(client, request, request.count) == request.count, read(client, &buffer, buffer.count) > 0 else { return nil }
        let clientPort = localPort(client)
        guard let serverSide = openSockets().first(where: { localPort($0) == port && peerPort($0) == clientPort }) else { return nil }
        var flag: Int32 = 0
        var size = socklen_t(MemoryLayout<Int32>.size)
        return getsockopt(serverSide, Int32(IPPROTO_TCP), TCP_NODELAY, &flag, &size) == 0 ? flag : nil
    }

    static func openSockets() -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).compactMap(Int32.init).filter { fd in
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(fd)"))?.hasPrefix("socket:") == true
        }
    }

    static func localPort(_ fd: Int32) -> UInt16 { port(fd, getsockname) }
    static func peerPort(_ fd: Int32) -> UInt16 { port(fd, getpeername) }

    static func port(_ fd: Int32, _ name: (Int32, UnsafeMutablePointer<sockaddr>, UnsafeMutablePointer<socklen_t>) -> Int32) -> UInt16 {
        var address = sockaddr_in()
        var size = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { name(fd, $0, &size) } }
        return ok == 0 && address.sin_family == sa_family_t(AF_INET) ? UInt16(bigEndian: address.sin_port) : 0
    }
}
