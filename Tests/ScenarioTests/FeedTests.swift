import Foundation
import Testing
@testable import Scenario
import SourceFormats

@Suite struct Feed {
    static let league = ScenarioLeague(seed: 2026)

    func feed(_ rules: [String] = []) -> ScenarioFeed {
        ScenarioFeed(league: Feed.league, rules: rules.map { try! FaultRule(parsing: $0) },
                     clock: { ISO8601DateFormatter().date(from: "2026-01-19T13:00:00Z")! })
    }

    func odds(_ feed: ScenarioFeed, at instant: String, key: String? = nil) -> FeedResponse {
        feed.handle(FeedRequest(path: "/the-odds-api/v4/sports/basketball_nba/events",
                                query: [("apiKey", key ?? feed.credentials.oddsAPIKey)],
                                headers: ["X-Scenario-Clock": instant]))
    }

    @Test func theOddsAPILimitsRequestsPerSecondOnTheRequestersClock() {
        let f = feed()
        let burst = (0..<31).map { _ in odds(f, at: "2026-01-19T13:00:00.100Z").status }
        #expect(burst.prefix(30).allSatisfy { $0 == 200 } && burst.last == 429)
        #expect(odds(f, at: "2026-01-19T13:00:01.200Z").status == 200, "a new second, a new window")
        let limited = odds(f, at: "2026-01-19T13:00:01.300Z")
        #expect(limited.headers["x-requests-remaining"] != nil)
    }

    /// The schedule's season part is kept per state of the season; every answer must still be byte for byte what
    /// encoding the whole document at that instant gives, whichever instant was asked before.
    @Test func theScheduleIsTheWholeDocumentAtEveryInstant() throws {
        let f = feed()
        let instants = ["2025-10-01T12:00:00Z", "2026-01-15T23:00:00Z", "2026-01-16T01:30:00Z", "2026-01-16T01:30:05Z",
                        "2026-01-16T06:00:00Z", "2026-01-15T23:00:00Z", "2026-05-01T12:00:00Z"]
        var bodies: Set<Data> = []
        for instant in instants {
            let response = f.handle(FeedRequest(path: "/nba-cdn/static/json/staticData/scheduleLeagueV2_1.json",
                                                headers: ["X-Scenario-Clock": instant]))
            let now = try #require(ISO8601DateFormatter().date(from: instant))
            #expect(response.status == 200 && response.headers["Content-Type"] == "application/json")
            #expect(response.body == FeedResponse.json(f.schedule(now: now)).body, "\(instant)")
            bodies.insert(response.body)
        }
        #expect(bodies.count == instants.count - 1, "only the repeated instant answers the same")
    }

    @Test func authRulesPerSource() {
        let f = feed()
        #expect(odds(f, at: "2026-01-19T13:00:00Z", key: "nope").status == 401)
        let bdl = f.handle(FeedRequest(path: "/balldontlie/v1/games", query: [("dates[]", "2026-01-15")]))
        #expect(bdl.status == 401)
        let bearer = f.handle(FeedRequest(path: "/balldontlie/v1/games", query: [("dates[]", "2026-01-15")],
                                          headers: ["Authorization": "Bearer " + f.credentials.ballDontLieKey]))
        #expect(bearer.status == 200)
    }

    @Test func boxScoresExistOnlyAfterTheGameEnds() {
        let f = feed()
        let game = Feed.league.games(on: Day("2026-01-19")!)[0]
        let path = "/nba-cdn/static/json/liveData/boxscore/boxscore_\(game.nbaGameID).json"
        let before = f.handle(FeedRequest(path: path, headers: ["X-Scenario-Clock": ISO8601DateFormatter().string(from: game.tipoff)]))
        #expect(before.status == 403)
        let after = f.handle(FeedRequest(path: path, headers: ["X-Scenario-Clock": ISO8601DateFormatter().string(from: game.endsAt + 60)]))
        #expect(after.status == 200)
        let document = try? JSONDecoder().decode(NBACom.BoxScoreDocument.self, from: after.body)
        #expect(document?.game.homeTeam.players.count == 15)
    }

