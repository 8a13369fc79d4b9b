import Foundation
import Testing
@testable import Scenario
import SourceFormats

/// The feed writes its documents with `WireJSON`; every kind of document it serves must be byte for byte what
/// Foundation's encoder wrote before (so the lake a build leaves is the lake it left), and must decode with `WireJSON`
/// to what Foundation's decoder makes of it.
@Suite struct FeedEncoding {
    let feed = ScenarioFeed(league: Feed.league, clock: { ISO8601DateFormatter().date(from: "2026-01-21T12:00:00Z")! })

    func get(_ path: String, _ query: [(String, String)] = [], at instant: String = "2026-01-21T12:00:00Z") -> Data {
        let response = feed.handle(FeedRequest(path: path, query: query.map { (name: $0.0, value: $0.1) },
                                               headers: ["Authorization": feed.credentials.ballDontLieKey, "X-Scenario-Clock": instant]))
        #expect(response.status == 200 || response.status == 404, "\(path)")
        return response.body
    }

    func check<T: Codable>(_ body: Data, as type: T.Type, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let foundation = try JSONDecoder().decode(T.self, from: body)
        #expect(try encoder.encode(foundation) == body, "encoded as Foundation encodes it", sourceLocation: sourceLocation)
        let wire = try WireJSON.decode(T.self, from: body)
        #expect(try encoder.encode(wire) == body, "decoded as Foundation decodes it", sourceLocation: sourceLocation)
    }

    @Test func everyDocumentIsFoundationsBytesAndDecodesAlike() throws {
        let game = Feed.league.games(on: Day("2026-01-20")!)[0]
        let odds = "/the-odds-api/v4/sports/basketball_nba/events"
        let key = [("apiKey", feed.credentials.oddsAPIKey)]
        try check(get("/balldontlie/v1/stats", [("dates[]", "2026-01-20"), ("per_page", "100")]), as: BDL.Page<BDL.Stat>.self)
        try check(get("/balldontlie/v1/stats", [("dates[]", "2026-01-20"), ("per_page", "100"), ("cursor", "100")]), as: BDL.Page<BDL.Stat>.self)
        try check(get("/balldontlie/v1/games", [("start_date", "2026-01-20"), ("end_date", "2026-01-20")]), as: BDL.Page<BDL.Game>.self)
        try check(get("/balldontlie/v1/player_injuries"), as: BDL.Page<BDL.Injury>.self)
        try check(get("/balldontlie/v1/teams"), as: BDL.Page<BDL.Team>.self)
        try check(get("/nba-cdn/static/json/staticData/scheduleLeagueV2_1.json"), as: NBACom.ScheduleDocument.self)
        try check(get("/nba-cdn/static/json/liveData/boxscore/boxscore_\(game.nbaGameID).json"), as: NBACom.BoxScoreDocument.self)
        try check(get(odds, key, at: "2026-01-20T15:00:00Z"), as: [OddsAPI.Event].self)
        let live = get("\(odds)/\(game.oddsEventID)/odds", key + [("markets", "player_points,h2h,spreads,totals")], at: "2026-01-20T22:00:00Z")
        try check(live, as: OddsAPI.Event.self)
        let historical = get("/the-odds-api/v4/historical/sports/basketball_nba/events/\(game.oddsEventID)/odds",
                             key + [("markets", "player_points"), ("date", "2026-01-20T23:00:00Z")])
        try check(historical, as: OddsAPI.Historical<OddsAPI.Event>.self)
        try check(get("\(odds)/no-such-event/odds", key), as: OddsAPI.ErrorBody.self)
        #expect(try WireJSON.decode(OddsAPI.Event.self, from: live).bookmakers?.isEmpty == false, "lines were open")
    }
}
