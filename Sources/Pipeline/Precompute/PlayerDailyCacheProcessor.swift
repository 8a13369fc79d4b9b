import Foundation
import Warehouse

/// `nba_precompute.player_daily_cache` for `cache_date` D: for every player whose team plays on D, rolling points
/// over the last 5 and 10 games and the season, their spread, minutes, usage and shooting — from games strictly
/// before D, so nothing downstream sees the game it predicts.
public struct PlayerDailyCacheProcessor: PartitionProcessor {
    public let name = "PlayerDailyCacheProcessor"
    public let phase = PipelinePhase.phase4
    public let output = TableName(.precompute, "player_daily_cache")
    public let upstream = [TableName(.analytics, "player_game_summary"), TableName(.analytics, "team_offense_game_summary"),
                           TableName(.raw, "nbac_schedule")]
    /// Games before a player is production-ready (the reference's "≥ 5 games").
    static let minimumGames = 5
    public init() {}

    public func build(_ date: Day, in tx: WarehouseTransaction, context: ProcessingContext) throws -> PartitionRows {
        let day = SQLValue.text(date.description)
        let season = SQLValue.integer(Int64(NBAStatsCSVLoader.seasonYear(date)))
        let players = try tx.query("""
            WITH history AS MATERIALIZED (
              SELECT player_lookup, team_abbr, points, minutes_played, usage_rate, ts_pct, game_date,
                     ROW_NUMBER() OVER (PARTITION BY player_lookup ORDER BY game_date DESC, game_id DESC) AS recency
              FROM nba_analytics.player_game_summary WHERE season_year = ?2 AND game_date < ?1),
            playing AS (
              SELECT home_team_tricode AS team FROM nba_raw.nbac_schedule WHERE game_date = ?1
              UNION SELECT away_team_tricode FROM nba_raw.nbac_schedule WHERE game_date = ?1)
            SELECT h.player_lookup, l.team_abbr,
                   AVG(CASE WHEN recency <= 5 THEN points END) AS l5,
                   AVG(CASE WHEN recency <= 10 THEN points END) AS l10,
                   AVG(points) AS season_avg,
                   AVG(CASE WHEN recency <= 10 THEN points * points END) AS l10_square,
                   AVG(CASE WHEN recency <= 10 THEN minutes_played END) AS minutes10,
                   AVG(CASE WHEN recency <= 10 THEN usage_rate END) AS usage10,
                   AVG(CASE WHEN recency <= 10 THEN ts_pct END) AS ts10,
                   COUNT(*) AS games, MAX(game_date) AS last_game
            FROM history h JOIN (SELECT player_lookup, team_abbr FROM history WHERE recency = 1) l USING (player_lookup)
            WHERE l.team_abbr IN (SELECT team FROM playing)
            GROUP BY h.player_lookup, l.team_abbr ORDER BY h.player_lookup
            """, [day, season]).records
        let pace = try tx.query("""
            SELECT team_abbr, AVG(pace) AS pace FROM (
              SELECT team_abbr, pace, ROW_NUMBER() OVER (PARTITION BY team_abbr ORDER BY game_date DESC) AS recency
              FROM nba_analytics.team_offense_game_summary WHERE season_year = ?2 AND game_date < ?1)
            WHERE recency <= 10 GROUP BY team_abbr
            """, [day, season]).records
        let paceByTeam = Dictionary(uniqueKeysWithValues: pace.compactMap { r in r["team_abbr"]?.string.map { ($0, r["pace"]?.double) } })

        let columns = ["player_lookup", "universal_player_id", "cache_date", "team_abbr", "points_avg_last_5",
                       "points_avg_last_10", "points_avg_season", "points_std_last_10", "minutes_avg_last_10",
                       "usage_rate_last_10", "ts_pct_last_10", "games_played_season", "team_pace_last_10",
                       "completeness_percentage", "is_production_ready", "circuit_breaker_active",
                       "backfill_bootstrap_mode", "last_game_date", "processed_at"]
        let rows: [[SQLValue]] = players.map { r in
            let l10 = r["l10"]?.double ?? 0
            let variance = max(0, (r["l10_square"]?.double ?? 0) - l10 * l10)
            let games = r["games"]?.int ?? 0
            let team = r["team_abbr"]?.string ?? ""
            return [r["player_lookup"] ?? .null, r["player_lookup"] ?? .null, .text(date.description), .text(team),
                    rounded(r["l5"]?.double), rounded(r["l10"]?.double), rounded(r["season_avg"]?.double),
                    rounded(variance.squareRoot()), rounded(r["minutes10"]?.double), rounded(r["usage10"]?.double),
                    rounded(r["ts10"]?.double), .integer(Int64(games)), rounded(paceByTeam[team] ?? nil, 2),
                    rounded(min(100, Double(games) * 10), 1), .integer(games >= Self.minimumGames ? 1 : 0), .integer(0),
                    .integer(games < Self.minimumGames ? 1 : 0), r["last_game"] ?? .null, .text(context.processedAt)]
        }
        return PartitionRows(table: output, partition: date.description, columns: columns, rows: rows)
    }
}
