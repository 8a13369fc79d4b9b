import Foundation
import SourceFormats

/// Receives what the client learns while it works: every failed attempt and every breaker change. The scrapers
/// write them to `api_errors` and `circuit_breaker_state`; the client itself stays silent.
public protocol HTTPObserver: Sendable {
    func failed(_ attempt: FailedAttempt)
    func breakerChanged(_ snapshot: BreakerSnapshot)
}

/// The HTTP client every scraper shares: retries with full-jitter exponential backoff, Retry-After (seconds or an
/// HTTP date), a rate budget and a circuit breaker per host, body checks, and redacted failure records. All waiting
/// goes through the `HTTPClock`.
public final class HTTPClient: Sendable {
    public let clock: any HTTPClock
    private let transport: any HTTPTransport
    private let policies: [String: HostPolicy]
    private let defaultPolicy: HostPolicy
    private let redactor: SecretRedactor
    private let seed: UInt64
    private let budget = RateBudget()
    private let breakers = HostCircuitBreakers()

    public init(transport: any HTTPTransport, clock: any HTTPClock, policies: [String: HostPolicy] = [:],
                defaultPolicy: HostPolicy = .standard, redactor: SecretRedactor = SecretRedactor(), seed: UInt64 = 0) {
        self.transport = transport
        self.clock = clock
        self.policies = policies
        self.defaultPolicy = defaultPolicy
        self.redactor = redactor
        self.seed = seed
    }

    public func policy(for host: String) -> HostPolicy { policies[host] ?? defaultPolicy }

    public func breakerSnapshots() -> [BreakerSnapshot] {
        breakers.snapshots(policy: { self.policy(for: $0) }, now: clock.now)
    }

    public func fetch(_ request: HTTPRequest, context: RequestContext,
                      observer: (any HTTPObserver)? = nil) throws(HTTPFailure) -> HTTPResponse {
        // A policy registered for host + first path segment scopes the budget and breaker to that source.
        let scoped = request.hostAndPrefix
        let host = policies[scoped] != nil ? scoped : request.host
        let policy = policy(for: host)
        var request = request
        request.timeoutSeconds = min(request.timeoutSeconds, policy.timeoutSeconds)
        let attempts = max(1, policy.maxAttempts)
        for attempt in 1...attempts {
            let admission = breakers.admit(host: host, policy: policy, now: clock.now)
            if case .rejected(let until) = admission {
                let record = failure(request, context, status: nil, elapsed: nil, body: nil, .circuitOpen,
                                     message: "circuit open for \(host) until \(until)", attempt: attempt,
                                     of: attempts, backoff: nil, final: true, headers: [:])
                observer?.failed(record)
                throw .circuitOpen(host: host, until: until, record)
            }
            let wait = budget.reserve(host: host, perMinute: policy.requestsPerMinute, now: clock.now)
            if wait > 0 { clock.sleep(seconds: wait) }

            if let header = request.clockHeader { request.headers[header] = HTTPClient.instant(clock.now) }
            let outcome: Result<HTTPResponse, TransportError>
            do { outcome = .success(try transport.perform(request)) } catch { outcome = .failure(error) }

            var classification: ErrorClassification
            var message: String
            var status: Int? = nil
            var elapsed: Double? = nil
            var bodyExcerpt: String? = nil
            var headers: [String: String] = [:]
            var retryAfter: Double? = nil
            switch outcome {
            case .success(var response):
                status = response.status
                elapsed = response.elapsedMilliseconds
                headers = response.headers
                if (200..<300).contains(response.status) {
                    if let problem = HTTPClient.bodyProblem(response, expecting: request.expecting, parsed: &response.json) {
                        classification = .body(problem)
                        message = problem == .htmlChallenge
                            ? "status 200 with an HTML page where \(request.expecting) was expected"
                            : "status 200 with a body that does not parse as \(request.expecting) (\(response.body.count) bytes)"
                        bodyExcerpt = excerpt(response)
                    } else {
                        if let change = breakers.record(host: host, rateLimited: false, policy: policy, now: clock.now) {
                            observer?.breakerChanged(change)
                        }
                        return response
                    }
                } else {
                    classification = .status(response.status)
                    message = "HTTP \(response.status)" + (providerMessage(response).map { ": \($0)" } ?? "")
                    bodyExcerpt = excerpt(response)
                    if response.status == 429 { retryAfter = HTTPClient.retryAfter(response.headers["retry-after"], now: clock.now) }
                }
            case .failure(let error):
                classification = .transport(error)
                switch error {
                case .timeout(let m), .connection(let m): message = m
                case .other(let code, let m): message = "curl \(code): \(m)"
                }
            }
            let rateLimited = status == 429
            if let change = breakers.record(host: host, rateLimited: rateLimited, policy: policy, now: clock.now) {
                observer?.breakerChanged(change)
            }
            let final = !classification.isRetriable || attempt == attempts
            let backoff = final ? nil : (retryAfter ?? jitteredBackoff(request.url, attempt: attempt, policy: policy))
            let record = failure(request, context, status: status, elapsed: elapsed, body: bodyExcerpt, classification,
                                 message: message, attempt: attempt, of: attempts, backoff: backoff, final: final,
                                 headers: headers)
            observer?.failed(record)
            if !classification.isRetriable { throw .notRetriable(record) }
            if final { throw .gaveUp(record) }
            clock.sleep(seconds: backoff ?? 0)
        }
        fatalError("unreachable: the last attempt always returns or throws")
    }

