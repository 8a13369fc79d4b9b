@preconcurrency import CCurl
import Foundation
import SourceFormats

public struct HTTPRequest: Sendable {
    /// What a successful body must look like; a 200 carrying anything else is a failed attempt, and retried.
    public enum Expectation: Sendable { case json, csv, html, any }

    public var url: String
    public var headers: [String: String]
    public var timeoutSeconds: Int
    public var expecting: Expectation
    /// A header the client sets to its clock's instant on every attempt (the scenario feed serves data as of it).
    public var clockHeader: String?
    /// GET unless a body is given, then POST (alert webhooks).
    public var body: [UInt8]?

    public init(url: String, headers: [String: String] = [:], timeoutSeconds: Int = 30, expecting: Expectation = .any) {
        self.url = url
        self.headers = headers
        self.timeoutSeconds = timeoutSeconds
        self.expecting = expecting
    }

    /// The host (and port) that budgets and breakers are kept for.
    public var host: String {
        guard let components = URLComponents(string: url), let host = components.host else { return url }
        return components.port.map { "\(host):\($0)" } ?? host
    }

    /// Host and first path segment (`127.0.0.1:8089/balldontlie`): several sources behind one host (the scenario
    /// feed) keep separate budgets when policies are registered at this level.
    public var hostAndPrefix: String {
        let path = URLComponents(string: url)?.path ?? ""
        let first = path.split(separator: "/").first.map(String.init) ?? ""
        return first.isEmpty ? host : host + "/" + first
    }
}

public struct HTTPResponse: Sendable {
    public let status: Int
    /// Header names lower-cased; the last value wins.
    public let headers: [String: String]
    public let body: [UInt8]
    public let elapsedMilliseconds: Double
    /// A JSON body's parse, when the client checked it was well-formed (decode from it rather than parse again).
    public var json: WireJSON.Parsed?

    public init(status: Int, headers: [String: String], body: [UInt8], elapsedMilliseconds: Double) {
        self.status = status
        self.headers = headers
        self.body = body
        self.elapsedMilliseconds = elapsedMilliseconds
    }

    public var text: String { String(decoding: body, as: UTF8.self) }
}

public enum TransportError: Error, Equatable, Sendable {
    case timeout(String)
    case connection(String)
    case other(code: Int, message: String)
}

/// One attempt of one request over libcurl, reusing the connection between calls on the same transport.
/// (Retries, backoff, rate budgets and breakers sit above this, in the HTTP client.)
public final class CurlTransport: @unchecked Sendable {
    private let handle: UnsafeMutableRawPointer
    private let lock = NSLock()

    private static let globalInit: Void = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

    public init() {
        _ = CurlTransport.globalInit
        handle = curl_easy_init()
    }

    deinit { curl_easy_cleanup(handle) }

    public func perform(_ request: HTTPRequest) throws(TransportError) -> HTTPResponse {
        lock.lock()
        defer { lock.unlock() }
        curl_easy_reset(handle)
        let sink = ResponseSink()
        let box = Unmanaged.passUnretained(sink).toOpaque()
        nbaops_curl_set_string(handle, CURLOPT_URL, request.url)
        nbaops_curl_set_long(handle, CURLOPT_TIMEOUT, request.timeoutSeconds)
        nbaops_curl_set_long(handle, CURLOPT_CONNECTTIMEOUT, min(10, request.timeoutSeconds))
        nbaops_curl_set_long(handle, CURLOPT_NOSIGNAL, 1)
        nbaops_curl_set_write_fn(handle, CURLOPT_WRITEFUNCTION) { data, size, count, context in
            let sink = Unmanaged<ResponseSink>.fromOpaque(context!).takeUnretainedValue()
            sink.body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: size * count))
            return size * count
        }
        nbaops_curl_set_pointer(handle, CURLOPT_WRITEDATA, box)
        nbaops_curl_set_write_fn(handle, CURLOPT_HEADERFUNCTION) { data, size, count, context in
            let sink = Unmanaged<ResponseSink>.fromOpaque(context!).takeUnretainedValue()
            let line = String(decoding: UnsafeRawBufferPointer(start: data, count: size * count), as: UTF8.self)
            if let colon = line.firstIndex(of: ":") {
                let name = line[..<colon].lowercased()
                sink.headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
            }
            return size * count
        }
        nbaops_curl_set_pointer(handle, CURLOPT_HEADERDATA, box)
        var list: UnsafeMutablePointer<curl_slist>? = nil
        for (name, value) in request.headers.sorted(by: { $0.key < $1.key }) {
            list = curl_slist_append(list, "\(name): \(value)")
        }
        defer { curl_slist_free_all(list) }
        nbaops_curl_set_slist(handle, CURLOPT_HTTPHEADER, list)

        let code: CURLcode
        if let body = request.body {
            nbaops_curl_set_long(handle, CURLOPT_POST, 1)
            nbaops_curl_set_long(handle, CURLOPT_POSTFIELDSIZE, body.count)
            code = body.withUnsafeBytes { bytes in
                nbaops_curl_set_pointer(handle, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
                return curl_easy_perform(handle)
            }
        } else {
            code = curl_easy_perform(handle)
        }
        guard code == CURLE_OK else {
            let message = String(cString: curl_easy_strerror(code))
            switch code {
            case CURLE_OPERATION_TIMEDOUT: throw .timeout(message)
            case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING:
                throw .connection(message)
            default: throw .other(code: Int(code.rawValue), message: message)
            }
        }
        var status = 0
        nbaops_curl_get_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var seconds = 0.0
        nbaops_curl_get_double(handle, CURLINFO_TOTAL_TIME, &seconds)
        return HTTPResponse(status: status, headers: sink.headers, body: sink.body, elapsedMilliseconds: seconds * 1000)
    }
}

private final class ResponseSink {
    var body: [UInt8] = []
    var headers: [String: String] = [:]
}
