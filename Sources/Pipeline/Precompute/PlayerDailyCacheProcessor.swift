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
        // One pass over the season before D for each player's latest team, season average and games; then, for the
        // players whose team plays on D only, their last 5 and 10 games through the (player_lookup, game_date) index.
        let players = try tx.query("""
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
