import SourceFormats
import Warehouse

/// `nba_analytics.upcoming_team_game_context` for date D: per team playing on D, from what is known before tip-off —
/// rest and back-to-back from the schedule, the consensus spread and total from the latest game lines, both teams'
/// pace over their last 10 games, and how many of the team's usual starters are listed out on the injury report.
public struct UpcomingTeamGameContextProcessor: PartitionProcessor {
    public let name = "UpcomingTeamGameContextProcessor"
    public let phase = PipelinePhase.phase3
    public let output = TableName(.analytics, "upcoming_team_game_context")
    public let reads: Set<TableName>? = [TableName(.raw, "nbac_schedule"), TableName(.raw, "odds_api_game_lines"),
                                         TableName(.raw, "bdl_injuries"), TableName(.analytics, "player_game_summary"),
                                         TableName(.analytics, "team_offense_game_summary")]
    public let upstream = [TableName(.raw, "nbac_schedule"), TableName(.raw, "odds_api_game_lines"),
                           TableName(.raw, "bdl_injuries"), TableName(.analytics, "team_offense_game_summary")]
    public init() {}

    /// Reads rest from the schedule's last 30 days and the latest injury report (through D); pace from team games before D.
    public func window(of upstream: TableName) -> ReadWindow {
        switch upstream.table {
        case "nbac_schedule": return .throughDate
        case "bdl_injuries": return .throughDate
        case "team_offense_game_summary": return .beforeDate
        default: return .sameDate
        }
    }

    public func build(_ date: Day, in tx: WarehouseTransaction, context: ProcessingContext) throws -> PartitionRows {
        let day = SQLValue.text(date.description)
        let season = SQLValue.integer(Int64(NBAStatsCSVLoader.seasonYear(date)))
        let games = try TeamGame.byTeam(on: date, tx)
        let previousGames = try tx.query("""
            SELECT team, MAX(game_date) AS last_game FROM (
              SELECT home_team_tricode AS team, game_date FROM nba_raw.nbac_schedule WHERE game_date < ?1 AND game_date >= ?2
              UNION ALL SELECT away_team_tricode, game_date FROM nba_raw.nbac_schedule WHERE game_date < ?1 AND game_date >= ?2)
            GROUP BY team
            """, [day, .text(date.adding(days: -30).description)]).records
        let lastGame = Dictionary(uniqueKeysWithValues: previousGames.compactMap { r in
            r["team"]?.stringValue.map { ($0, r["last_game"]?.stringValue.flatMap(Day.init)) } })
        let paceByTeam = try TeamPace.lastTen(before: date, tx)
        // Latest snapshot per book, then the median across books: the consensus line.
        let lines = try tx.query("""
            SELECT home_team_abbr, market_key, outcome_name, outcome_point FROM (
              SELECT home_team_abbr, market_key, outcome_name, outcome_point,
                     ROW_NUMBER() OVER (PARTITION BY odds_api_event_id, bookmaker, market_key, outcome_name
                                        ORDER BY snapshot_timestamp DESC) AS newest
              FROM nba_raw.odds_api_game_lines WHERE game_date = ?)
            WHERE newest = 1 AND outcome_point IS NOT NULL
            """, [day]).records
        var spreads: [String: [Double]] = [:], totals: [String: [Double]] = [:]
        for line in lines {
            guard let home = line["home_team_abbr"]?.stringValue, let point = line["outcome_point"]?.doubleValue else { continue }
            let market = line["market_key"]?.stringValue, outcome = line["outcome_name"]?.stringValue ?? ""
            if market == "spreads", Teams.tricode(outcome) == home { spreads[home, default: []].append(point) }
            if market == "totals", outcome.lowercased() == "over" { totals[home, default: []].append(point) }
        }
        // Starters: a team's five most-used players over its last 10 games; "out" on the latest injury report.
        let startersOut = try tx.query("""
            WITH usual AS (
              SELECT team_abbr, player_lookup, ROW_NUMBER() OVER (PARTITION BY team_abbr ORDER BY SUM(minutes_played) DESC) AS rank
              FROM nba_analytics.player_game_summary
              WHERE season_year = ?2 AND game_date < ?1 AND game_date >= ?3 GROUP BY team_abbr, player_lookup),
            report AS (
              SELECT player_lookup, injury_status FROM nba_raw.bdl_injuries
              WHERE scrape_date = (SELECT MAX(scrape_date) FROM nba_raw.bdl_injuries WHERE scrape_date <= ?1))
            SELECT u.team_abbr, COUNT(*) AS out FROM usual u JOIN report r USING (player_lookup)
            WHERE u.rank <= 5 AND lower(r.injury_status) = 'out' GROUP BY u.team_abbr
            """, [day, season, .text(date.adding(days: -21).description)]).records
        let outByTeam = Dictionary(uniqueKeysWithValues: startersOut.compactMap { r in r["team_abbr"]?.stringValue.map { ($0, r["out"]?.intValue ?? 0) } })

        let columns = ["game_id", "game_date", "team_abbr", "opponent_team_abbr", "home_game", "is_back_to_back",
                       "team_days_rest", "game_spread", "game_total", "team_pace_last_10", "opponent_pace_last_10",
                       "starters_out_count", "completeness_percentage", "is_production_ready", "circuit_breaker_active",
                       "backfill_bootstrap_mode", "processed_at"]
        var rows: [[SQLValue]] = []
        for (home, game) in games.filter(\.value.home).sorted(by: { $0.value.gameID < $1.value.gameID }) {
            let (gameID, away) = (game.gameID, game.opponent)
            let spread = Self.median(spreads[home] ?? [])
            let total = Self.median(totals[home] ?? [])
            for (team, opponent, isHome) in [(home, away, true), (away, home, false)] {
                let rest = (lastGame[team] ?? nil).map { date.ordinal - $0.ordinal - 1 }
                let known = [rest != nil, paceByTeam[team] != nil, spread != nil, total != nil].filter { $0 }.count
                rows.append([.text(gameID), .text(date.description), .text(team), .text(opponent), .integer(isHome ? 1 : 0),
                             rest.map { .integer($0 == 0 ? 1 : 0) } ?? .null, SQLValue(rest),
                             spread.map { .real(isHome ? $0 : -$0) } ?? .null, SQLValue(total),
                             rounded(paceByTeam[team], 2), rounded(paceByTeam[opponent], 2),
                             .integer(Int64(outByTeam[team] ?? 0)), .real(Double(known) * 25),
                             .integer(known >= 3 ? 1 : 0), .integer(0), .integer(context.mode == .backfill ? 1 : 0),
                             .text(context.processedAt)])
            }
        }
        return PartitionRows(table: output, partition: date.description, columns: columns, rows: rows)
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
