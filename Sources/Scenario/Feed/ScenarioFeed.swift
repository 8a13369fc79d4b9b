import Foundation
import SourceFormats

/// The scenario's imitation of every data source: routes requests by path to the source they mirror, applies the
/// source's auth rules, quotas and rate limits, serves only data that exists at the requester's instant, and injects
/// the configured faults. Paths: `/balldontlie/v1/…` (and `/balldontlie/nba/v1/…`), `/the-odds-api/v4/…`,
/// `/nba-cdn/static/json/…`, `/basketball-reference/teams/…`, `/bigdataball/drive/v3/files…`.
public final class ScenarioFeed: Sendable {
    public struct Credentials: Sendable {
        public let ballDontLieKey: String
        public let oddsAPIKey: String
        /// Keys derived from the seed: unguessable enough to be worth redacting, stable for a scenario.
        public init(seed: UInt64) {
            var draws = SeededGenerator(seed: seed).fork("credentials")
            ballDontLieKey = String(format: "bdl-%016llx", draws.next())
            oddsAPIKey = String(format: "%016llx%016llx", draws.next(), draws.next())
        }
    }

    public let league: ScenarioLeague
    public let credentials: Credentials
    /// Requests per minute per key before BallDontLie answers 429, and Odds API requests per second.
    public let ballDontLiePerMinute: Int
    public let oddsPerSecond: Int
    let faults: FaultBook
    private let clock: @Sendable () -> Date
    let meterRef = RequestMeter()
    let scheduleBodies = ScheduleBodies()

    /// `clock` is the feed's own instant; a request may state the requester's with `X-Scenario-Clock` (ISO-8601),
    /// which is how a simulated run sees data "exist" on its own clock.
    public init(league: ScenarioLeague, rules: [FaultRule] = [], ballDontLiePerMinute: Int = 600, oddsPerSecond: Int = 30,
                clock: @escaping @Sendable () -> Date) {
        self.league = league
        credentials = Credentials(seed: league.seed)
        faults = FaultBook(seed: league.seed, rules: rules)
        self.ballDontLiePerMinute = ballDontLiePerMinute
        self.oddsPerSecond = oddsPerSecond
        self.clock = clock
    }

    public var faultRules: [(rule: FaultRule, matched: Int, fired: Int)] { faults.rules }
    public func addFault(_ rule: FaultRule) { faults.add(rule) }
    public func clearFaults() { faults.clear() }
    public var requestCount: Int { meterRef.total }
    public var oddsCreditsUsed: Int { meterRef.oddsUsed }

    public func handle(_ request: FeedRequest) -> FeedResponse {
        let now = request.headers["x-scenario-clock"].flatMap(FeedTime.parse) ?? clock()
        meterRef.count()
        let parts = request.path.split(separator: "/").map(String.init)
        guard let root = parts.first else { return notFound(request.path) }
        let rest = Array(parts.dropFirst())
        let source: String
        switch root {
        case "balldontlie": source = "bdl"
        case "the-odds-api": source = "odds"
        case "nba-cdn": source = "nbacom"
        case "basketball-reference": source = "br"
        case "bigdataball": source = "bigdataball"
        default: return notFound(request.path)
        }
        let scope = self.scope(of: request, source: source, now: now)
        if let fault = faults.responseFault(source: source, path: request.path,
                                                query: request.query.map { "\($0.name)=\($0.value)" }, scope: scope),
           let injected = inject(fault, source: source, request: request, rest: rest, now: now) {
            return injected
        }
        switch source {
        case "bdl": return ballDontLie(request, rest: rest, now: now)
        case "odds": return oddsAPI(request, rest: rest, now: now)
        case "nbacom": return nbaCom(rest: rest, now: now)
        case "br": return basketballReference(rest: rest)
        default: return bigDataBall(request, rest: rest, now: now)
        }
    }

    private func inject(_ fault: FaultRule.Action, source: String, request: FeedRequest, rest: [String],
                        now: Date) -> FeedResponse? {
        switch fault {
        case .status(let code, let retryAfter):
            var response: FeedResponse
            if source == "odds" && code == 429 {
                response = .json(OddsAPI.ErrorBody(message: "Your API key has exceeded its frequency limit.",
                                                   errorCode: "EXCEEDED_FREQ_LIMIT"), status: 429)
            } else if source == "bdl" {
                response = .json(["error": code == 429 ? "Too many requests" : "Internal error"], status: code)
            } else {
                response = .text("<html><body>Error \(code)</body></html>", status: code, contentType: "text/html")
            }
            if let retryAfter { response.headers["Retry-After"] = retryAfter }
            return response
        case .latency(let ms):
            var response = handleWithoutFaults(request, source: source, rest: rest, now: now)
            response.delaySeconds = Double(ms) / 1000
            return response
        case .timeout:
            var response = FeedResponse(status: 504)
            response.delaySeconds = 35
            return response
        case .truncate:
            var response = handleWithoutFaults(request, source: source, rest: rest, now: now)
            response.body = response.body.prefix(max(1, response.body.count / 2))
            return response
        case .htmlChallenge:
            return .text("<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>Checking your browser before accessing the site.</body></html>",
                         contentType: "text/html")
        case .omitGames, .delay:
            return nil
        }
    }

