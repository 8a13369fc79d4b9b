import Foundation
import Pipeline
import Warehouse

/// Phase boundary validation (pipeline-domain §7): game ratio (warn < 0.8, error < 0.5), missing required processors
/// (error), quality (warn < 0.7, error < 0.5), written to `phase_boundary_validations`. WARNING boundaries report;
/// the BLOCKING one (4-5) stops predictions on an error.
public struct BoundaryValidator: Sendable {
    public struct Check: Sendable {
        public let boundary: String
        public let name: String
        public let mode: String
        public let severity: String
        public let passed: Bool
        public let expected: Double?
        public let actual: Double?
        public let message: String
    }

    public static let boundaries = ["1-2", "2-3", "3-4", "4-5"]
    static let modes = ["1-2": "WARNING", "2-3": "WARNING", "3-4": "WARNING", "4-5": "BLOCKING"]

    let warehouse: Warehouse

    public init(warehouse: Warehouse) { self.warehouse = warehouse }

    public func validate(_ date: Day, boundary: String, at instant: String) throws -> [Check] {
        let mode = Self.modes[boundary] ?? "WARNING"
        let checks: [Check] = try warehouse.read { tx in
            let d = SQLValue.text(date.description)
            func count(_ sql: String) throws -> Double { try tx.scalar(sql, [d]).doubleValue ?? 0 }
            let scheduled = try count("SELECT COUNT(*) FROM nba_raw.nbac_schedule WHERE game_date = ?")
            var result: [Check] = []
            func ratio(_ name: String, _ found: Double, _ of: Double) {
                let value = of > 0 ? found / of : 1
                let severity = value < 0.5 ? "error" : value < 0.8 ? "warning" : "ok"
                result.append(Check(boundary: boundary, name: name, mode: mode, severity: severity, passed: severity == "ok",
                                    expected: of, actual: found,
                                    message: String(format: "%.0f of %.0f (%.0f%%)", found, of, value * 100)))
            }
            func quality(_ name: String, _ value: Double?) {
                guard let value else { return }
                let severity = value < 0.5 ? "error" : value < 0.7 ? "warning" : "ok"
                result.append(Check(boundary: boundary, name: name, mode: mode, severity: severity, passed: severity == "ok",
                                    expected: 0.7, actual: value, message: String(format: "%.2f", value)))
            }
            func missing(_ name: String, _ tables: [TableName]) throws {
                var absent: [String] = []
                for table in tables {
                    let loaded = try tx.scalar("SELECT COUNT(*) FROM \(table.dataset.rawValue)._loads WHERE table_name = ? AND partition_date = ? AND row_count > 0",
                                               [.text(table.table), d]).intValue ?? 0
                    if loaded == 0 { absent.append(table.table) }
                }
                result.append(Check(boundary: boundary, name: name, mode: mode, severity: absent.isEmpty ? "ok" : "error",
                                    passed: absent.isEmpty, expected: Double(tables.count), actual: Double(tables.count - absent.count),
                                    message: absent.isEmpty ? "all present" : "missing " + absent.joined(separator: ", ")))
            }
            switch boundary {
            case "1-2", "2-3":
                ratio("game_ratio_boxscores", try count("SELECT COUNT(DISTINCT game_id) FROM nba_raw.bdl_player_boxscores WHERE game_date = ?"), scheduled)
                ratio("game_ratio_gamebook", try count("SELECT COUNT(DISTINCT game_id) FROM nba_raw.nbac_gamebook_player_stats WHERE game_date = ?"), scheduled)
                if boundary == "2-3" {
                    try missing("required_processors", PipelineRegistry.requiredPhase2.map { TableName(.raw, $0) })
                }
            case "3-4":
                ratio("game_ratio_analytics", try count("SELECT COUNT(DISTINCT game_id) FROM nba_analytics.player_game_summary WHERE game_date = ?"), scheduled)
                try missing("required_processors", [TableName(.analytics, "player_game_summary"), TableName(.analytics, "team_offense_game_summary")])
                quality("quality", try tx.scalar("SELECT AVG(quality_score) / 100.0 FROM nba_analytics.player_game_summary WHERE game_date = ?", [d]).doubleValue)
            default:
                let players = try count("SELECT COUNT(*) FROM nba_analytics.upcoming_player_game_context WHERE game_date = ?")
                ratio("player_ratio_features", try count("SELECT COUNT(*) FROM nba_precompute.ml_feature_store WHERE game_date = ?"), players)
                try missing("required_processors", [TableName(.precompute, "player_daily_cache"), TableName(.precompute, "ml_feature_store")])
                quality("quality", try tx.scalar("SELECT AVG(feature_quality_score) / 100.0 FROM nba_precompute.ml_feature_store WHERE game_date = ?", [d]).doubleValue)
            }
            return result
        }
        try warehouse.write { tx in
            for (index, check) in checks.enumerated() {
                try tx.execute("""
                    INSERT OR REPLACE INTO nba_orchestration.phase_boundary_validations (validation_id, game_date, boundary, check_name,
                      mode, severity, passed, expected_value, actual_value, message, validated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)
                    """, [.text("\(date)|\(boundary)|\(check.name)|\(instant)|\(index)"), .text(date.description), .text(boundary),
                          .text(check.name), .text(check.mode), .text(check.severity), .integer(check.passed ? 1 : 0),
                          SQLValue(check.expected), SQLValue(check.actual), .text(check.message), .text(instant)])
            }
        }
        return checks
    }
}

extension PipelineRuntime {
    @discardableResult
    func validateBoundary(_ date: Day, _ boundary: String) -> [BoundaryValidator.Check] {
        let checks = (try? BoundaryValidator(warehouse: warehouse).validate(date, boundary: boundary, at: nowStamp)) ?? []
        for check in checks where !check.passed {
            log.record(check.severity == "error" ? .error : .warning, "validator", "\(boundary) \(date) \(check.name): \(check.severity) (\(check.message))",
                       gameDate: date.description)
        }
        return checks
    }
}
