import Foundation
import Testing
@testable import Pipeline
import Warehouse

/// The model's training sums and the players' histories are kept per loaded partition; a reload, or rows written
/// around the partition writer, must be seen, and what was kept must equal what is derived afresh.
@Suite(.serialized) struct KeptDerivations {
    /// Enough player-games for the model to fit (`RidgeModel.minimumRows`).
    let days = ["2026-01-02", "2026-01-03", "2026-01-04", "2026-01-05", "2026-01-06", "2026-01-07"]
    let players = (0..<60).map { "player\($0 < 10 ? "0" : "")\($0)" }

    func summary(_ date: String, points: (Int) -> Int) -> PartitionRows {
        PartitionRows(table: TableName(.analytics, "player_game_summary"), partition: date,
                      columns: ["player_lookup", "game_id", "game_date", "season_year", "team_abbr", "opponent_team_abbr", "home_game",
                                "points", "minutes_played", "usage_rate", "ts_pct"],
                      rows: players.enumerated().map { index, player in
                          [.text(player), .text("g-\(date)"), .text(date), .integer(2025), .text(index < 30 ? "DEN" : "LAL"),
                           .text(index < 30 ? "LAL" : "DEN"), .integer(index < 30 ? 1 : 0), .integer(Int64(points(index))),
                           .real(30 + Double(index)), .real(20 + Double(index) / 2), .real(0.55)]
                      })
    }

    func cache(_ date: String) -> PartitionRows {
        PartitionRows(table: TableName(.precompute, "player_daily_cache"), partition: date,
                      columns: ["cache_date", "player_lookup", "team_abbr", "points_avg_last_5", "points_avg_last_10", "points_avg_season",
                                "points_std_last_10", "minutes_avg_last_10", "usage_rate_last_10", "last_game_date"],
                      rows: players.enumerated().map { index, player in
                          [.text(date), .text(player), .text(index < 30 ? "DEN" : "LAL"), .real(Double(10 + (index * 7) % 13)),
                           .real(Double(11 + (index * 5) % 11)), .real(Double(12 + (index * 3) % 7)), .real(Double(index % 3)),
                           .real(Double(28 + (index * 11) % 5)), .real(Double(18 + (index * 13) % 9)),
                           .text(Day(date)!.adding(days: index % 2 == 0 ? -1 : -2).description)]
                      })
    }

    func filled() throws -> Warehouse {
        let warehouse = try Fixtures.warehouse()
        let writer = PartitionWriter(warehouse: warehouse)
        for (n, day) in days.enumerated() {
            _ = try writer.replace(summary(day) { 8 + ($0 * 7 + n * 5) % 23 }, runID: "a", mode: .normal, loadedAt: "2026-01-08T00:00:00.000Z")
            _ = try writer.replace(cache(day), runID: "a", mode: .normal, loadedAt: "2026-01-08T00:00:00.000Z")
        }
        return warehouse
    }

    func model(_ warehouse: Warehouse, fresh: Bool = false) throws -> RidgeModel? {
        if fresh { PredictionCoordinator.trainingSums.removeAll() }
        return try warehouse.read { tx in try PredictionCoordinator.train(before: Day("2026-01-08")!, tx) }
    }

    @Test func trainingSumsKeptEqualFreshAndFollowReloads() throws {
        let warehouse = try filled()
        let first = try #require(try model(warehouse, fresh: true))
        #expect(first.trainingRows == 360)
        let again = try #require(try model(warehouse))
        #expect(again.coefficients == first.coefficients, "from kept sums, the same model")

        _ = try PartitionWriter(warehouse: warehouse).replace(summary(days[1]) { _ in 40 }, runID: "b", mode: .normal,
                                                              loadedAt: "2026-01-09T00:00:00.000Z")
        let reloaded = try #require(try model(warehouse))
        #expect(reloaded.coefficients != first.coefficients, "a reloaded date is summed afresh")
        #expect(try #require(try model(warehouse, fresh: true)).coefficients == reloaded.coefficients)

        // As `sql --write` does it: an UPDATE that keeps every count.
        try warehouse.writeStatements { tx in
            try tx.execute("UPDATE nba_analytics.player_game_summary SET points = 0 WHERE game_date = ?", [.text(days[2])])
        }
        let updated = try #require(try model(warehouse))
        #expect(try #require(try model(warehouse, fresh: true)).coefficients == updated.coefficients, "an ad-hoc UPDATE is seen")
        #expect(updated.coefficients != reloaded.coefficients)
        try warehouse.writeStatements { tx in
            try tx.execute("""
                INSERT INTO nba_analytics.player_game_summary (player_lookup, game_id, game_date, season_year, team_abbr, home_game, points)
                VALUES ('zed', 'g-2026-01-07', '2026-01-07', 2025, 'DEN', 1, 3)
                """)
            try tx.execute("""
                INSERT INTO nba_precompute.player_daily_cache (cache_date, player_lookup, team_abbr, points_avg_last_5, points_avg_last_10,
                  points_avg_season) VALUES ('2026-01-07', 'zed', 'DEN', 2, 2, 2)
                """)
        }
        let around = try #require(try model(warehouse))
        #expect(around.trainingRows == 361, "rows written around the writer are read")
        let aroundFresh = try #require(try model(warehouse, fresh: true))
        #expect(aroundFresh.coefficients == around.coefficients, "\(aroundFresh.coefficients) \(around.coefficients) \(aroundFresh.trainingRows)")
    }

