import Warehouse

/// How many of a date's active predictions are of low quality — the 30-minute alert check's question. Counted once per
/// load of the date's predictions partition and kept under its content key: the check asks every half hour of every
/// night, the partition changes a few times a day, and counting a date's rows cost ~3 ms.
public enum PredictionQuality {
    static let kept = DerivedCache<(low: Int, total: Int)>(capacity: 16)

    /// Active predictions on `date` that are poor, unusable or below a feature quality of 70, and all active ones.
    public static func lowQualityCounts(on date: Day, _ tx: WarehouseTransaction) throws -> (low: Int, total: Int) {
        let key = try LoadedPartitions.contentKey(TableName(.predictions, "player_prop_predictions"), on: date, tx)
        return try kept.kept(under: key) {
            let counts = try tx.query("""
                SELECT COUNT(*) FILTER (WHERE quality_tier IN ('poor', 'unusable') OR feature_quality_score < 70), COUNT(*)
                FROM nba_predictions.player_prop_predictions WHERE game_date = ? AND is_active = 1
                """, [.text(date.description)]).rows.first
            return (counts?[0].intValue ?? 0, counts?[1].intValue ?? 0)
        }
    }
}
