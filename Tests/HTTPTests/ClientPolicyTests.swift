import Foundation
import Testing
@testable import HTTP

/// A clock that only moves when the client waits: the tests read how long it waited.
final class SteppedClock: HTTPClock, @unchecked Sendable {
    private let lock = NSLock()
    private var instant = Date(timeIntervalSince1970: 1_768_500_000)
    private(set) var waits: [Double] = []
    var now: Date { lock.withLock { instant } }
    func sleep(seconds: Double) { lock.withLock { waits.append(seconds); instant += seconds } }
    func advance(_ seconds: Double) { lock.withLock { instant += seconds } }
}

/// Answers from a script, one entry per attempt; used where the policy, not the wire, is under test (the wire is
/// exercised over loopback in ScrapersTests).
final class ScriptedTransport: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var script: [Result<HTTPResponse, TransportError>]
    private(set) var calls = 0
    init(_ script: [Result<HTTPResponse, TransportError>]) { self.script = script }
    func perform(_ request: HTTPRequest) throws(TransportError) -> HTTPResponse {
        let next: Result<HTTPResponse, TransportError> = lock.withLock {
            calls += 1
            return script.isEmpty ? .success(ok()) : script.removeFirst()
        }
        return try next.get()
    }
}

func ok(_ body: String = "{\"data\":[]}") -> HTTPResponse {
    HTTPResponse(status: 200, headers: ["content-type": "application/json"], body: Array(body.utf8), elapsedMilliseconds: 1)
}
func status(_ code: Int, _ headers: [String: String] = [:]) -> HTTPResponse {
    HTTPResponse(status: code, headers: headers, body: Array("{\"error\":\"x\"}".utf8), elapsedMilliseconds: 1)
}

final class Collector: HTTPObserver, @unchecked Sendable {
    var failures: [FailedAttempt] = []
    var breakers: [BreakerSnapshot] = []
    func failed(_ attempt: FailedAttempt) { failures.append(attempt) }
    func breakerChanged(_ snapshot: BreakerSnapshot) { breakers.append(snapshot) }
}

let context = RequestContext(provider: "bdl", endpoint: "/stats", scraperName: "test", executionID: "e1",
                             correlationID: "c1", gameDate: "2026-01-15")
let request = HTTPRequest(url: "https://api.example.test/v1/stats?apiKey=secret123", expecting: .json)

@Suite struct ClientPolicy {
    @Test func retryAfterReadsSecondsAndHTTPDates() {
        let now = Date(timeIntervalSince1970: 1_445_412_480)  // Wed, 21 Oct 2015 07:28:00 GMT
        #expect(HTTPClient.retryAfter("60", now: now) == 60)
        #expect(HTTPClient.retryAfter("Wed, 21 Oct 2015 07:29:30 GMT", now: now) == 90)
        #expect(HTTPClient.retryAfter("Wed, 21 Oct 2015 07:20:00 GMT", now: now) == 0, "a date in the past means now")
        #expect(HTTPClient.retryAfter("soon", now: now) == nil)
        #expect(HTTPClient.retryAfter(nil, now: now) == nil)
    }