    /// Full jitter: a uniform wait in [0, min(cap, base · 2^(attempt−1))], drawn deterministically from the seed, the
    /// request target (path and query: not the host and port, which for the loopback feed change from run to run) and
    /// the attempt, so that a replay waits exactly as the original did.
    func jitteredBackoff(_ url: String, attempt: Int, policy: HostPolicy) -> Double {
        let ceiling = min(policy.backoffCapSeconds, policy.backoffBaseSeconds * pow(2, Double(attempt - 1)))
        var h: UInt64 = seed ^ 0xcbf2_9ce4_8422_2325
        for byte in HTTPClient.requestTarget(url).utf8 { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        h = (h ^ UInt64(attempt)) &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 31
        let fraction = Double(h >> 11) / Double(1 << 53)
        return (ceiling * fraction * 1000).rounded() / 1000
    }

    /// `/v4/sports?x=1` of `http://127.0.0.1:39955/v4/sports?x=1`: the URL after its scheme and authority.
    static func requestTarget(_ url: String) -> Substring {
        guard let scheme = url.range(of: "://") else { return Substring(url) }
        let rest = url[scheme.upperBound...]
        return rest.firstIndex(of: "/").map { rest[$0...] } ?? ""
    }

    static func instant(_ date: Date) -> String { CivilTime.iso(date, fractional: true) }

    /// `Retry-After` as delay-seconds or as an HTTP date (RFC 9110), relative to `now`; nil when absent or unreadable.
    static func retryAfter(_ value: String?, now: Date) -> Double? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Double(value) { return max(0, seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: value) { return max(0, date.timeIntervalSince(now)) }
        }
        return nil
    }

    /// What is wrong with a 2xx body for what was expected, if anything; a JSON body's parse is left in `parsed` for the
    /// caller's decoding.
    static func bodyProblem(_ response: HTTPResponse, expecting: HTTPRequest.Expectation) -> BodyProblem? {
        var parsed: WireJSON.Parsed?
        return bodyProblem(response, expecting: expecting, parsed: &parsed)
    }

    static func bodyProblem(_ response: HTTPResponse, expecting: HTTPRequest.Expectation, parsed: inout WireJSON.Parsed?) -> BodyProblem? {
        guard response.status != 204, !response.body.isEmpty else { return nil }
        let contentType = response.headers["content-type"]?.lowercased() ?? ""
        let first = response.body.first { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }
        switch expecting {
        case .json:
            if contentType.contains("text/html") || first == UInt8(ascii: "<") { return .htmlChallenge }
            parsed = WireJSON.parse(response.body)
            return parsed == nil ? .malformed : nil
        case .csv:
            if contentType.contains("text/html") || first == UInt8(ascii: "<") { return .htmlChallenge }
            return response.body.last == UInt8(ascii: "\n") ? nil : .malformed
        case .html:
            // A bot check (Cloudflare's "Just a moment…") is HTML too, but not the page asked for: retry it.
            // Byte searches over the body (the markers are ASCII): Foundation's searches walked each page as
            // Characters, five times.
            let challenge = ["<title>Just a moment", "cf-chl", "Checking your browser", "<title>Attention Required"]
            if challenge.contains(where: { ByteSearch.contains(response.body, $0, ignoringCase: false) }) { return .htmlChallenge }
            return ByteSearch.contains(response.body, "</html>", ignoringCase: true) ? nil : .malformed
        case .any:
            return nil
        }
    }

    private func providerMessage(_ response: HTTPResponse) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] else { return nil }
        let parts = [object["error_code"], object["message"], object["error"]].compactMap { $0 as? String }
        return parts.isEmpty ? nil : redactor.redact(parts.joined(separator: " "))
    }

    private func excerpt(_ response: HTTPResponse) -> String {
        redactor.redact(String(decoding: response.body.prefix(2048), as: UTF8.self))
    }

    private func failure(_ request: HTTPRequest, _ context: RequestContext, status: Int?, elapsed: Double?, body: String?,
                         _ classification: ErrorClassification, message: String, attempt: Int, of attempts: Int,
                         backoff: Double?, final: Bool, headers: [String: String]) -> FailedAttempt {
        let interesting = headers.filter { $0.key == "retry-after" || $0.key.hasPrefix("x-requests-")
            || $0.key.hasPrefix("x-ratelimit-") }
        return FailedAttempt(context: context, url: redactor.redact(request.url), statusCode: status,
                             responseTimeMilliseconds: elapsed, responseBodyExcerpt: body,
                             classification: classification, message: redactor.redact(message), attempt: attempt,
                             maxAttempts: attempts, backoffSeconds: backoff, isFinalAttempt: final,
                             rateLimitInfo: interesting, occurredAt: clock.now)
    }
}
