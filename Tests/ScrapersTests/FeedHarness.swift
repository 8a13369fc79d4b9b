import Foundation
import HTTP
import Runtime
import Scenario
import Scrapers
import Warehouse

/// A warehouse, a simulated clock, the scenario feed on a loopback port, and the scrapers pointed at it.
final class FeedHarness: @unchecked Sendable {
    static let league = ScenarioLeague(seed: 2026)
    let warehouse: Warehouse
    let clock: VirtualClock
    let server: FeedServer
    let environment: ScrapeEnvironment
    var runner: ScrapeRunner { ScrapeRunner(environment: environment) }
    var feed: ScenarioFeed { server.feed }

    init(at instant: String, rules: [String] = [], policy: HostPolicy = FeedHarness.fastPolicy,
         keys override: [SourceSettings.Name: String]? = nil, pageSize: Int = 100, label: String = #function) async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("nbaops-scrapers-\(label.filter(\.isLetter))-\(UUID().uuidString)").path
        warehouse = try Warehouse(directory: directory)
        let clock = VirtualClock(start: PipelineCalendar.parseTimestamp(instant)!)
        self.clock = clock
        let feed = ScenarioFeed(league: FeedHarness.league, rules: try rules.map { try FaultRule(parsing: $0) },
                                clock: { clock.now })
        server = try await FeedServer.start(feed: feed)
        let keys: [SourceSettings.Name: String] = override
            ?? [.bdl: feed.credentials.ballDontLieKey, .odds: feed.credentials.oddsAPIKey]
        let sources = SourceSettings.Name.allCases.map { SourceSettings(name: $0, baseURL: "http://unused", policy: policy, pageSize: pageSize) }
        let directoryOfSources = SourceDirectory(sources: sources).pointed(atFeed: server.baseURL, keys: keys)
        let client = HTTPClient(transport: CurlTransport(), clock: clock, defaultPolicy: policy,
                                redactor: SecretRedactor(secrets: Array(keys.values)), seed: 2026)
        _ = self.clock
        environment = ScrapeEnvironment(warehouse: warehouse, client: client, directory: directoryOfSources,
                                        publisher: TopicPublisher(warehouse: warehouse, clock: clock))
    }

    /// A short timeout so a timeout fault costs seconds, not thirty (long enough for a loaded CI machine).
    static let fastPolicy = HostPolicy(requestsPerMinute: 6000, maxAttempts: 5, timeoutSeconds: 5)

    /// Scraping blocks on libcurl; it runs on its own thread so the feed's tasks keep the cooperative pool.
    func scrape(_ kinds: [String], on day: String) async -> [ScrapeOutcome] {
        let runner = self.runner
        return await onThread {
            kinds.map { kind in runner.run(ScraperCatalog.all.first { $0.kind == kind }!, date: Day(day)!) }
        }
    }

    func query(_ sql: String) throws -> ResultTable { try warehouse.read { try $0.query(sql) } }

    func stop() async { await server.stop() }
}

func onThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        let thread = Thread { continuation.resume(returning: body()) }
        thread.stackSize = 8 << 20
        thread.start()
    }
}
