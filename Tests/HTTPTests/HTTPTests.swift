import Foundation
import Testing
@testable import HTTP
#if canImport(Glibc)
import Glibc
#endif

@Suite struct Redaction {
    let redactor = SecretRedactor(secrets: ["bdl-key-123456"])

    @Test func oddsAPIKeysAreMasked() {
        #expect(redactor.redact("GET /v4/sports/basketball_nba/events?apiKey=abc123&regions=us")
            == "GET /v4/sports/basketball_nba/events?apiKey=[REDACTED]&regions=us")
    }

    @Test func authorizationHeadersAreMasked() {
        #expect(redactor.redact("Authorization: Bearer xyz789") == "Authorization: Bearer [REDACTED]")
        #expect(redactor.redact("{\"Authorization\":\"raw-key\"}") == "{\"Authorization\":\"[REDACTED]\"}")
    }

    @Test func configuredSecretsAreMaskedAnywhere() {
        #expect(redactor.redact("key bdl-key-123456 leaked") == "key [REDACTED] leaked")
        #expect(redactor.redact("bdl-key-123456") == "[REDACTED]")
        #expect(redactor.redact("bdl-key-12345") == "bdl-key-12345", "a prefix of the secret is not the secret")
    }

    /// The byte scan that spares clean bodies the regexes: any case, at either end, across multi-byte text.
    @Test func theScanFindsEveryPlacementAndCase() {
        #expect(redactor.redact("é ApIkEy=s3cr3t") == "é ApIkEy=[REDACTED]")
        #expect(redactor.redact("AUTHORIZATION=token") == "AUTHORIZATION=[REDACTED]")
        #expect(ByteSearch.contains("xxapikey=", "APIKEY=", ignoringCase: true))
        #expect(!ByteSearch.contains("apikey", "apikey=", ignoringCase: true))
        #expect(!ByteSearch.contains("APIKEY=", "apikey=", ignoringCase: false))
        let body = String(repeating: "{\"points\": 12, \"name\": \"Jokić\"}, ", count: 5000)
        #expect(redactor.redact(body) == body)
    }

    /// The anchored search against the plain definition — every start position, compared byte by byte (case-folded
    /// or not) — over texts built to hold near misses: needles cut short, in mixed case, at both ends, overlapping.
    @Test func theAnchoredSearchAgreesWithTheDefinition() {
        func naive(_ text: [UInt8], _ needle: [UInt8], _ ignoringCase: Bool) -> Bool {
            func fold(_ b: UInt8) -> UInt8 { ignoringCase && b >= 65 && b <= 90 ? b + 32 : b }
            guard text.count >= needle.count else { return false }
            return (0...(text.count - needle.count)).contains { start in
                needle.indices.allSatisfy { fold(text[start + $0]) == fold(needle[$0]) }
            }
        }
        let needles = ["apikey=", "authorization", "</html>", "bdl-3f9a0c", "Z", "zz", "a=b", "Just a moment"]
        let pieces = ["apikey", "=", "APIKEY=", "ApiKey", "author", "ization", "AUTHORIZATION", "</", "html", ">", "</HTML>",
                      "bdl-3f9a", "0c", "bdl-3F9A0C", "z", "Z", "a", "b", "=", "Just a", " moment", "JUST A MOMENT", "é", "\"", " "]
        var state: UInt64 = 2026
        var checked = 0
        for length in 0..<40 {
            for _ in 0..<40 {
                var text: [UInt8] = []
                for _ in 0..<length {
                    state = state &* 6364136223846793005 &+ 1442695040888963407
                    text += Array(pieces[Int(state >> 33) % pieces.count].utf8)
                }
                for needle in needles {
                    for ignoringCase in [false, true] {
                        let found = text.withUnsafeBufferPointer { ByteSearch.contains($0, needle, ignoringCase: ignoringCase) }
                        #expect(found == naive(text, Array(needle.utf8), ignoringCase), "\(needle) in \(String(decoding: text, as: UTF8.self))")
                        checked += 1
                    }
                }
            }
        }
        #expect(checked == 40 * 40 * 16)
    }

    /// Bytes the redactor would give back unchanged are stored without decoding: only well-formed UTF-8 with nothing
    /// to mask qualifies.
    @Test func onlyCleanWellFormedBodiesLeaveUnchanged() {
        #expect(redactor.leavesUnchanged(Array("{\"name\": \"Jokić\"}".utf8)))
        #expect(!redactor.leavesUnchanged(Array("{\"k\": \"bdl-key-123456\"}".utf8)))
        #expect(!redactor.leavesUnchanged(Array("?ApiKey=1".utf8)))
        #expect(!redactor.leavesUnchanged(Array("Authorization: x".utf8)))
        #expect(!redactor.leavesUnchanged([0x7B, 0xC3, 0x28, 0x7D]), "an ill-formed sequence would be repaired")
        #expect(!redactor.leavesUnchanged([0xED, 0xA0, 0x80]), "a surrogate would be repaired")
        #expect(redactor.leavesUnchanged(Array("日本 🏀 plain ascii tail".utf8)))
        for body in [[0x61, 0xC3, 0x28], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF], Array("ok".utf8) + [0xE2, 0x82]] as [[UInt8]] {
            #expect(redactor.leavesUnchanged(body) == (String(validating: body, as: UTF8.self) != nil), "\(body)")
        }
    }
}

