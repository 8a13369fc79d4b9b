/// The api_errors classification of the production proposal: 429 → RATE_LIMIT (retriable, MEDIUM); other 4xx → not
/// retriable, HIGH; 5xx → retriable, HIGH; timeout → retriable, MEDIUM; connection → retriable, HIGH; anything else
/// UNKNOWN, CRITICAL. A 200 whose body is not what was asked for (an HTML challenge page, a truncated document) is
/// "anything else", and retried: the next attempt usually gets the real document.
public struct ErrorClassification: Sendable, Equatable {
    public enum Category: String, Sendable { case rateLimit = "RATE_LIMIT", client = "CLIENT_ERROR", server = "SERVER_ERROR",
                                             timeout = "TIMEOUT", connection = "CONNECTION", unknown = "UNKNOWN" }
    public let category: Category
    /// The specific kind: `HTTP_429`, `HTTP_503`, `TIMEOUT`, `HTML_CHALLENGE`, `TRUNCATED_BODY`, `CIRCUIT_OPEN`, …
    public let type: String
    public let isRetriable: Bool
    public let severity: String
    public let suspectedCause: String
    public let suggestedFix: String

    static func status(_ code: Int) -> ErrorClassification {
        switch code {
        case 429:
            return .init(category: .rateLimit, type: "HTTP_429", isRetriable: true, severity: "MEDIUM",
                         suspectedCause: "request rate above the provider's limit",
                         suggestedFix: "lower the host's requests_per_minute in config/pipeline.yaml")
        case 401:
            return .init(category: .client, type: "HTTP_401", isRetriable: false, severity: "HIGH",
                         suspectedCause: "missing, invalid or exhausted API key",
                         suggestedFix: "check the key's environment variable named in config/pipeline.yaml")
        case 403:
            return .init(category: .client, type: "HTTP_403", isRetriable: false, severity: "HIGH",
                         suspectedCause: "document not published yet, or access refused",
                         suggestedFix: "retry after the data is expected to exist")
        case 404:
            return .init(category: .client, type: "HTTP_404", isRetriable: false, severity: "HIGH",
                         suspectedCause: "unknown id or finished event", suggestedFix: "check the id or use history")
        case 400..<500:
            return .init(category: .client, type: "HTTP_\(code)", isRetriable: false, severity: "HIGH",
                         suspectedCause: "request rejected", suggestedFix: "check the request parameters")
        case 500..<600:
            return .init(category: .server, type: "HTTP_\(code)", isRetriable: true, severity: "HIGH",
                         suspectedCause: "provider-side failure", suggestedFix: "retried automatically; re-scrape if final")
        default:
            return .init(category: .unknown, type: "HTTP_\(code)", isRetriable: false, severity: "CRITICAL",
                         suspectedCause: "unexpected status", suggestedFix: "inspect the response")
        }
    }

    static func transport(_ error: TransportError) -> ErrorClassification {
        switch error {
        case .timeout:
            return .init(category: .timeout, type: "TIMEOUT", isRetriable: true, severity: "MEDIUM",
                         suspectedCause: "provider slow or unreachable", suggestedFix: "retried automatically")
        case .connection:
            return .init(category: .connection, type: "CONNECTION", isRetriable: true, severity: "HIGH",
                         suspectedCause: "connection refused, reset or not resolvable",
                         suggestedFix: "check the base URL and the network")
        case .other:
            return .init(category: .unknown, type: "TRANSPORT", isRetriable: false, severity: "CRITICAL",
                         suspectedCause: "transport failure", suggestedFix: "inspect the error message")
        }
    }

    static func body(_ problem: BodyProblem) -> ErrorClassification {
        switch problem {
        case .htmlChallenge:
            return .init(category: .unknown, type: "HTML_CHALLENGE", isRetriable: true, severity: "CRITICAL",
                         suspectedCause: "an anti-bot or challenge page served with status 200",
                         suggestedFix: "retried automatically; check headers or proxy if it persists")
        case .malformed:
            return .init(category: .unknown, type: "TRUNCATED_BODY", isRetriable: true, severity: "CRITICAL",
                         suspectedCause: "the body is not a complete document (truncated or corrupt)",
                         suggestedFix: "retried automatically")
        }
    }

    static let circuitOpen = ErrorClassification(
        category: .rateLimit, type: "CIRCUIT_OPEN", isRetriable: false, severity: "HIGH",
        suspectedCause: "the host's breaker is open after repeated 429s",
        suggestedFix: "wait for the breaker to half-open, then re-scrape")
}

enum BodyProblem: Equatable { case htmlChallenge, malformed }
