import Warehouse

/// `nba_precompute.player_composite_factors` for date D, scored as the reference does from the player and team
/// contexts: fatigue (from 100: back-to-back −15, 3+ days of rest +5, 4+ games in 7 days −10, more than 240 minutes in
/// 7 days −10, more than 35 minutes a game −8, 2+ recent back-to-backs −12 or one −5; clamped 0–100; adjustment
/// (score − 100)/20), pace (differential/2 within ±3), usage spike (0.3·(projected − last 7 days) within ±3), and the
/// shot-zone mismatch: the player's zone shares against how much better or worse than the league his opponent defends
/// each zone (percentage points), within ±10. Zones estimated from the box score (no play-by-play) cost the reference's
/// 15 completeness points. A date whose team context is missing is an error, as in production: nothing is written.
public struct PlayerCompositeFactorsProcessor: PartitionProcessor {
    public let name = "PlayerCompositeFactorsProcessor"
    public let phase = PipelinePhase.phase4
    public let output = TableName(.precompute, "player_composite_factors")
    public let reads: Set<TableName>? = [TableName(.raw, "nbac_schedule"),
                                         TableName(.analytics, "upcoming_player_game_context"),
                                         TableName(.analytics, "upcoming_team_game_context"),
                                         TableName(.precompute, "player_shot_zone_analysis"),
                                         TableName(.precompute, "team_defense_zone_analysis")]
    public let upstream = [TableName(.analytics, "upcoming_player_game_context"), TableName(.analytics, "upcoming_team_game_context"),
                           TableName(.precompute, "player_shot_zone_analysis"), TableName(.precompute, "team_defense_zone_analysis")]
    public init() {}

    /// Reads D's contexts and zone analyses only.
    public func window(of upstream: TableName) -> ReadWindow { .sameDate }

    public struct MissingTeamContext: Error, CustomStringConvertible, Equatable {
        public let date: Day
        public var description: String {
            "upcoming_team_game_context has no rows for \(date): composite factors need it (backfill phase3 \(date) first)"
        }
    }

    public func build(_ date: Day, in tx: WarehouseTransaction, context: ProcessingContext) throws -> PartitionRows {
        let day = SQLValue.text(date.description)
        let players = try tx.query("SELECT * FROM nba_analytics.upcoming_player_game_context WHERE game_date = ? ORDER BY player_lookup", [day]).records
        let teams = try tx.scalar("SELECT COUNT(*) FROM nba_analytics.upcoming_team_game_context WHERE game_date = ?", [day])
        let scheduled = try tx.scalar("SELECT COUNT(*) FROM nba_raw.nbac_schedule WHERE game_date = ?", [day])
        if (scheduled.intValue ?? 0) > 0 && (teams.intValue ?? 0) == 0 { throw MissingTeamContext(date: date) }
        let zones = try ZoneMatchups(on: date, tx)

        let columns = ["player_lookup", "game_id", "game_date", "fatigue_score", "fatigue_adjustment", "shot_zone_mismatch_score",
                       "pace_score", "usage_spike_score", "referee_adjustment", "look_ahead_adjustment",
                       "matchup_history_adjustment", "momentum_adjustment", "total_composite_adjustment",
                       "completeness_percentage", "is_production_ready", "circuit_breaker_active", "backfill_bootstrap_mode",
                       "processed_at"]
        let rows: [[SQLValue]] = players.map { r in
            let fatigue = Self.fatigue(backToBack: r["back_to_back"]?.intValue == 1, daysRest: r["days_rest"]?.intValue,
                                       gamesInWeek: r["games_in_last_7_days"]?.intValue ?? 0,
                                       minutesInWeek: r["minutes_in_last_7_days"]?.doubleValue ?? 0,
                                       backToBacksInTwoWeeks: r["back_to_backs_last_14_days"]?.intValue ?? 0)
            let fatigueAdjustment = (fatigue - 100) / 20
            let pace = Self.clamp((r["pace_differential"]?.doubleValue ?? 0) / 2, 3)
            let usage = Self.clamp(0.3 * ((r["projected_usage_rate"]?.doubleValue ?? 0) - (r["usage_rate_last_7_days"]?.doubleValue ?? r["projected_usage_rate"]?.doubleValue ?? 0)), 3)
            let player = r["player_lookup"]?.stringValue ?? ""
            let matchup = zones.matchup(player: player, opponent: r["opponent_team_abbr"]?.stringValue ?? "")
            let mismatch = matchup?.mismatchScore ?? 0
            let penalty = (matchup?.fromPlayByPlay ?? false) ? 0.0 : PlayerShotZoneAnalysisProcessor.fallbackPenalty
            let completeness = max(0, (r["completeness_percentage"]?.doubleValue ?? 0) - penalty)
            return [r["player_lookup"] ?? .null, r["game_id"] ?? .null, .text(date.description), rounded(fatigue, 1),
                    rounded(fatigueAdjustment, 3), rounded(mismatch, 3), rounded(pace, 3), rounded(usage, 3), .real(0), .real(0),
                    .real(0), .real(0), rounded(fatigueAdjustment + pace + usage + mismatch / 10, 3), rounded(completeness, 1),
                    .integer(completeness >= 70 ? 1 : 0), .integer(0), .integer(context.mode == .backfill ? 1 : 0),
                    .text(context.processedAt)]
        }
        return PartitionRows(table: output, partition: date.description, columns: columns, rows: rows)
    }

    static func fatigue(backToBack: Bool, daysRest: Int?, gamesInWeek: Int, minutesInWeek: Double, backToBacksInTwoWeeks: Int) -> Double {
        var score = 100.0
        if backToBack { score -= 15 } else if let rest = daysRest, rest >= 3 { score += 5 }
        if gamesInWeek >= 4 { score -= 10 }
        if minutesInWeek > 240 { score -= 10 }
        if gamesInWeek > 0 && minutesInWeek / Double(gamesInWeek) > 35 { score -= 8 }
        if backToBacksInTwoWeeks >= 2 { score -= 12 } else if backToBacksInTwoWeeks == 1 { score -= 5 }
        return min(100, max(0, score))
    }

    static func clamp(_ value: Double, _ limit: Double) -> Double { min(limit, max(-limit, value)) }
}
