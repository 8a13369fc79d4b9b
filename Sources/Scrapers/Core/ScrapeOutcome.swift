/// What one scraper run did for one date.
public struct ScrapeOutcome: Sendable {
    public enum Status: String, Sendable { case success, noData = "no_data", partial, failed }
    public let scraper: String
    public let source: SourceSettings.Name
    public let gameDate: String
    public let executionID: String
    public let correlationID: String
    public let status: Status
    public let pages: Int
    public let files: [String]
    public let records: Int
    /// Games the schedule says should exist by now, and the ones this source delivered (nil when not a per-game feed).
    public let gamesExpected: Int?
    public let gamesFound: Int?
    /// What is missing: games (`TOR@GSW`), or pages after a late failure.
    public let missing: [String]
    public let errorMessage: String?
    public let retries: Int
    /// The Odds API's `x-requests-remaining` / `x-requests-used` after the run's last response.
    public let quotaRemaining: Int?
    public let quotaUsed: Int?
    public let startedAt: String
    public let finishedAt: String

    /// Below 80 % of the scheduled final games: the production alert threshold.
    public var gameCountLow: Bool {
        guard let expected = gamesExpected, expected > 0, let found = gamesFound else { return false }
        return Double(found) < 0.8 * Double(expected)
    }
}

/// What a scraper's body reports back to the runner.
struct ScrapeReport {
    var pages = 0
    var files: [String] = []
    var records = 0
    var gamesExpected: Int? = nil
    var gamesFound: Int? = nil
    var missing: [String] = []
    /// Set when some of the data could not be fetched (a late page, some games' documents).
    var partialReason: String? = nil
}
