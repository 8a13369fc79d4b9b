import Foundation
import Warehouse

/// `moving_average` predictions for date D from D's `player_daily_cache`: 0.5·L5 + 0.3·L10 + 0.2·season, home +0.5,
/// away −0.5, back-to-back −1.5. The line is the actual prop (DraftKings → FanDuel → any), else the L5 average
/// rounded to 0.5 (`ESTIMATED_AVG`). Bet rule: edge > 2 and confidence > 0.45, else PASS; NO_LINE without a prop.
public struct MovingAveragePredictor: PartitionProcessor {
    public let name = "MovingAveragePredictor"
    public let phase = PipelinePhase.phase5
    public let output = TableName(.predictions, "player_prop_predictions")
    public let upstream = [TableName(.precompute, "player_daily_cache"), TableName(.raw, "odds_api_player_points_props")]
    public static let systemID = "moving_average"
    public init() {}

    public func build(_ date: Day, in tx: WarehouseTransaction, context: ProcessingContext) throws -> PartitionRows {
        let day = SQLValue.text(date.description)
        let cache = try tx.query("""
            SELECT c.*, (SELECT MAX(game_date) FROM nba_analytics.player_game_summary p
                         WHERE p.player_lookup = c.player_lookup AND p.game_date < ?1) AS last_game
            FROM nba_precompute.player_daily_cache c WHERE c.cache_date = ?1 ORDER BY c.player_lookup
            """, [day]).records
        let schedule = try tx.query(
            "SELECT home_team_tricode AS home, away_team_tricode AS away FROM nba_raw.nbac_schedule WHERE game_date = ?", [day]).records
        var games: [String: (gameID: String, home: Bool)] = [:]
        for game in schedule {
            guard let home = game["home"]?.string, let away = game["away"]?.string else { continue }
            let id = NBAStatsCSVLoader.gameKey(date, away: away, home: home)
            games[home] = (id, true)
            games[away] = (id, false)
        }
        let lineage = try tx.query("""
            SELECT run_id, loaded_at FROM nba_precompute._loads WHERE table_name = 'player_daily_cache' AND partition_date = ?
            ORDER BY load_id DESC LIMIT 1
            """, [day]).records.first
        let upstream = "{\"player_daily_cache\":{\"partition\":\"\(date)\",\"run_id\":\(Self.json(lineage?["run_id"]?.string)),\"loaded_at\":\(Self.json(lineage?["loaded_at"]?.string))}}"
        let props = try PropLines.latest(on: date, in: tx)

        let columns = ["prediction_id", "system_id", "player_lookup", "game_date", "game_id", "prediction_version",
                       "predicted_points", "confidence_score", "recommendation", "has_prop_line", "current_points_line",
                       "line_margin", "line_source", "line_source_api", "sportsbook", "was_line_fallback", "quality_tier",
                       "feature_quality_score", "is_active", "superseded_by", "warnings", "upstream", "run_id", "created_at"]
        var rows: [[SQLValue]] = []
        for r in cache {
            guard let player = r["player_lookup"]?.string, let team = r["team_abbr"]?.string, let game = games[team],
                let l5 = r["points_avg_last_5"]?.double, let l10 = r["points_avg_last_10"]?.double,
                let seasonAverage = r["points_avg_season"]?.double
            else { continue }  // no history: NEEDS_BOOTSTRAP, skipped as in production
            let gamesPlayed = r["games_played_season"]?.int ?? 0
            let backToBack = r["last_game"]?.string.flatMap(Day.init).map { $0.adding(days: 1) == date } ?? false
            let predicted = Self.predict(l5: l5, l10: l10, season: seasonAverage, home: game.home, backToBack: backToBack)
            let ready = (r["is_production_ready"]?.int ?? 0) == 1
            let tier = ready ? (gamesPlayed >= 10 ? "gold" : "silver") : "bronze"
            let confidence = Self.confidence(games: gamesPlayed, spread: r["points_std_last_10"]?.double ?? 0, tier: tier)
            let prop = props[player]
            let line = prop?.line ?? (l5 * 2).rounded() / 2
            let recommendation = prop == nil ? "NO_LINE" : Self.recommend(predicted: predicted, line: line, confidence: confidence)
            var warnings: [String] = []
            if prop == nil { warnings.append("ESTIMATED_LINE") }
            if !ready { warnings.append("BOOTSTRAP_HISTORY") }
            rows.append([
                .text("\(Self.systemID)-\(date)-\(player)"), .text(Self.systemID), .text(player), .text(date.description),
                .text(game.gameID), .integer(1), rounded(predicted, 2), rounded(confidence, 3), .text(recommendation),
                .integer(prop == nil ? 0 : 1), .real(line), rounded(predicted - line, 2),
                .text(prop == nil ? "ESTIMATED_AVG" : "ACTUAL_PROP"), .text(prop == nil ? "ESTIMATED" : "ODDS_API"),
                prop.map { .text($0.bookmaker) } ?? .null, .integer(prop == nil ? 1 : 0), .text(tier),
                .real(ready ? 100 : 87), .integer(1), .null,
                warnings.isEmpty ? .null : .text("[" + warnings.map { "\"\($0)\"" }.joined(separator: ",") + "]"),
                .text(upstream), .text(context.runID), .text(context.processedAt),
            ])
        }
        return PartitionRows(table: output, partition: date.description, columns: columns, rows: rows)
    }

    static func predict(l5: Double, l10: Double, season: Double, home: Bool, backToBack: Bool) -> Double {
        max(0, 0.5 * l5 + 0.3 * l10 + 0.2 * season + (home ? 0.5 : -0.5) + (backToBack ? -1.5 : 0))
    }

    /// 0.5, up with games seen, down with volatility, within 0.2–0.8, capped by the quality tier.
    static func confidence(games: Int, spread: Double, tier: String) -> Double {
        let raw = 0.5 + 0.3 * Double(min(games, 10)) / 10 - min(0.3, spread / 25)
        let cap = ["gold": 1.0, "silver": 0.95, "bronze": 0.80][tier] ?? 0.6
        return min(cap, min(0.8, max(0.2, raw)))
    }

    static func recommend(predicted: Double, line: Double, confidence: Double) -> String {
        let edge = predicted - line
        guard confidence > 0.45 else { return "PASS" }
        if edge > 2 { return "OVER" }
        if edge < -2 { return "UNDER" }
        return "PASS"
    }

    static func json(_ text: String?) -> String { text.map { "\"\($0)\"" } ?? "null" }
}
