import Foundation
import Warehouse

/// `nba_precompute.player_daily_cache` for `cache_date` D: for every player whose team plays on D, rolling points
/// over the last 5 and 10 games and the season, their spread, minutes, usage and shooting — from games strictly
/// before D, so nothing downstream sees the game it predicts.
public struct PlayerDailyCacheProcessor: PartitionProcessor {
    public let name = "PlayerDailyCacheProcessor"
    public let phase = PipelinePhase.phase4
    public let output = TableName(.precompute, "player_daily_cache")
    public let reads: Set<TableName>? = [TableName(.raw, "nbac_schedule"), TableName(.analytics, "player_game_summary"),
                                         TableName(.analytics, "team_offense_game_summary")]
    public let upstream = [TableName(.analytics, "player_game_summary"), TableName(.analytics, "team_offense_game_summary"),
                           TableName(.raw, "nbac_schedule")]
    /// Games before a player is production-ready (the reference's "≥ 5 games").
    static let minimumGames = 5
    public init() {}

    /// Reads the season's player-games and team games before D; D's schedule.
    public func window(of upstream: TableName) -> ReadWindow {
        switch upstream.table {
        case "player_game_summary": return .beforeDate
        case "team_offense_game_summary": return .beforeDate
        default: return .sameDate
        }
    }

    public func build(_ date: Day, in tx: WarehouseTransaction, context: ProcessingContext) throws -> PartitionRows {
        let players = try PlayerHistory.playing(on: date, tx)
        let paceByTeam = try TeamPace.lastTen(before: date, tx)

        let columns = ["player_lookup", "universal_player_id", "cache_date", "team_abbr", "points_avg_last_5",
                       "points_avg_last_10", "points_avg_season", "points_std_last_10", "minutes_avg_last_10",
                       "usage_rate_last_10", "ts_pct_last_10", "games_played_season", "team_pace_last_10",
                       "completeness_percentage", "is_production_ready", "circuit_breaker_active",
                       "backfill_bootstrap_mode", "last_game_date", "processed_at"]
        let rows: [[SQLValue]] = players.map { p in
            [.text(p.player), .text(p.player), .text(date.description), .text(p.team), rounded(p.last5), rounded(p.last10),
             rounded(p.seasonAverage), rounded(p.spread10), rounded(p.minutes10), rounded(p.usage10), rounded(p.trueShooting10),
             .integer(Int64(p.games)), rounded(paceByTeam[p.team], 2), rounded(min(100, Double(p.games) * 10), 1),
             .integer(p.games >= Self.minimumGames ? 1 : 0), .integer(0), .integer(p.games < Self.minimumGames ? 1 : 0),
             SQLValue(p.lastGame?.description), .text(context.processedAt)]
        }
        return PartitionRows(table: output, partition: date.description, columns: columns, rows: rows)
    }
}
