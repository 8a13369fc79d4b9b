import Foundation
import Warehouse

/// `status`: the last run of each phase, the bus and its dead letters, open alerts and breakers — one table of
/// section, item, value.
public enum RuntimeStatus {
    public static func table(warehouse: Warehouse) throws -> ResultTable {
        try warehouse.read { tx in
            var rows: [[SQLValue]] = []
            for phase in ["phase2", "phase3", "phase4", "phase5", "grading"] {
                let last = try tx.query("""
                    SELECT processor_name, game_date, status, finished_at, error_message FROM nba_orchestration.runs
                    WHERE phase = ? AND kind = 'processor' ORDER BY finished_at DESC LIMIT 1
                    """, [.text(phase)]).rows.first
                let failures = try tx.scalar("""
                    SELECT COUNT(*) FROM nba_orchestration.runs WHERE phase = ? AND status = 'failed'
                    AND finished_at >= (SELECT COALESCE(MAX(finished_at), '') FROM nba_orchestration.runs WHERE phase = ? AND status = 'success')
                    """, [.text(phase), .text(phase)]).intValue ?? 0
                let text = last.map { r in
                    "\(r[2].stringValue ?? "?") — \(r[0].stringValue ?? "") for \(r[1].stringValue ?? "") at \(r[3].stringValue ?? "")"
                        + (failures > 0 ? "; \(failures) failures since its last success" : "")
                } ?? "never run"
                rows.append([.text("services"), .text(phase), .text(text)])
            }
            let scrape = try tx.query("""
                SELECT scraper_name, game_date, status, finished_at FROM nba_orchestration.scraper_execution_log ORDER BY finished_at DESC LIMIT 1
                """).rows.first
            rows.append([.text("services"), .text("phase1"), .text(scrape.map { "\($0[2].stringValue ?? "") — \($0[0].stringValue ?? "") for \($0[1].stringValue ?? "") at \($0[3].stringValue ?? "")" } ?? "never run")])
            let messages = try tx.scalar("SELECT COUNT(*) FROM nba_orchestration.messages").intValue ?? 0
            let pending = try tx.scalar("SELECT COUNT(*) FROM nba_orchestration.deliveries WHERE state IN ('pending', 'failed')").intValue ?? 0
            let unsubscribed = try tx.scalar("""
                SELECT COUNT(*) FROM nba_orchestration.messages m WHERE NOT EXISTS
                (SELECT 1 FROM nba_orchestration.deliveries d WHERE d.message_id = m.message_id)
                """).intValue ?? 0
            let dead = try tx.scalar("SELECT COUNT(*) FROM nba_orchestration.dead_letters WHERE replayed_at IS NULL AND purged_at IS NULL").intValue ?? 0
            rows.append([.text("bus"), .text("messages"), .text("\(messages) published, \(unsubscribed) with no subscription")])
            rows.append([.text("bus"), .text("deliveries pending"), .integer(Int64(pending))])
            rows.append([.text("bus"), .text("dead letters"), .integer(Int64(dead))])
            for row in try tx.query("""
                SELECT severity, COUNT(*) FROM nba_orchestration.alerts WHERE acknowledged_at IS NULL GROUP BY 1 ORDER BY 1
                """).rows {
                rows.append([.text("alerts"), .text("open \(row[0].stringValue ?? "")"), row[1]])
            }
            for row in try tx.query("""
                SELECT breaker_kind, breaker_key, state, opened_at FROM nba_orchestration.circuit_breaker_state WHERE state != 'closed'
                """).rows {
                rows.append([.text("breakers"), .text("\(row[0].stringValue ?? "") \(row[1].stringValue ?? "")"),
                             .text("\(row[2].stringValue ?? "") since \(row[3].stringValue ?? "")")])
            }
            return ResultTable(columns: ["section", "item", "value"], rows: rows)
        }
    }
}
