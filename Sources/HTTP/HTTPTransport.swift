/// One attempt of one request. `CurlTransport` is the real one; the client above it adds retries and policy.
public protocol HTTPTransport: Sendable {
    func perform(_ request: HTTPRequest) throws(TransportError) -> HTTPResponse
}

extension CurlTransport: HTTPTransport {}
