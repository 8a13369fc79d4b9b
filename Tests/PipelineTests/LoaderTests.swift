import Foundation
import Testing
@testable import Pipeline
import Warehouse

@Suite struct NBAStatsCSVLoading {
    @Test func loadsScheduleAndGamebookFromRealRows() throws {
        let warehouse = try Fixtures.warehouse()
        let summary = try NBAStatsCSVLoader(warehouse: warehouse).load(Fixtures.openingNight, runID: "l1", loadedAt: "t")
        #expect(summary == .init(dates: 1, games: 2, playerGames: 45, firstDate: Day("2022-10-18")!, lastDate: Day("2022-10-18")!))
        let schedule = try warehouse.read { tx in
            try tx.query("SELECT game_id, home_team_tricode, away_team_tricode, home_team_score, away_team_score, game_status, season_nba_format FROM nba_raw.nbac_schedule ORDER BY game_id").rows
        }
        #expect(schedule == [["0022200001", "BOS", "PHI", 126, 117, 3, "2022-23"], ["0022200002", "GSW", "LAL", 123, 109, 3, "2022-23"]])
        let tatum = try warehouse.read { tx in
            try tx.query("SELECT game_id, team_abbr, points, minutes_decimal, player_status FROM nba_raw.nbac_gamebook_player_stats WHERE player_lookup = 'jaysontatum'").rows
        }
        #expect(tatum == [["20221018_PHI_BOS", "BOS", 35, 39.0, "active"]])
    }

    @Test func loadingTwiceLeavesOneCopy() throws {
        let warehouse = try Fixtures.warehouse()
        let loader = NBAStatsCSVLoader(warehouse: warehouse)
        _ = try loader.load(Fixtures.openingNight, runID: "a", loadedAt: "t1")
        _ = try loader.load(Fixtures.openingNight, runID: "b", loadedAt: "t2")
        let count = try warehouse.read { tx in try tx.scalar("SELECT COUNT(*) FROM nba_raw.nbac_gamebook_player_stats") }
        #expect(count == .integer(45))
    }

    struct BadFile: CustomTestStringConvertible, Sendable {
        let name: String
        let text: String
        let message: String
        let line: Int?
        var testDescription: String { name }
    }

    static let badFiles: [BadFile] = [
        BadFile(name: "wrong columns", text: "PLAYER,POINTS\nLeBron,30\n",
                message: "missing columns PLAYER_ID, PLAYER_NAME", line: 1),
        BadFile(name: "short row", text: Fixtures.header + "\n" + Fixtures.scorer(game: 1, date: "2022-10-20", points: 20) + "22022,1,x\n",
                message: "expected 31 fields, found 3", line: 4),
        BadFile(name: "impossible date", text: Fixtures.header + "\n" + Fixtures.scorer(game: 1, date: "2022-02-30", points: 20),
                message: "GAME_DATE '2022-02-30' is not a date", line: 2),
        BadFile(name: "negative points", text: Fixtures.header + "\n" + Fixtures.scorer(game: 1, date: "2022-10-20", points: 20)
                    .replacingOccurrences(of: ",30,20,", with: ",30,-4,"),
                message: "PTS '-4' is not a non-negative whole number", line: 2),
        BadFile(name: "bad matchup", text: Fixtures.header + "\n" + Fixtures.scorer(game: 1, date: "2022-10-20", points: 20)
                    .replacingOccurrences(of: "BOS vs. NYK", with: "BOS v NYK"),
                message: "MATCHUP 'BOS v NYK' is neither", line: 2),
        BadFile(name: "duplicate player", text: Fixtures.header + "\n" + Fixtures.scorer(game: 1, date: "2022-10-20", points: 20)
                    + Fixtures.scorer(game: 1, date: "2022-10-20", points: 20),
                message: "player 1 appears twice in game 0000000001", line: 4),
        BadFile(name: "header only", text: Fixtures.header + "\n", message: "the file has a header but no rows", line: nil),
    ]

    @Test(arguments: badFiles)
    func badFilesNameTheLineAndLoadNothing(_ bad: BadFile) throws {
        let warehouse = try Fixtures.warehouse()
        // A good first date followed by the bad content: nothing at all may be written.
        let path = try Fixtures.write(bad.text)
        #expect {
            _ = try NBAStatsCSVLoader(warehouse: warehouse).load(path, runID: "x", loadedAt: "t")
        } throws: { error in
            guard let error = error as? LoadError else { return false }
            return error.file == path && error.line == bad.line && error.message.contains(bad.message)
        }
        let rows = try warehouse.read { tx in
            try tx.scalar("SELECT (SELECT COUNT(*) FROM nba_raw.nbac_schedule) + (SELECT COUNT(*) FROM nba_raw.nbac_gamebook_player_stats) + (SELECT COUNT(*) FROM nba_raw._loads)")
        }
        #expect(rows == .integer(0))
    }

    @Test func aMissingFileIsNamed() throws {
        let warehouse = try Fixtures.warehouse()
        #expect(throws: LoadError(file: "/nonexistent/logs.csv", "no such file")) {
            _ = try NBAStatsCSVLoader(warehouse: warehouse).load("/nonexistent/logs.csv", runID: "x", loadedAt: "t")
        }
    }
}