    @Test func fullJitterStaysUnderItsCeilingAndIsReproducible() {
        let client = HTTPClient(transport: ScriptedTransport([]), clock: SteppedClock(), seed: 7)
        let policy = HostPolicy(backoffBaseSeconds: 2, backoffCapSeconds: 120)
        for attempt in 1...8 {
            let wait = client.jitteredBackoff("u", attempt: attempt, policy: policy)
            #expect(wait >= 0 && wait <= min(120, 2 * pow(2, Double(attempt - 1))))
            #expect(wait == client.jitteredBackoff("u", attempt: attempt, policy: policy))
        }
        let other = HTTPClient(transport: ScriptedTransport([]), clock: SteppedClock(), seed: 8)
        #expect((1...8).map { client.jitteredBackoff("u", attempt: $0, policy: policy) }
                != (1...8).map { other.jitteredBackoff("u", attempt: $0, policy: policy) })
    }

    /// The loopback feed listens on a new port each run: the wait must not depend on it, or two runs of one seed part ways.
    @Test func theWaitDependsOnTheRequestTargetNotTheHostOrPort() {
        let client = HTTPClient(transport: ScriptedTransport([]), clock: SteppedClock(), seed: 7)
        let policy = HostPolicy(backoffBaseSeconds: 2, backoffCapSeconds: 120)
        let waits = { (url: String) in (1...6).map { client.jitteredBackoff(url, attempt: $0, policy: policy) } }
        #expect(waits("http://127.0.0.1:37505/bdl/v1/stats?dates[]=2026-01-20")
                == waits("http://127.0.0.1:39955/bdl/v1/stats?dates[]=2026-01-20"))
        #expect(waits("http://127.0.0.1:37505/bdl/v1/stats?dates[]=2026-01-20")
                != waits("http://127.0.0.1:37505/bdl/v1/stats?dates[]=2026-01-21"))
        #expect(HTTPClient.requestTarget("https://api.the-odds-api.com/v4/sports?a=1") == "/v4/sports?a=1")
        #expect(HTTPClient.requestTarget("http://host:80") == "")
    }

    @Test func fiveAttemptsThenGiveUpWithEveryAttemptRecordedAndRedacted() {
        let clock = SteppedClock()
        let transport = ScriptedTransport(Array(repeating: .success(status(503)), count: 6))
        let client = HTTPClient(transport: transport, clock: clock)
        let observer = Collector()
        #expect(throws: HTTPFailure.self) { try client.fetch(request, context: context, observer: observer) }
        #expect(transport.calls == 5)
        #expect(observer.failures.map(\.attempt) == [1, 2, 3, 4, 5])
        #expect(observer.failures.map(\.isFinalAttempt) == [false, false, false, false, true])
        #expect(observer.failures.allSatisfy { $0.classification.category == .server && $0.url.contains("apiKey=[REDACTED]") })
        #expect(clock.waits.count == 4)
    }

    @Test func a404IsFinalAtOnce() {
        let transport = ScriptedTransport([.success(status(404))])
        let observer = Collector()
        #expect(throws: HTTPFailure.self) {
            try HTTPClient(transport: transport, clock: SteppedClock()).fetch(request, context: context, observer: observer)
        }
        #expect(transport.calls == 1 && observer.failures.first?.classification.isRetriable == false)
    }

    @Test func transportErrorsAreClassified() {
        let transport = ScriptedTransport([.failure(.timeout("t")), .failure(.connection("refused")), .success(ok())])
        let observer = Collector()
        let response = try? HTTPClient(transport: transport, clock: SteppedClock()).fetch(request, context: context, observer: observer)
        #expect(response?.status == 200)
        #expect(observer.failures.map(\.classification.category) == [.timeout, .connection])
        #expect(observer.failures.map(\.classification.severity) == ["MEDIUM", "HIGH"])
    }

    @Test func theRateBudgetSpacesRequestsOnTheClock() {
        let clock = SteppedClock()
        let client = HTTPClient(transport: ScriptedTransport([]), clock: clock, defaultPolicy: HostPolicy(requestsPerMinute: 60))
        for _ in 0..<4 { _ = try? client.fetch(request, context: context) }
        #expect(clock.waits.count == 3, "one request per second after the first")
        #expect(clock.waits.allSatisfy { abs($0 - 1) < 0.01 })
    }

    @Test func theBreakerOpensAfterTenRateLimitsAndHalfOpensAfterItsWindow() {
        let clock = SteppedClock()
        let transport = ScriptedTransport(Array(repeating: .success(status(429, ["retry-after": "1"])), count: 10))
        let policy = HostPolicy(requestsPerMinute: 100_000, maxAttempts: 5, breakerThreshold: 10, breakerOpenSeconds: 300)
        let client = HTTPClient(transport: transport, clock: clock, defaultPolicy: policy)
        let observer = Collector()
        for _ in 0..<2 { _ = try? client.fetch(request, context: context, observer: observer) }
        #expect(observer.breakers.last?.state == .open)
        do { _ = try client.fetch(request, context: context, observer: observer); Issue.record("should be refused") } catch {
            guard case .circuitOpen = error else { Issue.record("expected circuitOpen, got \(error)"); return }
        }
        #expect(transport.calls == 10, "an open breaker does not reach the wire")
        clock.advance(300)
        #expect((try? client.fetch(request, context: context, observer: observer))?.status == 200)
        #expect(observer.breakers.last?.state == .closed)
    }

    @Test func anHTMLPageWithStatus200IsAFailedAttempt() {
        let page = HTTPResponse(status: 200, headers: ["content-type": "text/html"], body: Array("<html>Just a moment</html>".utf8),
                                elapsedMilliseconds: 1)
        let truncated = HTTPResponse(status: 200, headers: [:], body: Array("{\"data\":[{\"id\":1".utf8), elapsedMilliseconds: 1)
        let observer = Collector()
        let transport = ScriptedTransport([.success(page), .success(truncated), .success(ok())])
        #expect((try? HTTPClient(transport: transport, clock: SteppedClock()).fetch(request, context: context, observer: observer))?.status == 200)
        #expect(observer.failures.map(\.classification.type) == ["HTML_CHALLENGE", "TRUNCATED_BODY"])
    }

    /// An HTML page (Basketball-Reference) is whole when it closes `</html>` in any case, and a bot check is a
    /// challenge wherever its marker sits.
    @Test func htmlPagesAreWholeChallengesOrTruncated() {
        func problem(_ page: String) -> BodyProblem? {
            HTTPClient.bodyProblem(HTTPResponse(status: 200, headers: ["content-type": "text/html"], body: Array(page.utf8),
                                                elapsedMilliseconds: 1), expecting: .html)
        }
        #expect(problem("<html><body>Jokić</body></html>\n") == nil)
        #expect(problem("<HTML><body>roster</body></HTML>") == nil)
        #expect(problem("<html><body><table><tr><td>Joki") == .malformed)
        #expect(problem("<html><head><title>Just a moment...</title></head></html>") == .htmlChallenge)
        #expect(problem("<html><script src=\"/cdn-cgi/challenge-platform/cf-chl-bypass\"></script></html>") == .htmlChallenge)
        #expect(problem("<html><title>Attention Required! | Cloudflare</title></html>") == .htmlChallenge)
        #expect(problem("<html><title>attention required</title>") == .malformed, "markers match case and all")
    }
}

