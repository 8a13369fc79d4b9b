import Foundation
import Warehouse

/// `gaps`: per date, the scheduled games against what each phase holds, a status, and the games that are missing;
/// plus the commands that would repair the gaps.
public struct GapMatrix: Sendable {
    public struct Row: Sendable {
        public let date: Day
        public let scheduled: Int
        public let bdlGames: Int, bdlRows: Int, gamebookGames: Int, gamebookRows: Int
        public let analyticsGames: Int, analyticsRows: Int
        public let precomputePlayers: Int
        public let predictions: Int
        public let status: GapStatus
        public let missing: String
    }

    public let rows: [Row]

    public init(range: DayRange, today: Day, warehouse: Warehouse) throws {
        rows = try warehouse.read { tx in
            let from = SQLValue.text(range.first.description), to = SQLValue.text(range.last.description)
            func perDate(_ sql: String) throws -> [String: [SQLValue]] { try countsByDate(sql, from: from, to: to, tx) }
            let schedule = try tx.query("""
                SELECT game_date, game_id, away_team_tricode || '@' || home_team_tricode FROM nba_raw.nbac_schedule
                WHERE game_date BETWEEN ? AND ? ORDER BY game_id
                """, [from, to]).rows
            let games = Dictionary(grouping: schedule, by: { $0[0].stringValue ?? "" })
            let bdl = try perDate("SELECT game_date, COUNT(DISTINCT game_id), COUNT(*) FROM nba_raw.bdl_player_boxscores WHERE game_date BETWEEN ? AND ? GROUP BY 1")
            let gamebook = try perDate("SELECT game_date, COUNT(DISTINCT game_id), COUNT(*) FROM nba_raw.nbac_gamebook_player_stats WHERE game_date BETWEEN ? AND ? AND player_status = 'active' GROUP BY 1")
            let analytics = try perDate("SELECT game_date, COUNT(DISTINCT game_id), COUNT(*) FROM nba_analytics.player_game_summary WHERE game_date BETWEEN ? AND ? GROUP BY 1")
            let cache = try perDate("SELECT cache_date, COUNT(*) FROM nba_precompute.player_daily_cache WHERE cache_date BETWEEN ? AND ? GROUP BY 1")
            let predictions = try perDate("SELECT game_date, COUNT(*) FROM nba_predictions.player_prop_predictions WHERE game_date BETWEEN ? AND ? AND is_active = 1 GROUP BY 1")
            let analyticsGames = Set(try tx.query("SELECT DISTINCT game_id FROM nba_analytics.player_game_summary WHERE game_date BETWEEN ? AND ?", [from, to]).rows.compactMap { $0[0].stringValue })
            let bdlGames = Set(try tx.query("SELECT DISTINCT game_id FROM nba_raw.bdl_player_boxscores WHERE game_date BETWEEN ? AND ?", [from, to]).rows.compactMap { $0[0].stringValue })
            return range.map { day in
                let d = day.description
                let int = { (table: [String: [SQLValue]], i: Int) in table[d]?[i].intValue ?? 0 }
                let scheduled = games[d]?.count ?? 0
                let raw = max(int(bdl, 0), int(gamebook, 0))
                var status = GapStatus.classify(scheduled: scheduled, raw: raw, analytics: int(analytics, 0))
                var missing: [String] = []
                let played = day < today
                if scheduled > 0 && raw == 0 && !played {
                    missing = ["not played yet"]
                } else if scheduled > 0 {
                    let matchups = games[d] ?? []
                    let notInAnalytics = matchups.filter { !analyticsGames.contains($0[1].stringValue ?? "") }.compactMap { $0[2].stringValue }
                    let notInBDL = matchups.filter { !bdlGames.contains($0[1].stringValue ?? "") }.compactMap { $0[2].stringValue }
                    if !notInAnalytics.isEmpty && int(analytics, 0) > 0 { missing.append("analytics: " + notInAnalytics.joined(separator: ", ")) }
                    if !notInBDL.isEmpty && int(bdl, 0) < scheduled { missing.append("bdl: " + notInBDL.joined(separator: ", ")) }
                    // Analytics for every game and predictions made: BallDontLie's holes were covered by the gamebook.
                    if status == .partial && notInAnalytics.isEmpty && int(gamebook, 0) >= scheduled { status = .complete }
                }
                return Row(date: day, scheduled: scheduled, bdlGames: int(bdl, 0), bdlRows: int(bdl, 1),
                           gamebookGames: int(gamebook, 0), gamebookRows: int(gamebook, 1), analyticsGames: int(analytics, 0),
                           analyticsRows: int(analytics, 1), precomputePlayers: int(cache, 0), predictions: int(predictions, 0),
                           status: status, missing: missing.joined(separator: "; "))
            }
        }
    }

    /// The table, all phases or one (2 raw, 3 analytics, 4 precompute, 5 predictions).
    public func table(phase: Int? = nil) -> ResultTable {
        var columns = ["game_date", "scheduled"]
        let wanted: [(Int, [String])] = [(2, ["bdl_games", "bdl_rows", "gamebook_games", "gamebook_rows"]),
                                         (3, ["analytics_games", "analytics_rows"]), (4, ["precompute_players"]), (5, ["predictions"])]
        for (p, names) in wanted where phase == nil || phase == p { columns += names }
        columns += ["status", "missing"]
        return ResultTable(columns: columns, rows: rows.map { r in
            var values: [SQLValue] = [.text(r.date.description), .integer(Int64(r.scheduled))]
            if phase == nil || phase == 2 { values += [r.bdlGames, r.bdlRows, r.gamebookGames, r.gamebookRows].map { .integer(Int64($0)) } }
            if phase == nil || phase == 3 { values += [r.analyticsGames, r.analyticsRows].map { .integer(Int64($0)) } }
            if phase == nil || phase == 4 { values.append(.integer(Int64(r.precomputePlayers))) }
            if phase == nil || phase == 5 { values.append(.integer(Int64(r.predictions))) }
            return values + [.text(r.status.rawValue), r.missing.isEmpty ? .null : .text(r.missing)]
        })
    }

    /// What would repair the gaps: one command per run of dates needing the same thing.
    public var repairs: [String] {
        var lines: [String] = []
        func spans(_ status: GapStatus) -> [(Day, Day)] {
            var result: [(Day, Day)] = []
            for row in rows where row.status == status {
                if let last = result.last, last.1.adding(days: 1) == row.date { result[result.count - 1].1 = row.date } else { result.append((row.date, row.date)) }
            }
            return result
        }
        let text = { (a: Day, b: Day) in a == b ? a.description : "\(a)..\(b)" }
        for (a, b) in spans(.noRawData) where rows.first(where: { $0.date == a })?.missing != "not played yet" {
            lines.append("scrape all \(text(a, b))   # then: backfill phase2 \(text(a, b)) --through grading")
        }
        for (a, b) in spans(.needsBackfill) { lines.append("backfill phase3 \(text(a, b)) --through grading") }
        for (a, b) in spans(.partial) { lines.append("heal \(text(a, b))") }
        return lines
    }
}
