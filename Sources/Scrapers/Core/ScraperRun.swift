import Foundation
import HTTP
import SourceFormats
import Warehouse

/// One run of one scraper for one date: fetches through the shared client with the source's auth, and stores each
/// response in the lake as it arrives.
final class ScraperRun: @unchecked Sendable {
    let environment: ScrapeEnvironment
    let descriptor: ScraperDescriptor
    let gameDate: Day
    let executionID: String
    let correlationID: String
    let recorder: ScrapeRecorder
    let stamp: String
    /// Quota headers of the latest response, when the source sends them.
    private(set) var quotaRemaining: Int?
    private(set) var quotaUsed: Int?

    init(environment: ScrapeEnvironment, descriptor: ScraperDescriptor, gameDate: Day, correlationID: String?) {
        self.environment = environment
        self.descriptor = descriptor
        self.gameDate = gameDate
        executionID = environment.nextExecutionID(scraper: descriptor.name, date: gameDate.description)
        self.correlationID = correlationID ?? executionID
        recorder = ScrapeRecorder(warehouse: environment.warehouse, clock: environment.clock)
        stamp = ScraperRun.fileStamp(environment.clock.now)
    }

    var now: Date { environment.clock.now }
    var settings: SourceSettings { environment.directory.settings(descriptor.source) }

    static func fileStamp(_ date: Date) -> String { CivilTime.compactStamp(date) }

    /// Fetches each item in turn. An item whose request gave up after all its retries gets one more pass once the
    /// others are done (as an operator re-running the scraper would); one refused for good (a 401, a breaker) does
    /// not. Returns the failures left, in the items' order.
    func eachItem<Item>(_ items: [Item], _ fetch: (Item) throws -> Void) -> [(item: Item, failure: Error)] {
        var failed: [(offset: Int, item: Item, failure: Error)] = []
        for (offset, item) in items.enumerated() {
            do { try fetch(item) } catch { failed.append((offset, item, error)) }
        }
        var left: [(offset: Int, item: Item, failure: Error)] = []
        for entry in failed {
            guard case .gaveUp? = entry.failure as? HTTPFailure else { left.append(entry); continue }
            do { try fetch(entry.item) } catch { left.append((entry.offset, entry.item, error)) }
        }
        return left.sorted { $0.offset < $1.offset }.map { ($0.item, $0.failure) }
    }

    /// GET `path` under the source's base URL, with its key where the source wants it.
    func get(_ path: String, query: [(String, String)] = [], expecting: HTTPRequest.Expectation,
             endpoint: String) throws(HTTPFailure) -> HTTPResponse {
        var query = query
        var headers: [String: String] = ["Accept": expecting == .json ? "application/json" : "*/*",
                                         "User-Agent": "nbaops/1.0 (+ops shell; contact on-call)"]
        let key = environment.directory.keys[descriptor.source]
        switch descriptor.source {
        case .bdl: if let key { headers["Authorization"] = key }
        case .odds: if let key { query.insert(("apiKey", key), at: 0) }
        case .nbacom:
            headers["Referer"] = "https://www.nba.com/"
            headers["Origin"] = "https://www.nba.com"
        case .br, .bigdataball: break
        }
        var components = URLComponents(string: settings.baseURL + path)!
        if !query.isEmpty { components.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) } }
        let url = components.percentEncodedQuery.map { _ in components.string! } ?? components.string!
        var request = HTTPRequest(url: url.replacingOccurrences(of: "%5B%5D", with: "[]"), headers: headers,
                                  timeoutSeconds: settings.policy.timeoutSeconds, expecting: expecting)
        if environment.directory.sendsScenarioClock { request.clockHeader = "X-Scenario-Clock" }
        let context = RequestContext(provider: descriptor.source.rawValue, endpoint: endpoint, scraperName: descriptor.name,
                                     executionID: executionID, correlationID: correlationID,
                                     gameDate: gameDate.description)
        let response = try environment.client.fetch(request, context: context, observer: recorder)
        if let remaining = response.headers["x-requests-remaining"].flatMap(Int.init) { quotaRemaining = remaining }
        if let used = response.headers["x-requests-used"].flatMap(Int.init) { quotaUsed = used }
        return response
    }

    func store(_ body: [UInt8], page: Int? = nil, item: String? = nil, fileExtension: String = "json",
               kind: String? = nil) throws -> String {
        try environment.lake.write(body, to: LakePath(source: descriptor.lakeSource, kind: kind ?? descriptor.lakeKind,
                                                      gameDate: gameDate.description, timestamp: stamp, page: page,
                                                      item: item, fileExtension: fileExtension))
    }

    /// Stores a JSON response the scraper has decoded, and keeps the decoded document for the Phase 2 run that reads
    /// the file next (`DecodedFileCache.lake`; the season schedule in `.shared`, beside the schedule read everywhere)
    /// — when the file holds exactly the response's bytes.
    func store<Document>(_ body: [UInt8], decoded document: Document, page: Int? = nil, item: String? = nil,
                         in cache: DecodedFileCache = .lake) throws -> String {
        let file = try environment.lake.written(body, to: LakePath(source: descriptor.lakeSource, kind: descriptor.lakeKind,
                                                                   gameDate: gameDate.description, timestamp: stamp,
                                                                   page: page, item: item))
        if file.verbatim { cache.keep(document, at: environment.lake.root + "/" + file.relative) }
        return file.relative
    }

    func decode<T: Decodable>(_ type: T.Type, from response: HTTPResponse) throws -> T {
        try WireJSON.decode(type, from: response.body, parsed: response.json)
    }
}