    @Test func faultRulesParseAndRejectWithAClearMessage() throws {
        let rule = try FaultRule(parsing: "bdl endpoint=/stats status=429 retry-after=5 p=0.3 dates=2026-01-15..2026-01-20 teams=GSW,SAC")
        #expect(rule.probability == 0.3 && rule.action == .status(429, retryAfter: "5"))
        #expect(throws: FaultRule.ParseError.unknownSource("nba")) { try FaultRule(parsing: "nba timeout") }
        #expect(throws: FaultRule.ParseError.noAction) { try FaultRule(parsing: "bdl p=0.5") }
        #expect(throws: FaultRule.ParseError.badValue("dates", "2026-01-20..2026-01-15")) {
            try FaultRule(parsing: "bdl omit dates=2026-01-20..2026-01-15")
        }
        #expect(throws: FaultFileError.self) { try FaultRule.parseFile("# ok\nbdl timeout\nodds wat=1\n") }
    }

    @Test func theIncidentSetDropsThePacificGamesOnJan20() {
        let f = feed()
        ScenarioCatalog.rules(named: "incident", league: Feed.league)!.forEach(f.addFault)
        let response = f.handle(FeedRequest(path: "/balldontlie/v1/stats", query: [("dates[]", "2026-01-20"), ("per_page", "100")],
                                            headers: ["Authorization": f.credentials.ballDontLieKey,
                                                      "X-Scenario-Clock": "2026-01-21T12:00:00Z"]))
        let rows = (try? JSONDecoder().decode(BDL.Page<BDL.Stat>.self, from: response.body))?.data ?? []
        let homes = Set(rows.compactMap { row in Teams.all.first { $0.bdlID == row.game.homeTeamID }?.tricode })
        #expect(homes.count == 4)
        #expect(!homes.contains("GSW") && !homes.contains("SAC") && !homes.contains("DEN"))
    }
}

@Suite struct FeedDataFaults {
    @Test func aDelayRuleMakesABoxScoreAppearHoursLate() {
        let f = ScenarioFeed(league: Feed.league, rules: [try! FaultRule(parsing: "nbacom endpoint=/boxscore delay=6")],
                             clock: { Date(timeIntervalSince1970: 0) })
        let game = Feed.league.games(on: Day("2026-01-19")!)[0]
        let path = "/nba-cdn/static/json/liveData/boxscore/boxscore_\(game.nbaGameID).json"
        let at = { (offset: Double) in
            f.handle(FeedRequest(path: path, headers: ["X-Scenario-Clock": ISO8601DateFormatter().string(from: game.endsAt + offset)])).status
        }
        #expect(at(60) == 403 && at(5 * 3600) == 403)
        #expect(at(6 * 3600 + 60) == 200)
    }

    @Test func bdlPagesByCursorAndLeavesNextCursorOffTheLastPage() throws {
        let f = ScenarioFeed(league: Feed.league, clock: { ISO8601DateFormatter().date(from: "2026-01-20T12:00:00Z")! })
        var cursor: Int? = nil, rows = 0, pages = 0
        repeat {
            var query = [(name: "dates[]", value: "2026-01-15"), (name: "per_page", value: "100")]
            if let cursor { query.append((name: "cursor", value: String(cursor))) }
            let response = f.handle(FeedRequest(path: "/balldontlie/v1/stats", query: query,
                                                headers: ["Authorization": f.credentials.ballDontLieKey]))
            let page = try JSONDecoder().decode(BDL.Page<BDL.Stat>.self, from: response.body)
            let text = String(decoding: response.body, as: UTF8.self)
            rows += page.data.count
            pages += 1
            cursor = page.meta?.nextCursor
            if cursor == nil { #expect(!text.contains("next_cursor")) }
            #expect(page.data.allSatisfy { $0.min?.count == 2 }, "minutes as zero-padded strings")
        } while cursor != nil
        #expect(pages == 3 && rows > 200)
    }
}