    private func handleWithoutFaults(_ request: FeedRequest, source: String, rest: [String], now: Date) -> FeedResponse {
        switch source {
        case "bdl": ballDontLie(request, rest: rest, now: now)
        case "odds": oddsAPI(request, rest: rest, now: now)
        case "nbacom": nbaCom(rest: rest, now: now)
        case "br": basketballReference(rest: rest)
        default: bigDataBall(request, rest: rest, now: now)
        }
    }

    /// A game's data exists for a source once the game has ended, plus any delay a fault adds; omitted games never do.
    func available(_ game: ScenarioGame, source: String, path: String, now: Date, lag: Double = 0) -> Bool {
        let data = faults.dataFaults(source: source, path: path, game: game)
        return !data.omitted && now >= game.endsAt + lag + data.delayHours * 3600
    }

    func notFound(_ path: String) -> FeedResponse {
        .json(["error": "no such resource: \(path)"], status: 404)
    }

    private func scope(of request: FeedRequest, source: String, now: Date) -> RequestScope {
        var scope = RequestScope()
        var days = (request.values("dates[]") + [request.value("start_date"), request.value("date")].compactMap { $0 })
            .compactMap { Day(String($0.prefix(10))) }
        if let q = request.value("q"), let match = q.range(of: #"\d{4}-\d{2}-\d{2}"#, options: .regularExpression),
           let day = Day(String(q[match])) {
            days.append(day)
        }
        if request.path.contains("/drive/v3/files/"), let id = request.path.split(separator: "/").last,
           let game = league.game(nbaID: String(id)) {
            days.append(game.date)
            scope.games.insert(game.nbaGameID)
            scope.teams.formUnion([game.home, game.away])
        }
        if let from = request.value("commenceTimeFrom").flatMap(FeedTime.parse) {
            days.append(FeedTime.easternDay(from.addingTimeInterval(6 * 3600)))
        }
        let path = request.path
        if let id = path.split(separator: "_").last.map({ $0.replacingOccurrences(of: ".json", with: "") }),
           path.contains("boxscore_"), let game = league.game(nbaID: id) {
            days.append(game.date)
            scope.games.insert(game.nbaGameID)
            scope.teams.formUnion([game.home, game.away])
        }
        if path.contains("/events/"), let id = path.split(separator: "/").drop(while: { $0 != "events" }).dropFirst().first,
           let game = league.game(oddsEventID: String(id)) {
            days.append(game.date)
            scope.games.insert(game.nbaGameID)
            scope.teams.formUnion([game.home, game.away])
        }
        scope.dates = days.isEmpty ? [FeedTime.easternDay(now)] : days
        return scope
    }
}

/// Counts requests, per-window rates and Odds API credits.
/// The season schedule's `leagueSchedule` object, encoded, per state of the season: which games have tipped off and
/// which have ended fix every status, score and record in it, and both sets only grow with time, so their sizes name
/// the state. Re-made only when a game starts or ends, not for every request (the document covers ~1,230 games).
final class ScheduleBodies: @unchecked Sendable {
    private let lock = NSLock()
    private var kept: (key: [Int], body: Data)?

    func body(for key: [Int], _ make: () -> Data) -> Data {
        if let hit = lock.withLock({ kept.flatMap { $0.key == key ? $0.body : nil } }) { return hit }
        let body = make()
        lock.withLock { kept = (key, body) }
        return body
    }
}

final class RequestMeter: @unchecked Sendable {
    private let lock = NSLock()
    private var windows: [String: (start: Date, count: Int)] = [:]
    private(set) var total = 0
    private(set) var oddsUsed = 0

    func count() { lock.withLock { total += 1 } }

    /// True when this request exceeds `limit` requests in the current window of `seconds` for `key`.
    func exceeds(key: String, limit: Int, seconds: Double, now: Date) -> Bool {
        lock.withLock {
            var window = windows[key] ?? (now, 0)
            if now.timeIntervalSince(window.start) >= seconds || now < window.start { window = (now, 0) }
            window.count += 1
            windows[key] = window
            return window.count > limit
        }
    }

    func spendOdds(_ credits: Int) -> Int { lock.withLock { oddsUsed += credits; return oddsUsed } }
}

enum FeedTime {
    static func iso(_ date: Date, fractional: Bool = false) -> String { CivilTime.iso(date, fractional: fractional) }

    static func parse(_ text: String) -> Date? { CivilTime.parseISO(text) }

    static func easternDay(_ date: Date) -> Day { CivilTime.easternDay(date) }

    /// Eastern wall-clock time rendered with NBA.com's misleading `Z`.
    static func easternWallClock(_ date: Date) -> String { CivilTime.dateTime(CivilTime.eastern(date)) }
}
