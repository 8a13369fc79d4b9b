import Foundation
import HTTP
import Runtime
import Scenario
import Scrapers
import Warehouse

/// Where this session's scrapers go: the real APIs (keys from the environment) or the scenario feed — an external
/// one when `NBAOPS_FEED_URL` or the config names it, otherwise one started in-process on a free loopback port.
final class SourceConnection {
    enum Mode: String { case real, scenario }
    let mode: Mode
    let config: PipelineConfig
    private(set) var feedServer: FeedServer?
    private(set) var directory: SourceDirectory
    private(set) var client: HTTPClient

    static let settingKey = "sources.mode"

    /// `seed` and `faultSet` override the config's scenario seed and add a named fault set (a demo warehouse remembers
    /// both).
    init(mode: Mode, config: PipelineConfig, clock: any RuntimeClock, seed: UInt64? = nil, faultSet: String? = nil) throws(ShellError) {
        var config = config
        if let seed { config.scenarioSeed = seed }
        self.mode = mode
        self.config = config
        switch mode {
        case .real:
            directory = config.realSources()
        case .scenario:
            let environment = ProcessInfo.processInfo.environment
            if let url = environment["NBAOPS_FEED_URL"].flatMap({ $0.isEmpty ? nil : $0 }) ?? config.scenarioFeedURL {
                let credentials = ScenarioFeed.Credentials(seed: config.scenarioSeed)
                directory = config.scenarioSources(feedURL: url, keys: [
                    .bdl: environment["BDL_API_KEY"] ?? credentials.ballDontLieKey,
                    .odds: environment["ODDS_API_KEY"] ?? credentials.oddsAPIKey,
                ])
            } else {
                let league = ScenarioLeague(seed: config.scenarioSeed)
                let rules = faultSet.flatMap { ScenarioCatalog.rules(named: $0, league: league) } ?? []
                let feed = ScenarioFeed(league: league, rules: rules, clock: { WallClock().now })
                let server = try SourceConnection.startBlocking(feed)
                feedServer = server
                directory = config.scenarioSources(feedURL: server.baseURL, keys: [
                    .bdl: feed.credentials.ballDontLieKey, .odds: feed.credentials.oddsAPIKey,
                ])
            }
        }
        client = SourceConnection.makeClient(directory, clock: clock, seed: config.scenarioSeed)
    }

    /// A new clock (after `clock set`) needs a client that waits on it; budgets and breakers start afresh.
    func use(clock: any RuntimeClock) {
        client = SourceConnection.makeClient(directory, clock: clock, seed: config.scenarioSeed)
    }

    /// A client of its own that waits on `clock`, for work running beside this connection's (its own budgets and
    /// breakers too).
    func client(waitingOn clock: any RuntimeClock) -> HTTPClient {
        SourceConnection.makeClient(directory, clock: clock, seed: config.scenarioSeed)
    }

    func environment(warehouse: Warehouse, clock: any RuntimeClock) -> ScrapeEnvironment {
        ScrapeEnvironment(warehouse: warehouse, client: client, directory: directory,
                          publisher: TopicPublisher(warehouse: warehouse, clock: clock))
    }

    var description: String {
        switch mode {
        case .real: "real APIs"
        case .scenario: feedServer.map { "scenario feed in-process at \($0.baseURL)" }
            ?? "scenario feed at \(directory.settings(.bdl).baseURL.replacingOccurrences(of: "/balldontlie/v1", with: ""))"
        }
    }

    private static func makeClient(_ directory: SourceDirectory, clock: any RuntimeClock, seed: UInt64) -> HTTPClient {
        var policies: [String: HostPolicy] = [:]
        // Per host and first path segment, so the sources behind one feed keep their own budgets and breakers.
        for settings in directory.sources.values { policies[HTTPRequest(url: settings.baseURL).hostAndPrefix] = settings.policy }
        return HTTPClient(transport: CurlTransport(), clock: clock, policies: policies,
                          redactor: SecretRedactor(secrets: directory.secrets), seed: seed)
    }

    private static func startBlocking(_ feed: ScenarioFeed) throws(ShellError) -> FeedServer {
        do { return try FeedServer.startBlocking(feed: feed) } catch {
            throw ShellError.failed("could not start the scenario feed: \(error)")
        }
    }
}