    @Test func playerHistoriesFollowReloads() throws {
        let warehouse = try filled()
        try warehouse.write { tx in
            try tx.execute("""
                INSERT INTO nba_raw.nbac_schedule (game_id, game_date, home_team_tricode, away_team_tricode) VALUES ('g-next', '2026-01-08', 'DEN', 'LAL')
                """)
        }
        func averages() throws -> [String: Double] {
            try warehouse.read { tx in
                Dictionary(uniqueKeysWithValues: try PlayerHistory.playing(on: Day("2026-01-08")!, tx).map { ($0.player, $0.seasonAverage ?? -1) })
            }
        }
        let first = try averages()
        #expect(first.count == 60)
        #expect(try averages() == first)
        _ = try PartitionWriter(warehouse: warehouse).replace(summary(days[0]) { _ in 100 }, runID: "b", mode: .normal,
                                                              loadedAt: "2026-01-09T00:00:00.000Z")
        let reloaded = try averages()
        #expect(reloaded["player00"] != first["player00"])
        let others = (1..<6).map { n in Double(8 + (n * 5) % 23) }
        #expect(reloaded["player00"] == (100 + others.reduce(0, +)) / 6)
    }

    /// The histories derived in Swift from the kept season rows equal what the SQL they replaced computed.
    @Test func playerHistoriesEqualTheSQLDefinition() throws {
        let warehouse = try filled()
        _ = try PartitionWriter(warehouse: warehouse).replace(summary(days[2]) { $0 % 7 == 0 ? 0 : 3 * $0 % 29 }, runID: "b",
                                                              mode: .normal, loadedAt: "2026-01-09T00:00:00.000Z")
        try warehouse.writeStatements { tx in  // as `sql --write` does: seen by what was kept
            try tx.execute("""
                INSERT INTO nba_raw.nbac_schedule (game_id, game_date, home_team_tricode, away_team_tricode) VALUES ('g-next', '2026-01-08', 'DEN', 'BOS')
                """)
            // A player who changed teams: his latest team decides whether he plays, his earlier games still count.
            try tx.execute("UPDATE nba_analytics.player_game_summary SET team_abbr = 'BOS', points = NULL WHERE player_lookup = 'player40' AND game_date < '2026-01-05'")
            try tx.execute("UPDATE nba_analytics.player_game_summary SET usage_rate = NULL WHERE player_lookup = 'player41'")
        }
        // An earlier date first: the walk over the season is kept, and Jan 8's resumes from it.
        PlayerHistory.walks.removeAll()
        _ = try warehouse.read { tx in try PlayerHistory.playing(on: Day("2026-01-05")!, tx) }
        let derived = try warehouse.read { tx in try PlayerHistory.playing(on: Day("2026-01-08")!, tx) }
        let reference = try warehouse.read { tx in
            try tx.query("""
            WITH playing AS (
              SELECT home_team_tricode AS team FROM nba_raw.nbac_schedule WHERE game_date = ?1
              UNION SELECT away_team_tricode FROM nba_raw.nbac_schedule WHERE game_date = ?1),
            season AS (
              SELECT player_lookup, team_abbr, MAX(game_date) AS last_game, AVG(points) AS season_avg, COUNT(*) AS games
              FROM nba_analytics.player_game_summary WHERE season_year = ?2 AND game_date < ?1
              GROUP BY player_lookup),
            recent AS (
              SELECT s.player_lookup, s.team_abbr, s.last_game, s.season_avg, s.games, r.recency, r.points, r.minutes_played,
                     r.usage_rate, r.ts_pct
              FROM season s JOIN playing ON playing.team = s.team_abbr
              JOIN (SELECT player_lookup, points, minutes_played, usage_rate, ts_pct,
                           ROW_NUMBER() OVER (PARTITION BY player_lookup ORDER BY game_date DESC, game_id DESC) AS recency
                    FROM nba_analytics.player_game_summary
                    WHERE season_year = ?2 AND game_date < ?1
                      AND player_lookup IN (SELECT player_lookup FROM season JOIN playing ON playing.team = season.team_abbr)) r
                ON r.player_lookup = s.player_lookup AND r.recency <= 10)
            SELECT player_lookup, team_abbr, MAX(last_game) AS last_game, MAX(season_avg) AS season_avg, MAX(games) AS games,
                   AVG(CASE WHEN recency <= 5 THEN points END) AS l5, AVG(points) AS l10,
                   AVG(points * points) AS l10_square, AVG(minutes_played) AS minutes10, AVG(usage_rate) AS usage10,
                   AVG(ts_pct) AS ts10
            FROM recent GROUP BY player_lookup, team_abbr ORDER BY player_lookup
            """, [.text("2026-01-08"), .integer(2025)]).records
        }
        #expect(derived.count == reference.count)
        #expect(derived.count == 30, "DEN's thirty; not LAL's, though one of them played his first games for BOS")
        for (history, r) in zip(derived, reference) {
            #expect(history.player == r["player_lookup"]?.stringValue)
            #expect(history.team == r["team_abbr"]?.stringValue)
            #expect(history.lastGame?.description == r["last_game"]?.stringValue)
            #expect(history.games == r["games"]?.intValue)
            #expect(history.seasonAverage == r["season_avg"]?.doubleValue)
            #expect(history.last5 == r["l5"]?.doubleValue)
            #expect(history.last10 == r["l10"]?.doubleValue)
            #expect(history.minutes10 == r["minutes10"]?.doubleValue)
            #expect(history.usage10 == r["usage10"]?.doubleValue)
            #expect(history.trueShooting10 == r["ts10"]?.doubleValue)
        }
    }
}

