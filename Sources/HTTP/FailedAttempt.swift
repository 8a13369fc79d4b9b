import Foundation

/// Who is asking, so that every failure can be traced to a scraper run and a game date.
public struct RequestContext: Sendable {
    public var provider: String
    public var endpoint: String
    public var scraperName: String
    public var executionID: String
    public var correlationID: String
    public var gameDate: String?

    public init(provider: String, endpoint: String, scraperName: String, executionID: String, correlationID: String,
                gameDate: String?) {
        self.provider = provider
        self.endpoint = endpoint
        self.scraperName = scraperName
        self.executionID = executionID
        self.correlationID = correlationID
        self.gameDate = gameDate
    }
}

/// One failed attempt, already redacted: what `api_errors` stores.
public struct FailedAttempt: Sendable {
    public let context: RequestContext
    public let url: String
    public let statusCode: Int?
    public let responseTimeMilliseconds: Double?
    public let responseBodyExcerpt: String?
    public let classification: ErrorClassification
    public let message: String
    public let attempt: Int
    public let maxAttempts: Int
    /// How long the client waits before the next attempt (nil on the final one).
    public let backoffSeconds: Double?
    public let isFinalAttempt: Bool
    /// `retry-after` and quota headers as the provider sent them.
    public let rateLimitInfo: [String: String]
    public let occurredAt: Date
}

/// Why a request finally failed; the last attempt's record says the rest.
public enum HTTPFailure: Error, Sendable {
    case gaveUp(FailedAttempt)
    case notRetriable(FailedAttempt)
    case circuitOpen(host: String, until: Date, FailedAttempt)

    public var lastAttempt: FailedAttempt {
        switch self {
        case .gaveUp(let a), .notRetriable(let a), .circuitOpen(_, _, let a): return a
        }
    }

    public var statusCode: Int? { lastAttempt.statusCode }

    /// One line for a log or the scraper execution log, without secrets.
    public var summary: String {
        let a = lastAttempt
        switch self {
        case .gaveUp: return "\(a.classification.type) after \(a.attempt) attempts: \(a.message)"
        case .notRetriable: return "\(a.classification.type) (not retried): \(a.message)"
        case .circuitOpen(let host, _, _): return "circuit open for \(host) after repeated 429s"
        }
    }
}
