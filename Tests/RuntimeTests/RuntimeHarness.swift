import Foundation
import HTTP
import Pipeline
import Runtime
import Scenario
import Scrapers
import Warehouse

/// A warehouse on a simulated clock, the scenario feed on loopback, and a runtime wired to both.
final class RuntimeHarness: @unchecked Sendable {
    static let league = ScenarioLeague(seed: 2026)
    let warehouse: Warehouse
    let clock: VirtualClock
    let server: FeedServer
    let runtime: PipelineRuntime

    init(at instant: String, options: RuntimeOptions = RuntimeOptions(), label: String = #function) async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("nbaops-runtime-\(label.filter(\.isLetter))-\(UUID().uuidString)").path
        warehouse = try Warehouse(directory: directory)
        let clock = VirtualClock(start: PipelineCalendar.parseTimestamp(instant)!)
        self.clock = clock
        let feed = ScenarioFeed(league: RuntimeHarness.league, clock: { clock.now })
        server = try await FeedServer.start(feed: feed)
        let keys: [SourceSettings.Name: String] = [.bdl: feed.credentials.ballDontLieKey, .odds: feed.credentials.oddsAPIKey]
        let directoryOfSources = PipelineConfig.standard.scenarioSources(feedURL: server.baseURL, keys: keys)
        var policies: [String: HostPolicy] = [:]
        for s in directoryOfSources.sources.values { policies[HTTPRequest(url: s.baseURL).hostAndPrefix] = s.policy }
        let client = HTTPClient(transport: CurlTransport(), clock: clock, policies: policies,
                                redactor: SecretRedactor(secrets: Array(keys.values)), seed: 2026)
        runtime = PipelineRuntime(warehouse: warehouse, clock: clock, sources: (client, directoryOfSources), options: options)
    }

    func query(_ sql: String) throws -> ResultTable { try warehouse.read { try $0.query(sql) } }
    func scalar(_ sql: String) throws -> SQLValue { try warehouse.read { try $0.scalar(sql) } }

    /// Runtime work blocks on libcurl: it runs on its own thread, leaving the cooperative pool to the feed.
    func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try body() }) }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    func stop() async { await server.stop() }
}
