import Foundation
import Testing
import SourceFormats
@testable import Pipeline
import Warehouse

@Suite struct OddsAPIHistory {
    func event(id: String, home: String, away: String, tip: String, taken: String, line: Double, book: String = "draftkings") -> String {
        """
        {"timestamp":"\(taken)","previous_timestamp":null,"next_timestamp":null,
         "data":{"id":"\(id)","sport_key":"basketball_nba","sport_title":"NBA","commence_time":"\(tip)",
                 "home_team":"\(home)","away_team":"\(away)",
                 "bookmakers":[{"key":"\(book)","title":"DraftKings","last_update":"\(taken)",
                   "markets":[{"key":"player_points","last_update":"\(taken)","outcomes":[
                     {"name":"Over","description":"Jayson Tatum","price":1.87,"point":\(line)},
                     {"name":"Under","description":"Jayson Tatum","price":1.95,"point":\(line)}]}]}]}}
        """
    }

    func directory(_ files: [String: String]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("odds-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(toFile: path + "/" + name, atomically: true, encoding: .utf8) }
        return path
    }

    @Test func snapshotsMatchTheirGameKeepHistoryAndFeedPhase3() throws {
        let warehouse = try Fixtures.warehouse()
        _ = try NBAStatsCSVLoader(warehouse: warehouse).load(Fixtures.openingNight, runID: "l", loadedAt: "2022-10-18T10:00:00.000Z")
        let odds = try directory([
            "a.json": event(id: "e1", home: "Boston Celtics", away: "Philadelphia 76ers", tip: "2022-10-18T23:30:00Z", taken: "2022-10-18T18:00:00Z", line: 25.5),
            "b.json": event(id: "e1", home: "Boston Celtics", away: "Philadelphia 76ers", tip: "2022-10-18T23:30:00Z", taken: "2022-10-18T22:00:00Z", line: 26.5),
            "c.json": event(id: "e1", home: "Boston Celtics", away: "Philadelphia 76ers", tip: "2022-10-18T23:30:00Z", taken: "2022-10-19T00:10:00Z", line: 30.5),
            "d.json": event(id: "e9", home: "Utah Jazz", away: "Denver Nuggets", tip: "2022-10-19T03:00:00Z", taken: "2022-10-18T22:00:00Z", line: 20.5),
        ])
        let loader = OddsAPIHistoryLoader(warehouse: warehouse)
        let summary = try loader.load(odds, loadedAt: "2022-10-19T08:00:00.000Z", runID: "o")
        #expect(summary.files == 4)
        #expect(summary.snapshots == 3)
        #expect(summary.droppedInGame == 1)
        #expect(summary.unmatchedEvents == ["e9 DEN@UTA 2022-10-18"])
        let rows = try warehouse.read { tx in
            try tx.query("""
                SELECT game_id, snapshot_tag, minutes_before_tipoff, points_line, over_price_american, under_price_american
                FROM nba_raw.odds_api_player_points_props ORDER BY snapshot_timestamp
                """).rows
        }
        #expect(rows == [["20221018_PHI_BOS", "snap-1400", 330, 25.5, -115, -105], ["20221018_PHI_BOS", "snap-1800", 90, 26.5, -115, -105]])
        // Loading again keeps one copy of each snapshot.
        _ = try loader.load(odds, loadedAt: "2022-10-19T09:00:00.000Z", runID: "o2")
        #expect(try warehouse.read { tx in try tx.scalar("SELECT COUNT(*) FROM nba_raw.odds_api_player_points_props") } == .integer(2))
        // Phase 3 takes the latest pre-tip line: Tatum's 35 points against 26.5.
        _ = try Fixtures.backfill(warehouse, .phase3, "2022-10-18", "2022-10-18")
        let tatum = try warehouse.read { tx in
            try tx.query("SELECT points_line, over_under_result, margin FROM nba_analytics.player_game_summary WHERE player_lookup = 'jaysontatum'").rows
        }
        #expect(tatum == [[26.5, "OVER", 8.5]])
    }

    @Test func aBadFileIsNamedAndNothingLoads() throws {
        let warehouse = try Fixtures.warehouse()
        _ = try NBAStatsCSVLoader(warehouse: warehouse).load(Fixtures.openingNight, runID: "l", loadedAt: "2022-10-18T10:00:00.000Z")
        let odds = try directory([
            "a.json": event(id: "e1", home: "Boston Celtics", away: "Philadelphia 76ers", tip: "2022-10-18T23:30:00Z", taken: "2022-10-18T22:00:00Z", line: 26.5),
            "b.json": "{\"timestamp\":\"2022-10-18T22:00:00Z\",\"data\":{\"id\":\"e2\"}}",
        ])
        #expect {
            _ = try OddsAPIHistoryLoader(warehouse: warehouse).load(odds, loadedAt: "t", runID: "o")
        } throws: { error in
            guard let error = error as? LoadError else { return false }
            return error.file.hasSuffix("/b.json") && error.message.contains("missing 'data.commence_time'")
        }
        #expect(try warehouse.read { tx in try tx.scalar("SELECT COUNT(*) FROM nba_raw.odds_api_player_points_props") } == .integer(0))
    }

    @Test func americanOdds() {
        #expect(OddsAPI.american(2.5) == 150)
        #expect(OddsAPI.american(1.8) == -125)
        #expect(OddsAPI.american(2.0) == 100)
    }
}
