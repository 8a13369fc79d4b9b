import Foundation
import Pipeline
import Warehouse

extension ResultTable {
    /// Rows as dictionaries by column name.
    fileprivate var keyed: [[String: SQLValue]] { rows.map { Dictionary(uniqueKeysWithValues: zip(columns, $0)) } }
}

/// `explain run RUN_ID`: one processor run (or scraper execution) — what it was, when and how long, what it read
/// (the upstream partitions loaded before it started), what it wrote (its `_loads`), what it published, its errors.
public enum RunExplainer {
    public static func explain(runID: String, warehouse: Warehouse) throws -> ResultTable? {
        try warehouse.read { tx in
            var table = ResultTable(columns: ["section", "item", "value"])
            func add(_ section: String, _ item: String, _ value: String) { table.rows.append([.text(section), .text(item), .text(value)]) }
            let id = SQLValue.text(runID)
            if let run = try tx.query("""
                SELECT processor_name, phase, game_date, status, started_at, finished_at, duration_ms, rows_written, error_message,
                       trigger_source, correlation_id, backfill_mode FROM nba_orchestration.runs WHERE run_id = ?
                """, [id]).keyed.first {
                let name = run["processor_name"]?.stringValue ?? ""
                add("run", name, "\(run["phase"]?.stringValue ?? "") for \(run["game_date"]?.stringValue ?? ""): \(run["status"]?.stringValue ?? "")"
                    + (run["error_message"]?.stringValue.map { " — \($0)" } ?? ""))
                add("timing", "started → finished", "\(run["started_at"]?.stringValue ?? "") → \(run["finished_at"]?.stringValue ?? "") (\(run["duration_ms"]?.doubleValue.map { String(format: "%.0f ms simulated", $0) } ?? "?"))")
                add("trigger", run["trigger_source"]?.stringValue ?? "", "correlation \(run["correlation_id"]?.stringValue ?? ""), backfill_mode \(run["backfill_mode"]?.intValue == 1)")
                if let processor = PipelineRegistry.processor(named: name), let date = run["game_date"]?.stringValue,
                   let started = run["started_at"]?.stringValue {
                    for upstream in processor.upstream {
                        let load = try tx.query("""
                            SELECT partition_date, run_id, loaded_at, row_count FROM \(upstream.dataset.rawValue)._loads
                            WHERE table_name = ? AND partition_date <= ? AND loaded_at <= ? ORDER BY partition_date DESC, load_id DESC LIMIT 1
                            """, [.text(upstream.table), .text(date), .text(started)]).rows.first
                        add("input", upstream.description, load.map { "\($0[0].stringValue ?? "") (\($0[3].intValue ?? 0) rows, run \($0[1].stringValue ?? ""), loaded \($0[2].stringValue ?? ""))" } ?? "none loaded before the run")
                    }
                }
            } else if let scrape = try tx.query("""
                SELECT scraper_name, game_date, status, started_at, finished_at, pages, games_found, games_expected, missing, error_message
                FROM nba_orchestration.scraper_execution_log WHERE execution_id = ?
                """, [id]).keyed.first {
                add("scrape", scrape["scraper_name"]?.stringValue ?? "", "\(scrape["game_date"]?.stringValue ?? ""): \(scrape["status"]?.stringValue ?? ""), \(scrape["pages"]?.intValue ?? 0) pages, \(scrape["games_found"]?.intValue ?? 0)/\(scrape["games_expected"]?.intValue ?? 0) games"
                    + ((scrape["missing"]?.stringValue).map { "; missing \($0)" } ?? "") + ((scrape["error_message"]?.stringValue).map { " — \($0)" } ?? ""))
                add("timing", "started → finished", "\(scrape["started_at"]?.stringValue ?? "") → \(scrape["finished_at"]?.stringValue ?? "")")
            } else {
                return nil
            }
            for dataset in Dataset.allCases {
                for load in try tx.query("SELECT table_name, partition_date, row_count, content_hash, loaded_at FROM \(dataset.rawValue)._loads WHERE run_id = ?", [id]).rows {
                    add("output", "\(dataset.rawValue).\(load[0].stringValue ?? "")", "\(load[1].stringValue ?? ""): \(load[2].intValue ?? 0) rows at \(load[4].stringValue ?? "") (hash \(String((load[3].stringValue ?? "").prefix(12))))")
                }
            }
            for message in try tx.query("SELECT message_id, topic, status FROM nba_orchestration.messages WHERE payload LIKE ? ORDER BY message_id",
                                        [.text("%\"execution_id\":\"\(runID)\"%")]).rows {
                add("message", message[0].stringValue ?? "", "\(message[1].stringValue ?? "") (\(message[2].stringValue ?? ""))")
            }
            for error in try tx.query("SELECT error_type, retry_attempt, error_message FROM nba_orchestration.api_errors WHERE execution_id = ? ORDER BY occurred_at", [id]).rows {
                add("api_error", "\(error[0].stringValue ?? "") attempt \(error[1].intValue ?? 0)", error[2].stringValue ?? "")
            }
            return table
        }
    }
}
