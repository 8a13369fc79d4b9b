import Foundation
import Warehouse

/// `nba_precompute.ml_feature_store` for date D: one feature vector per player in D's daily cache, each feature
/// tagged with where it came from. The quality score is the mean of the sources' weights — Phase 4 = 100, Phase 3 = 87,
/// default = 40 (a missing value replaced by a default) — capped at 69 when any required feature is defaulted and at
/// 49 when five or more are; tiers gold ≥ 95, silver ≥ 85, bronze ≥ 70, poor ≥ 50, else unusable.
public struct MLFeatureStoreProcessor: PartitionProcessor {
    public let name = "MLFeatureStoreProcessor"
    public let phase = PipelinePhase.phase4
    public let output = TableName(.precompute, "ml_feature_store")
    public let reads: Set<TableName>? = [TableName(.analytics, "upcoming_player_game_context"),
                                         TableName(.precompute, "player_daily_cache"),
                                         TableName(.precompute, "player_composite_factors")]
    public let upstream = [TableName(.precompute, "player_daily_cache"), TableName(.precompute, "player_composite_factors"),
                           TableName(.analytics, "upcoming_player_game_context")]
    public init() {}

    /// Reads D's cache, factors and context only.
    public func window(of upstream: TableName) -> ReadWindow { .sameDate }

    public static let version = "v1_18features"

    enum Source: String { case phase4, phase3, defaulted = "default" }

    struct Feature {
        let name: String
        let column: String
        let source: Source
        let fallback: Double
        let required: Bool
    }

    static let features: [Feature] = [
        Feature(name: "points_avg_last_5", column: "c.points_avg_last_5", source: .phase4, fallback: 10, required: true),
        Feature(name: "points_avg_last_10", column: "c.points_avg_last_10", source: .phase4, fallback: 10, required: true),
        Feature(name: "points_avg_season", column: "c.points_avg_season", source: .phase4, fallback: 10, required: true),
        Feature(name: "points_std_last_10", column: "c.points_std_last_10", source: .phase4, fallback: 5, required: false),
        Feature(name: "minutes_avg_last_10", column: "c.minutes_avg_last_10", source: .phase4, fallback: 20, required: true),
        Feature(name: "usage_rate_last_10", column: "c.usage_rate_last_10", source: .phase4, fallback: 20, required: false),
        Feature(name: "ts_pct_last_10", column: "c.ts_pct_last_10", source: .phase4, fallback: 0.55, required: false),
        Feature(name: "fatigue_score", column: "f.fatigue_score", source: .phase4, fallback: 100, required: true),
        Feature(name: "pace_score", column: "f.pace_score", source: .phase4, fallback: 0, required: false),
        Feature(name: "usage_spike_score", column: "f.usage_spike_score", source: .phase4, fallback: 0, required: false),
        Feature(name: "home_game", column: "x.home_game", source: .phase3, fallback: 0, required: true),
        Feature(name: "days_rest", column: "x.days_rest", source: .phase3, fallback: 1, required: false),
        Feature(name: "back_to_back", column: "x.back_to_back", source: .phase3, fallback: 0, required: false),
        Feature(name: "games_in_last_7_days", column: "x.games_in_last_7_days", source: .phase3, fallback: 3, required: false),
        Feature(name: "game_spread", column: "x.game_spread", source: .phase3, fallback: 0, required: false),
        Feature(name: "game_total", column: "x.game_total", source: .phase3, fallback: 225, required: false),
        Feature(name: "vegas_points_line", column: "x.current_points_line", source: .phase3, fallback: 0, required: false),
        Feature(name: "has_vegas_line", column: "x.has_prop_line", source: .phase3, fallback: 0, required: false),
    ]

    public func build(_ date: Day, in tx: WarehouseTransaction, context: ProcessingContext) throws -> PartitionRows {
        let select = Self.features.enumerated().map { "\($1.column) AS f\($0)" }.joined(separator: ", ")
        let records = try tx.query("""
            SELECT c.player_lookup, x.game_id, \(select)
            FROM nba_precompute.player_daily_cache c
            LEFT JOIN nba_precompute.player_composite_factors f ON f.game_date = c.cache_date AND f.player_lookup = c.player_lookup
            LEFT JOIN nba_analytics.upcoming_player_game_context x ON x.game_date = c.cache_date AND x.player_lookup = c.player_lookup
            WHERE c.cache_date = ? ORDER BY c.player_lookup
            """, [.text(date.description)]).records
        let columns = ["player_lookup", "game_id", "game_date", "feature_version", "feature_count", "features", "feature_names",
                       "feature_sources", "feature_quality_score", "quality_tier", "default_feature_count",
                       "completeness_percentage", "is_production_ready", "circuit_breaker_active", "backfill_bootstrap_mode",
                       "processed_at"]
        let names = "[" + Self.features.map { "\"\($0.name)\"" }.joined(separator: ",") + "]"
        let rows: [[SQLValue]] = records.map { r in
            var values: [Double] = []
            var sources: [Source] = []
            var requiredDefaults = 0
            for (index, feature) in Self.features.enumerated() {
                if let value = r["f\(index)"]?.doubleValue {
                    values.append(value)
                    sources.append(feature.source)
                } else {
                    values.append(feature.fallback)
                    sources.append(.defaulted)
                    if feature.required { requiredDefaults += 1 }
                }
            }
            let defaults = sources.filter { $0 == .defaulted }.count
            let score = Self.qualityScore(sources: sources, requiredDefaults: requiredDefaults)
            return [r["player_lookup"] ?? .null, r["game_id"] ?? .null, .text(date.description), .text(Self.version),
                    .integer(Int64(values.count)), .text("[" + values.map { Self.number($0) }.joined(separator: ",") + "]"),
                    .text(names), .text("[" + sources.map { "\"\($0.rawValue)\"" }.joined(separator: ",") + "]"),
                    rounded(score, 2), .text(Self.tier(score)), .integer(Int64(defaults)),
                    rounded(100 * Double(values.count - defaults) / Double(values.count), 1), .integer(score >= 70 ? 1 : 0),
                    .integer(0), .integer(context.mode == .backfill ? 1 : 0), .text(context.processedAt)]
        }
        return PartitionRows(table: output, partition: date.description, columns: columns, rows: rows)
    }

    static func qualityScore(sources: [Source], requiredDefaults: Int) -> Double {
        guard !sources.isEmpty else { return 0 }
        let weights = sources.map { $0 == .phase4 ? 100.0 : $0 == .phase3 ? 87.0 : 40.0 }
        var score = weights.reduce(0, +) / Double(weights.count)
        let defaults = sources.filter { $0 == .defaulted }.count
        if defaults >= 5 { score = min(score, 49) } else if requiredDefaults > 0 { score = min(score, 69) }
        return score
    }

    static func tier(_ score: Double) -> String {
        score >= 95 ? "gold" : score >= 85 ? "silver" : score >= 70 ? "bronze" : score >= 50 ? "poor" : "unusable"
    }

    static func number(_ value: Double) -> String {
        let rounded = (value * 10_000).rounded() / 10_000
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
