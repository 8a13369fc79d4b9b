import Warehouse

/// `nba_analytics.upcoming_player_game_context` for date D: per player whose team plays on D (roster from the
/// season's games before D), the prop line (current and opening), the game's spread and total and the pace
/// differential from the team context, rest and recent load over 7 and 14 days, recent scoring and usage, and the
/// latest injury status.
public struct UpcomingPlayerGameContextProcessor: PartitionProcessor {
    public let name = "UpcomingPlayerGameContextProcessor"
    public let phase = PipelinePhase.phase3
    public let output = TableName(.analytics, "upcoming_player_game_context")
    public let reads: Set<TableName>? = [TableName(.raw, "nbac_schedule"), TableName(.raw, "odds_api_player_points_props"),
                                         TableName(.raw, "bdl_injuries"), TableName(.analytics, "player_game_summary"),
                                         TableName(.analytics, "upcoming_team_game_context")]
    public let upstream = [TableName(.analytics, "player_game_summary"), TableName(.analytics, "upcoming_team_game_context"),
                           TableName(.raw, "odds_api_player_points_props"), TableName(.raw, "bdl_injuries")]
    public init() {}

    /// Reads the season's player-games before D; the latest injury report through D.
    public func window(of upstream: TableName) -> ReadWindow {
        switch upstream.table {
        case "player_game_summary": return .beforeDate
        case "bdl_injuries": return .throughDate
        default: return .sameDate
        }
    }

    struct RecentLoad {
        var dates: [Day] = []
        var minutes: [Double] = []
        var usage: [Double] = []
    }

    public func build(_ date: Day, in tx: WarehouseTransaction, context: ProcessingContext) throws -> PartitionRows {
        let day = SQLValue.text(date.description)
        let history = try PlayerHistory.playing(on: date, tx)
        let teams = try tx.query("""
            SELECT team_abbr, game_id, opponent_team_abbr, home_game, game_spread, game_total, team_pace_last_10, opponent_pace_last_10
            FROM nba_analytics.upcoming_team_game_context WHERE game_date = ?
            """, [day]).records
        let teamContext = Dictionary(teams.compactMap { r in r["team_abbr"]?.stringValue.map { ($0, r) } }, uniquingKeysWith: { a, _ in a })
        // The last 14 days' player-games, date by date from the season's rows kept per loaded partition (`SeasonGames`).
        var recent: [String: RecentLoad] = [:]
        let week = date.adding(days: -7)
        for (played, games) in try SeasonGames.players(from: date.adding(days: -14), before: date, tx) {
            for index in games.indices {
                let player = games[index].player
                recent[player, default: RecentLoad()].dates.append(played)
                recent[player, default: RecentLoad()].minutes.append(games[index].minutes ?? 0)
                if let usage = games[index].usage, played >= week { recent[player, default: RecentLoad()].usage.append(usage) }
            }
        }
        let lines = try tx.query("""
            SELECT player_lookup, bookmaker, points_line, snapshot_timestamp FROM nba_raw.odds_api_player_points_props
            WHERE game_date = ? AND (minutes_before_tipoff IS NULL OR minutes_before_tipoff >= 0) AND points_line IS NOT NULL
            ORDER BY snapshot_timestamp
            """, [day]).records
        var opening: [String: Double] = [:]
        for line in lines { if let player = line["player_lookup"]?.stringValue, opening[player] == nil { opening[player] = line["points_line"]?.doubleValue } }
        let current = try PropLines.latest(on: date, in: tx)
        var status: [String: String] = [:]
        for (player, listed) in try InjuryReport.latest(through: date, tx) { status[player] = listed }

        let columns = ["player_lookup", "universal_player_id", "game_id", "game_date", "team_abbr", "opponent_team_abbr",
                       "home_game", "has_prop_line", "current_points_line", "opening_points_line", "line_movement",
                       "game_spread", "game_total", "pace_differential", "back_to_back", "days_rest", "games_in_last_7_days",
                       "games_in_last_14_days", "minutes_in_last_7_days", "minutes_in_last_14_days",
                       "back_to_backs_last_14_days", "projected_usage_rate", "usage_rate_last_7_days", "points_avg_last_5",
                       "points_avg_last_10", "player_status", "completeness_percentage", "is_production_ready",
                       "circuit_breaker_active", "backfill_bootstrap_mode", "processed_at"]
        var rows: [[SQLValue]] = []
        for player in history {
            guard let team = teamContext[player.team], let gameID = team["game_id"]?.stringValue else { continue }
            let load = recent[player.player] ?? RecentLoad()
            let inWeek = zip(load.dates, load.minutes).filter { $0.0 >= week }
            let backToBacks = zip(load.dates, load.dates.dropFirst()).filter { $0.0.adding(days: 1) == $0.1 }.count
            let rest = player.lastGame.map { date.ordinal - $0.ordinal - 1 }
            let line = current[player.player]?.line
            let open = opening[player.player]
            let pace: Double? = team["team_pace_last_10"]?.doubleValue.flatMap { own in team["opponent_pace_last_10"]?.doubleValue.map { own - $0 } }
            let weekUsage = load.usage.isEmpty ? nil : load.usage.reduce(0, +) / Double(load.usage.count)
            let known = [line != nil, team["game_spread"]?.doubleValue != nil, pace != nil, player.games >= 5].filter { $0 }.count
            rows.append([
                .text(player.player), .text(player.player), .text(gameID), .text(date.description), .text(player.team),
                team["opponent_team_abbr"] ?? .null, team["home_game"] ?? .null, .integer(line == nil ? 0 : 1), SQLValue(line),
                SQLValue(open), line.flatMap { l in open.map { rounded(l - $0, 2) } } ?? .null, team["game_spread"] ?? .null,
                team["game_total"] ?? .null, rounded(pace, 2), rest.map { .integer($0 == 0 ? 1 : 0) } ?? .null, SQLValue(rest),
                .integer(Int64(inWeek.count)), .integer(Int64(load.dates.count)), rounded(inWeek.reduce(0) { $0 + $1.1 }, 1),
                rounded(load.minutes.reduce(0, +), 1), .integer(Int64(backToBacks)), rounded(player.usage10, 2),
                rounded(weekUsage, 2), rounded(player.last5), rounded(player.last10),
                .text(status[player.player].map { $0.isEmpty ? "available" : $0 } ?? "available"),
                .real(Double(known) * 25), .integer(player.games >= PlayerDailyCacheProcessor.minimumGames ? 1 : 0),
                .integer(0), .integer(context.mode == .backfill ? 1 : 0), .text(context.processedAt),
            ])
        }
        return PartitionRows(table: output, partition: date.description, columns: columns, rows: rows)
    }
}
