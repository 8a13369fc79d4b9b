import Foundation
import Warehouse

/// `explain predictions DATE`: how a date's active predictions were made — per system, tier and confidence, the
/// fallbacks used, each upstream partition they read (from the lineage on every row) and how stale it was, what the
/// warehouse holds now — and a verdict: keep, flag as low confidence, or regenerate (with the command).
public enum PredictionExplainer {
    public struct Verdict: Sendable, Equatable {
        public let decision: String
        public let reason: String
        public let command: String?
    }

    public static func explain(date: Day, player: String?, system: String?, warehouse: Warehouse)
        throws -> (table: ResultTable, verdict: Verdict?) {
        try warehouse.read { tx in
            var conditions = ["game_date = ?", "is_active = 1"]
            var arguments: [SQLValue] = [.text(date.description)]
            if let player { conditions.append("player_lookup = ?"); arguments.append(.text(player)) }
            if let system { conditions.append("system_id = ?"); arguments.append(.text(system)) }
            let rows = try tx.query("""
                SELECT system_id, quality_tier, confidence_score, warnings, upstream, created_at FROM nba_predictions.player_prop_predictions
                WHERE \(conditions.joined(separator: " AND "))
                """, arguments).rows
            var table = ResultTable(columns: ["section", "item", "value"])
            guard !rows.isEmpty else { return (table, nil) }
            func add(_ section: String, _ item: String, _ value: String) { table.rows.append([.text(section), .text(item), .text(value)]) }
            let made = rows.compactMap { $0[5].stringValue }.max() ?? ""
            add("made", "created_at", made)
            for (system, group) in Dictionary(grouping: rows, by: { $0[0].stringValue ?? "" }).sorted(by: { $0.key < $1.key }) {
                let confidences = group.compactMap { $0[2].doubleValue }
                add("system", system, String(format: "%d predictions, confidence %.2f–%.2f (mean %.2f)", group.count,
                                             confidences.min() ?? 0, confidences.max() ?? 0,
                                             confidences.reduce(0, +) / Double(max(1, confidences.count))))
            }
            for (tier, group) in Dictionary(grouping: rows, by: { $0[1].stringValue ?? "?" }).sorted(by: { $0.key < $1.key }) {
                add("tier", tier, "\(group.count)")
            }
            var fallbacks: [String: Int] = [:]
            for row in rows {
                let list = (row[3].stringValue.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String] }) ?? []
                for warning in list { fallbacks[warning, default: 0] += 1 }
            }
            for (warning, n) in fallbacks.sorted(by: { $0.key < $1.key }) { add("fallback", warning, "\(n) of \(rows.count)") }

            // Lineage: the partitions the newest prediction read, against what each should have been and what exists now.
            let newest = rows.max { ($0[5].stringValue ?? "") < ($1[5].stringValue ?? "") }
            let lineage = newest?[4].stringValue
                .flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] } ?? [:]
            var stale: [String] = [], repairable: [String] = [], missing: [String] = []
            let datasets = ["player_daily_cache": "nba_precompute", "ml_feature_store": "nba_precompute",
                            "player_composite_factors": "nba_precompute", "upcoming_player_game_context": "nba_analytics",
                            "player_game_summary": "nba_analytics", "odds_api_player_points_props": "nba_raw"]
            for (table, dataset) in datasets.sorted(by: { $0.key < $1.key }) {
                let expected = table == "player_game_summary" ? date.adding(days: -1).description : date.description
                let used = (lineage[table] as? [String: Any])?["partition"] as? String
                let age = (lineage[table] as? [String: Any])?["age_seconds"] as? Int
                let now = try tx.query("""
                    SELECT partition_date, loaded_at FROM \(dataset)._loads WHERE table_name = ? AND partition_date <= ? AND row_count > 0
                    ORDER BY partition_date DESC, load_id DESC LIMIT 1
                    """, [.text(table), .text(expected)]).rows.first
                let nowPartition = now?[0].stringValue
                var state = "current"
                if used == nil { state = "missing at prediction time"; missing.append(table) }
                else if used! < expected {
                    let behind = (Day(expected)!.ordinal - Day(used!)!.ordinal)
                    state = "\(behind) day\(behind == 1 ? "" : "s") behind (\(expected) expected)"
                    stale.append(table)
                }
                if let nowPartition, used.map({ nowPartition > $0 }) ?? true { repairable.append(table); state += "; now \(nowPartition) exists" }
                add("upstream", table, "\(used ?? "none") \(age.map { String(format: "(%.1f h old)", Double($0) / 3600) } ?? "") — \(state)")
            }
            let verdict: Verdict
            let problems = stale + missing
            if problems.isEmpty {
                verdict = Verdict(decision: "keep", reason: "every upstream partition was current when the predictions were made", command: nil)
            } else if !Set(problems).isDisjoint(with: repairable) {
                verdict = Verdict(decision: "regenerate",
                                  reason: "made without current upstream (\(problems.joined(separator: ", "))); newer data exists now",
                                  command: "backfill phase4 \(date) --through phase5")
            } else {
                verdict = Verdict(decision: "flag_low_confidence",
                                  reason: "made without current upstream (\(problems.joined(separator: ", "))), and it is still missing: repair upstream first (gaps shows what)",
                                  command: nil)
            }
            add("verdict", verdict.decision, verdict.reason + (verdict.command.map { "; run: \($0)" } ?? ""))
            return (table, verdict)
        }
    }
}
