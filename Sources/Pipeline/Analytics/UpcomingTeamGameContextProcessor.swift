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
        let outByTeam = try Self.startersOut(on: date, tx)

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

    /// Per team, how many of its usual starters — its five players with the most minutes this season in the 21 days
    /// before D, ties to the player first by name — are listed out on the latest injury report through D. Minutes come
    /// from the season's player-games kept per loaded partition (`SeasonGames`), not a grouped, ranked query per build.
    static func startersOut(on date: Day, _ tx: WarehouseTransaction) throws -> [String: Int] {
        let out = Set(try InjuryReport.latest(through: date, tx).filter { $0.status == "out" }.map(\.player))
        guard !out.isEmpty else { return [:] }
        let season = NBAStatsCSVLoader.seasonYear(date)
        var minutes: [String: [String: Double?]] = [:]
        for (_, games) in try SeasonGames.players(from: date.adding(days: -21), before: date, tx) {
            for index in games.indices where games[index].seasonYear == season {
                guard let team = games[index].team else { continue }
                let played = games[index].minutes
                // As SQL's SUM: NULL until a player has a game with minutes.
                let sum = minutes[team]?[games[index].player] ?? nil
                minutes[team, default: [:]][games[index].player] = played.map { (sum ?? 0) + $0 } ?? sum
            }
        }
        var counts: [String: Int] = [:]
        for (team, players) in minutes {
            let usual = players.sorted { a, b in
                let (x, y) = (a.value ?? -.infinity, b.value ?? -.infinity)
                return x != y ? x > y : a.key < b.key
            }.prefix(5)
            let listed = usual.filter { out.contains($0.key) }.count
            if listed > 0 { counts[team] = listed }
        }
        return counts
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
