import Foundation
import Testing
@testable import Investigation
import Warehouse

/// A warehouse with a hand-made week: scheduled games, box scores from each source, analytics.
func week(_ label: String = #function) throws -> Warehouse {
    let warehouse = try Warehouse(directory: FileManager.default.temporaryDirectory
        .appendingPathComponent("nbaops-gaps-\(label.filter(\.isLetter))-\(UUID().uuidString)").path)
    // Per date: games scheduled, games BallDontLie has, games the gamebook has, games in analytics.
    let plan: [(String, Int, Int, Int, Int)] = [
        ("2026-01-14", 3, 3, 3, 3),  // complete
        ("2026-01-15", 3, 1, 3, 3),  // BallDontLie lacks two, the gamebook covers them: complete
        ("2026-01-16", 3, 3, 3, 0),  // raw present, no analytics: needs backfill
        ("2026-01-17", 3, 3, 3, 0),  // needs backfill
        ("2026-01-18", 3, 0, 0, 0),  // nothing scraped: no raw data
        ("2026-01-19", 0, 0, 0, 0),  // no games
        ("2026-01-20", 3, 2, 2, 2),  // partial
    ]
    try warehouse.write { tx in
        for (date, scheduled, bdl, gamebook, analytics) in plan {
            for g in 0..<scheduled {
                let id = "\(date)_AW\(g)_HO\(g)"
                try tx.execute("INSERT INTO nba_raw.nbac_schedule (game_id, game_date, home_team_tricode, away_team_tricode) VALUES (?, ?, ?, ?)",
                               [.text(id), .text(date), .text("HO\(g)"), .text("AW\(g)")])
                if g < bdl { try tx.execute("INSERT INTO nba_raw.bdl_player_boxscores (game_id, game_date, bdl_player_id) VALUES (?, ?, 1)", [.text(id), .text(date)]) }
                if g < gamebook {
                    try tx.execute("INSERT INTO nba_raw.nbac_gamebook_player_stats (game_id, game_date, player_lookup, player_status) VALUES (?, ?, 'p', 'active')",
                                   [.text(id), .text(date)])
                }
                if g < analytics {
                    try tx.execute("INSERT INTO nba_analytics.player_game_summary (game_id, game_date, player_lookup) VALUES (?, ?, 'p')", [.text(id), .text(date)])
                }
            }
        }
    }
    return warehouse
}

@Suite struct Gaps {
    @Test func statusesAndMissingGamesPerDate() throws {
        let matrix = try GapMatrix(range: DayRange(Day("2026-01-14")!, Day("2026-01-20")!)!, today: Day("2026-01-21")!, warehouse: try week())
        #expect(matrix.rows.map(\.status) == [.complete, .complete, .needsBackfill, .needsBackfill, .noRawData, .noGames, .partial])
        #expect(matrix.rows[1].missing == "bdl: AW1@HO1, AW2@HO2", "BallDontLie's holes are named even when the gamebook covered them")
        #expect(matrix.rows[6].missing == "analytics: AW2@HO2; bdl: AW2@HO2")
        #expect(matrix.repairs == ["scrape all 2026-01-18   # then: backfill phase2 2026-01-18 --through grading",
                                   "backfill phase3 2026-01-16..2026-01-17 --through grading", "heal 2026-01-20"])
        let phase3 = matrix.table(phase: 3)
        #expect(phase3.columns == ["game_date", "scheduled", "analytics_games", "analytics_rows", "status", "missing"])
    }

    @Test func unplayedDatesAreNotCalledMissing() throws {
        let matrix = try GapMatrix(range: DayRange(Day("2026-01-18")!, Day("2026-01-18")!)!, today: Day("2026-01-18")!, warehouse: try week())
        #expect(matrix.rows[0].missing == "not played yet")
        #expect(matrix.repairs.isEmpty)
    }

    @Test func completenessFlagsEachKindOfShortfall() throws {
        let check = try CompletenessCheck(days: 7, today: Day("2026-01-21")!, warehouse: try week())
        #expect(check.rows.count == 6, "dates with games only")
        #expect(check.rows.first { $0.date == Day("2026-01-15")! }?.issues == ["missing_boxscores", "missing_predictions"])
        #expect(check.rows.first { $0.date == Day("2026-01-18")! }?.fraction == 0)
        #expect(check.completeDates == 0, "no date has predictions")
    }
}

@Suite struct CoveragePatterns {
    @Test func bySourceCountsWhatEachSourceDelivered() throws {
        let table = try Patterns.table(by: .source, range: DayRange(Day("2026-01-14")!, Day("2026-01-20")!)!,
                                       today: Day("2026-01-21")!, warehouse: try week())
        let byName = Dictionary(uniqueKeysWithValues: table.rows.map { ($0[0].stringValue ?? "", $0) })
        // 18 played games; BallDontLie lacks 2 on Jan 15, 3 on Jan 18, 1 on Jan 20.
        #expect(byName["bdl_player_boxscores"]?[1] == .integer(18) && byName["bdl_player_boxscores"]?[3] == .integer(6))
        #expect(byName["player_game_summary"]?[3] == .integer(10), "Jan 16, 17 and 18 (9 games) and one on Jan 20")
    }

    @Test func byVenueNamesTheHomeTeamsWhoseGamesGoMissing() throws {
        let table = try Patterns.table(by: .venue, range: DayRange(Day("2026-01-14")!, Day("2026-01-20")!)!,
                                       today: Day("2026-01-21")!, warehouse: try week())
        #expect(table.columns.first == "venue")
        #expect(table.rows.first?[0].stringValue == "HO2", "the third game's home side lacks BallDontLie most often")
    }
}
