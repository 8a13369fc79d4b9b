import Foundation
import Warehouse

/// `explain gap DATE`: why a date is incomplete — which sources missed which games, which scrapes and runs failed
/// with which errors, which messages are dead-lettered or still pending, what the deadline and the validators said,
/// and the alerts raised. One table of section, item, value.
public enum GapExplainer {
    public static func explain(date: Day, today: Day, warehouse: Warehouse) throws -> ResultTable {
        let matrix = try GapMatrix(range: DayRange(date, date)!, today: today, warehouse: warehouse)
        var table = ResultTable(columns: ["section", "item", "value"])
        func add(_ section: String, _ item: String, _ value: String) { table.rows.append([.text(section), .text(item), .text(value)]) }
        if let row = matrix.rows.first {
            add("status", row.status.rawValue, "\(row.scheduled) scheduled; analytics \(row.analyticsGames), BallDontLie \(row.bdlGames), gamebook \(row.gamebookGames); \(row.predictions) active predictions")
        }
        try warehouse.read { tx in
            let d = SQLValue.text(date.description)
            let schedule = try tx.query("SELECT game_id, away_team_tricode || '@' || home_team_tricode FROM nba_raw.nbac_schedule WHERE game_date = ? ORDER BY game_id", [d]).rows
            for (label, table) in [("bdl_player_boxscores", "nba_raw.bdl_player_boxscores"), ("nbac_gamebook_player_stats", "nba_raw.nbac_gamebook_player_stats"),
                                   ("bigdataball_play_by_play", "nba_raw.bigdataball_play_by_play"), ("player_game_summary", "nba_analytics.player_game_summary")] {
                let present = Set(try tx.query("SELECT DISTINCT game_id FROM \(table) WHERE game_date = ?", [d]).rows.compactMap { $0[0].stringValue })
                let missing = schedule.filter { !present.contains($0[0].stringValue ?? "") }.compactMap { $0[1].stringValue }
                if !missing.isEmpty { add("source", label, "missing \(missing.count) of \(schedule.count): \(missing.joined(separator: ", "))") }
            }
            for row in try tx.query("""
                SELECT scraper_name, status, COUNT(*), MAX(COALESCE(missing, error_message, '')) FROM nba_orchestration.scraper_execution_log
                WHERE game_date = ? AND status != 'success' GROUP BY 1, 2 ORDER BY 1
                """, [d]).rows {
                add("scrape", row[0].stringValue ?? "", "\(row[2].intValue ?? 0) × \(row[1].stringValue ?? ""): \(row[3].stringValue ?? "")")
            }
            for row in try tx.query("""
                SELECT processor_name, COUNT(*), MAX(error_message) FROM nba_orchestration.runs
                WHERE game_date = ? AND status = 'failed' GROUP BY 1 ORDER BY 1
                """, [d]).rows {
                add("run", row[0].stringValue ?? "", "\(row[1].intValue ?? 0) failed: \(row[2].stringValue ?? "")")
            }
            for row in try tx.query("""
                SELECT d.dead_letter_id, d.subscription, d.attempts, d.last_error FROM nba_orchestration.dead_letters d
                JOIN nba_orchestration.messages m ON m.message_id = d.message_id
                WHERE m.game_date = ? AND d.replayed_at IS NULL AND d.purged_at IS NULL ORDER BY d.dead_letter_id
                """, [d]).rows {
                add("dead_letter", row[0].stringValue ?? "", "\(row[1].stringValue ?? "") after \(row[2].intValue ?? 0) attempts: \(row[3].stringValue ?? "")")
            }
            let unsubscribed = try tx.query("""
                SELECT topic, COUNT(*) FROM nba_orchestration.messages m WHERE game_date = ?
                AND NOT EXISTS (SELECT 1 FROM nba_orchestration.deliveries x WHERE x.message_id = m.message_id) GROUP BY 1
                """, [d]).rows
            for row in unsubscribed where (row[0].stringValue ?? "").contains("trigger") {
                add("message", row[0].stringValue ?? "", "\(row[1].intValue ?? 0) published with no subscriber: nothing ran from them")
            }
            for row in try tx.query("""
                SELECT from_phase || '→' || to_phase, trigger_reason, COALESCE(missing_processors, ''), triggered_at FROM nba_orchestration.phase_transitions
                WHERE game_date = ? AND from_phase = 'phase2' ORDER BY triggered_at
                """, [d]).rows {
                add("orchestrator", row[0].stringValue ?? "", "\(row[1].stringValue ?? "") at \(row[3].stringValue ?? "")" + ((row[2].stringValue ?? "").isEmpty ? "" : "; missing \(row[2].stringValue!)"))
            }
            for row in try tx.query("""
                SELECT boundary, check_name, severity, message FROM nba_orchestration.phase_boundary_validations
                WHERE game_date = ? AND passed = 0 GROUP BY boundary, check_name ORDER BY boundary, check_name
                """, [d]).rows {
                add("validator", "\(row[0].stringValue ?? "") \(row[1].stringValue ?? "")", "\(row[2].stringValue ?? ""): \(row[3].stringValue ?? "")")
            }
            for row in try tx.query("SELECT alert_type, severity, title FROM nba_orchestration.alerts WHERE game_date = ? ORDER BY raised_at", [d]).rows {
                add("alert", row[0].stringValue ?? "", "\(row[1].stringValue ?? ""): \(row[2].stringValue ?? "")")
            }
        }
        for repair in matrix.repairs { add("repair", "command", repair) }
        return table
    }
}
