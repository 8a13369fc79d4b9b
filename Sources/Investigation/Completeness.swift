import Foundation
import Warehouse

/// The production 30-day completeness check (`check_30day_completeness.py`): per date with games, the schedule's
/// games against BallDontLie box scores, gamebooks, player analytics and predictions, and the dates whose analytics
/// rows per game fall below 70 % of the window's average.
public struct CompletenessCheck: Sendable {
    public struct Row: Sendable {
        public let date: Day
        public let scheduled: Int
        public let boxscores: Int
        public let gamebooks: Int
        public let analytics: Int
        public let rowsPerGame: Double
        public let predictions: Int
        public var issues: [String]
        public var fraction: Double { scheduled > 0 ? Double(analytics) / Double(scheduled) : 1 }
    }

    public let rows: [Row]

    public init(days: Int, today: Day, warehouse: Warehouse) throws {
        let first = today.adding(days: -days), last = today.adding(days: -1)
        var rows: [Row] = try warehouse.read { tx in
            let from = SQLValue.text(first.description), to = SQLValue.text(last.description)
            func perDate(_ sql: String) throws -> [String: [SQLValue]] { try countsByDate(sql, from: from, to: to, tx) }
            let scheduled = try perDate("SELECT game_date, COUNT(*) FROM nba_raw.nbac_schedule WHERE game_date BETWEEN ? AND ? GROUP BY 1")
            let bdl = try perDate("SELECT game_date, COUNT(DISTINCT game_id) FROM nba_raw.bdl_player_boxscores WHERE game_date BETWEEN ? AND ? GROUP BY 1")
            let gamebook = try perDate("SELECT game_date, COUNT(DISTINCT game_id) FROM nba_raw.nbac_gamebook_player_stats WHERE game_date BETWEEN ? AND ? GROUP BY 1")
            let analytics = try perDate("SELECT game_date, COUNT(DISTINCT game_id), COUNT(*) FROM nba_analytics.player_game_summary WHERE game_date BETWEEN ? AND ? GROUP BY 1")
            let predictions = try perDate("SELECT game_date, COUNT(*) FROM nba_predictions.player_prop_predictions WHERE game_date BETWEEN ? AND ? AND is_active = 1 GROUP BY 1")
            return DayRange(first, last)!.compactMap { day in
                let d = day.description
                guard let s = scheduled[d]?[0].intValue, s > 0 else { return nil }
                let a = analytics[d]?[0].intValue ?? 0, aRows = analytics[d]?[1].intValue ?? 0
                var issues: [String] = []
                let b = bdl[d]?[0].intValue ?? 0, g = gamebook[d]?[0].intValue ?? 0, p = predictions[d]?[0].intValue ?? 0
                if b < s { issues.append("missing_boxscores") }
                if g < s { issues.append("missing_gamebooks") }
                if a < s { issues.append("missing_player_analytics") }
                if p == 0 { issues.append("missing_predictions") }
                return Row(date: day, scheduled: s, boxscores: b, gamebooks: g, analytics: a,
                           rowsPerGame: a > 0 ? Double(aRows) / Double(a) : 0, predictions: p, issues: issues)
            }
        }
        let withRows = rows.filter { $0.rowsPerGame > 0 }
        let average = withRows.isEmpty ? 0 : withRows.reduce(0) { $0 + $1.rowsPerGame } / Double(withRows.count)
        for i in rows.indices where rows[i].rowsPerGame > 0 && rows[i].rowsPerGame < 0.7 * average {
            rows[i].issues.append("low_rows_per_game")
        }
        self.rows = rows
    }

    public var completeDates: Int { rows.filter(\.issues.isEmpty).count }
}