/// Team pace over the last ten games, derived from the kept per-date team games, equals the window query it replaced
/// — to the last bit of the double (a game without a pace counts among the ten, not in the average; another
/// season's games do not count; a reload is seen).
@Suite(.serialized) struct KeptTeamPace {
    @Test func lastTenEqualsTheSQLDefinition() throws {
        let warehouse = try Fixtures.warehouse()
        let writer = PartitionWriter(warehouse: warehouse)
        let days = (0..<16).map { Day("2026-01-01")!.adding(days: $0) }
        func games(_ n: Int, _ day: Day, shift: Double = 0) -> PartitionRows {
            let teams = ["BOS", "DEN", "LAL", "NYK"]
            return PartitionRows(table: TableName(.analytics, "team_offense_game_summary"), partition: day.description,
                                 columns: ["game_id", "game_date", "team_abbr", "season_year", "pace"],
                                 rows: teams.enumerated().compactMap { index, team -> [SQLValue]? in
                                     if team == "NYK" && n % 3 == 1 { return nil }  // not every team plays every date
                                     let pace: SQLValue = team == "LAL" && n % 4 == 0 ? .null : .real(95.1 + Double((n * 7 + index * 3) % 11) * 0.37 + shift)
                                     return [.text("g\(n)-\(team)"), .text(day.description), .text(team), .integer(n == 0 ? 2024 : 2025), pace]
                                 })
        }
        for (n, day) in days.enumerated() {
            _ = try writer.replace(games(n, day), runID: "a", mode: .normal, loadedAt: "2026-01-20T00:00:00.000Z")
        }
        func reference(_ date: Day) throws -> [String: Double] {
            try warehouse.read { tx in
                var pace: [String: Double] = [:]
                for r in try tx.query("""
                    SELECT team_abbr, AVG(pace) AS pace FROM (
                      SELECT team_abbr, pace, ROW_NUMBER() OVER (PARTITION BY team_abbr ORDER BY game_date DESC) AS recency
                      FROM nba_analytics.team_offense_game_summary WHERE season_year = ?2 AND game_date < ?1)
                    WHERE recency <= 10 GROUP BY team_abbr
                    """, [.text(date.description), .integer(2025)]).records {
                    if let team = r["team_abbr"]?.stringValue, let value = r["pace"]?.doubleValue { pace[team] = value }
                }
                return pace
            }
        }
        for date in [days[1], days[5], days[11], days[15], days[15].adding(days: 1)] {
            let derived = try warehouse.read { try TeamPace.lastTen(before: date, $0) }
            #expect(derived == (try reference(date)), "\(date)")
        }
        let full = try warehouse.read { try TeamPace.lastTen(before: days[15].adding(days: 1), $0) }
        #expect(full.count == 4)
        _ = try writer.replace(games(14, days[14], shift: 3), runID: "b", mode: .normal, loadedAt: "2026-01-21T00:00:00.000Z")
        let reloaded = try warehouse.read { try TeamPace.lastTen(before: days[15].adding(days: 1), $0) }
        #expect(reloaded == (try reference(days[15].adding(days: 1))) && reloaded["BOS"] != full["BOS"], "a reload is seen")
    }
}

/// The kept-derivation store drops its oldest values first when full, and never holds more than its capacity.
@Suite struct DerivedCacheEviction {
    @Test func theOldestGoFirst() {
        let cache = DerivedCache<Int>(capacity: 3)
        for n in 0..<10 { cache.keep(n, under: "k\(n)") }
        #expect((0..<7).allSatisfy { cache.value("k\($0)") == nil })
        #expect((7..<10).map { cache.value("k\($0)") } == [7, 8, 9])
        cache.keep(70, under: "k7")  // kept again: replaced in place, nothing dropped
        #expect(cache.value("k7") == 70 && cache.value("k8") == 8)
        cache.keep(10, under: "k10")
        #expect(cache.value("k7") == nil && cache.value("k10") == 10)
        for n in 11..<100 { cache.keep(n, under: "k\(n)") }
        #expect((97..<100).map { cache.value("k\($0)") } == [97, 98, 99])
        #expect(cache.value("k96") == nil)
        cache.removeAll()
        #expect(cache.value("k99") == nil)
        cache.keep(1, under: "k1")
        #expect(cache.value("k1") == 1)
    }
}
