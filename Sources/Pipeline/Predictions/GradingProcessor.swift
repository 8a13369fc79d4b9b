import Warehouse

/// Phase 5b: `nba_predictions.prediction_accuracy` for date D — every active prediction against the points the
/// player actually scored (from `player_game_summary`). Players who did not play are voided, not scored.
public struct GradingProcessor: PartitionProcessor {
    public let name = "PredictionAccuracyProcessor"
    public let phase = PipelinePhase.grading
    public let output = TableName(.predictions, "prediction_accuracy")
    public let reads: Set<TableName>? = [TableName(.raw, "nbac_gamebook_player_stats"),
                                         TableName(.analytics, "player_game_summary"),
                                         TableName(.predictions, "player_prop_predictions")]
    public let upstream = [TableName(.predictions, "player_prop_predictions"), TableName(.analytics, "player_game_summary")]
    public init() {}

    /// Reads D's predictions against D's games.
    public func window(of upstream: TableName) -> ReadWindow { .sameDate }

    public func build(_ date: Day, in tx: WarehouseTransaction, context: ProcessingContext) throws -> PartitionRows {
        let records = try tx.query("""
            SELECT p.prediction_id, p.system_id, p.player_lookup, p.game_id, p.predicted_points, p.recommendation,
                   p.current_points_line, p.has_prop_line, s.points AS actual,
                   g.player_status, g.dnp_reason
            FROM nba_predictions.player_prop_predictions p
            LEFT JOIN nba_analytics.player_game_summary s ON s.game_date = p.game_date AND s.player_lookup = p.player_lookup
            LEFT JOIN nba_raw.nbac_gamebook_player_stats g ON g.game_date = p.game_date AND g.player_lookup = p.player_lookup
            WHERE p.game_date = ? AND p.is_active = 1
            ORDER BY p.system_id, p.player_lookup
            """, [.text(date.description)]).records
        let columns = ["system_id", "player_lookup", "game_id", "game_date", "prediction_id", "predicted_points",
                       "actual_points", "recommendation", "line_value", "absolute_error", "signed_error",
                       "prediction_correct", "within_3_points", "within_5_points", "is_voided", "void_reason", "graded_at"]
        var rows: [[SQLValue]] = []
        var seen = Set<String>()
        for r in records {
            guard let system = r["system_id"]?.stringValue, let player = r["player_lookup"]?.stringValue,
                seen.insert("\(system)/\(player)").inserted
            else { continue }
            let predicted = r["predicted_points"]?.doubleValue ?? 0
            let recommendation = r["recommendation"]?.stringValue ?? "PASS"
            let line = r["current_points_line"]?.doubleValue
            let common: [SQLValue] = [.text(system), .text(player), r["game_id"] ?? .null, .text(date.description),
                                      r["prediction_id"] ?? .null, rounded(predicted, 2)]
            guard let actual = r["actual"]?.intValue else {
                let reason = (r["dnp_reason"]?.stringValue ?? "").lowercased().contains("injury") ? "dnp_injury_confirmed"
                    : r["player_status"]?.stringValue == "inactive" ? "dnp_late_scratch" : "dnp_unknown"
                rows.append(common + [.null, .text(recommendation), line.map { .real($0) } ?? .null, .null, .null, .null,
                                      .null, .null, .integer(1), .text(reason), .text(context.processedAt)])
                continue
            }
            let error = predicted - Double(actual)
            rows.append(common + [.integer(Int64(actual)), .text(recommendation), line.map { .real($0) } ?? .null,
                                  rounded(abs(error), 2), rounded(error, 2),
                                  Self.correct(recommendation: recommendation, line: line, actual: actual),
                                  .integer(abs(error) <= 3 ? 1 : 0), .integer(abs(error) <= 5 ? 1 : 0), .integer(0), .null,
                                  .text(context.processedAt)])
        }
        return PartitionRows(table: output, partition: date.description, columns: columns, rows: rows)
    }

    /// NULL for PASS, NO_LINE, a missing line or a push.
    static func correct(recommendation: String, line: Double?, actual: Int) -> SQLValue {
        guard let line, recommendation == "OVER" || recommendation == "UNDER", Double(actual) != line else { return .null }
        let over = Double(actual) > line
        return .integer((recommendation == "OVER") == over ? 1 : 0)
    }
}