/// A one-shot HTTP server on loopback: accepts one connection, reads the request, answers with `response`.
final class OneShotServer: @unchecked Sendable {
    let port: UInt16
    private let socket: Int32
    private(set) var request = ""
    private let done = DispatchSemaphore(value: 0)

    init(response: String) throws {
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        listen(fd, 1)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        socket = fd
        port = UInt16(bigEndian: address.sin_port)
        let listening = socket
        DispatchQueue.global().async { [self] in
            let client = accept(listening, nil, nil)
            var buffer = [UInt8](repeating: 0, count: 8192)
            let count = read(client, &buffer, buffer.count)
            request = String(decoding: buffer.prefix(max(0, count)), as: UTF8.self)
            _ = response.withCString { write(client, $0, strlen($0)) }
            close(client)
            done.signal()
        }
    }

    func wait() { done.wait(); close(socket) }
}

@Suite struct Transport {
    @Test func fetchesOverLoopbackWithHeadersAndStatus() throws {
        let body = "{\"data\":[],\"meta\":{\"per_page\":100}}"
        let server = try OneShotServer(response: "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 60\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)")
        let response = try CurlTransport().perform(HTTPRequest(url: "http://127.0.0.1:\(server.port)/v1/stats?dates[]=2026-01-20",
                                                               headers: ["Authorization": "secret-key"]))
        server.wait()
        #expect(response.status == 429)
        #expect(response.headers["retry-after"] == "60")
        #expect(response.text == body)
        #expect(server.request.hasPrefix("GET /v1/stats?dates[]=2026-01-20 HTTP/1.1"))
        #expect(server.request.contains("Authorization: secret-key"))
    }

    @Test func aClosedPortIsAConnectionError() throws {
        let server = try OneShotServer(response: "")
        let port = server.port
        // Connect once so the one-shot server finishes, then the port is closed.
        _ = try? CurlTransport().perform(HTTPRequest(url: "http://127.0.0.1:\(port)/", timeoutSeconds: 2))
        server.wait()
        #expect(throws: TransportError.self) {
            try CurlTransport().perform(HTTPRequest(url: "http://127.0.0.1:\(port)/", timeoutSeconds: 2))
        }
        do {
            _ = try CurlTransport().perform(HTTPRequest(url: "http://127.0.0.1:\(port)/", timeoutSeconds: 2))
        } catch {
            guard case .connection = error else { Issue.record("expected a connection error, got \(error)"); return }
        }
    }
}

@Suite struct Posting {
    @Test func aBodyIsPostedWithItsLength() throws {
        let server = try OneShotServer(response: "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n")
        var request = HTTPRequest(url: "http://127.0.0.1:\(server.port)/hook", headers: ["Content-Type": "application/json"])
        request.body = Array("{\"alert\":\"x\"}".utf8)
        let response = try CurlTransport().perform(request)
        server.wait()
        #expect(response.status == 204)
        #expect(server.request.hasPrefix("POST /hook HTTP/1.1"))
        #expect(server.request.contains("Content-Length: 13"))
        #expect(server.request.hasSuffix("{\"alert\":\"x\"}"))
    }
}
