import Warehouse

/// `nba_analytics.player_game_summary`: one row per active player per game. Gamebook rows first (gold, 100);
/// BallDontLie fills only games the gamebook lacks (silver, 85). Shooting efficiency and usage as the reference
/// defines them, the prop line DraftKings → FanDuel → any book, and a `win_flag` that is actually computed.
public struct PlayerGameSummaryProcessor: PartitionProcessor {
    public let name = "PlayerGameSummaryProcessor"
    public let phase = PipelinePhase.phase3
    public let output = TableName(.analytics, "player_game_summary")
    public let reads: Set<TableName>? = [TableName(.raw, "nbac_gamebook_player_stats"),
                                         TableName(.raw, "bdl_player_boxscores"),
                                         TableName(.raw, "odds_api_player_points_props")]
    public let upstream = [TableName(.raw, "nbac_gamebook_player_stats"), TableName(.raw, "bdl_player_boxscores"),
                           TableName(.raw, "odds_api_player_points_props")]

    /// Gamebook critical (warn 12 h, fail 24 h); BallDontLie non-critical (fail 72 h since `7db44028`).
    public var dependencies: [Dependency] {
        [Dependency(TableName(.raw, "nbac_gamebook_player_stats"), critical: true, warnHours: 12, failHours: 24),
         Dependency(TableName(.raw, "bdl_player_boxscores"), critical: false, warnHours: 36, failHours: 72)]
    }

    public init() {}

    struct Line {
        var lookup: String, name: String, gameID: String, team: String, opponent: String, home: Bool
        var points: Int, minutes: Double, assists: Int, rebounds: Int, oreb: Int, dreb: Int, steals: Int, blocks: Int
        var turnovers: Int, fouls: Int, fgm: Int, fga: Int, tpm: Int, tpa: Int, ftm: Int, fta: Int, plusMinus: Int?
        var source: String
    }

    public func build(_ date: Day, in tx: WarehouseTransaction, context: ProcessingContext) throws -> PartitionRows {
        let day = SQLValue.text(date.description)
        let gamebook = try tx.query("""
            SELECT game_id, team_abbr, home_team_abbr, away_team_abbr, player_lookup, player_full_name, points,
                   COALESCE(minutes_decimal, CAST(minutes AS REAL)) AS minutes, assists, rebounds, offensive_rebounds,
                   defensive_rebounds, steals, blocks, turnovers, personal_fouls, field_goals_made, field_goals_attempted,
                   three_pointers_made, three_pointers_attempted, free_throws_made, free_throws_attempted, plus_minus
            FROM nba_raw.nbac_gamebook_player_stats
            WHERE game_date = ? AND player_status = 'active'
            """, [day]).records
        let gamebookGames = Set(gamebook.compactMap { $0["game_id"]?.stringValue })
        let bdl = try tx.query("""
            SELECT game_id, team_abbr, home_team_abbr, away_team_abbr, player_lookup, player_full_name, points,
                   minutes, assists, rebounds, offensive_rebounds, defensive_rebounds, steals, blocks, turnovers,
                   personal_fouls, field_goals_made, field_goals_attempted, three_pointers_made, three_pointers_attempted,
                   free_throws_made, free_throws_attempted, plus_minus
            FROM nba_raw.bdl_player_boxscores WHERE game_date = ?
            """, [day]).records.filter { !gamebookGames.contains($0["game_id"]?.stringValue ?? "") }

        var lines: [Line] = []
        for (record, source) in gamebook.map({ ($0, "nbac_gamebook") }) + bdl.map({ ($0, "bdl_boxscores") }) {
            let minutes = source == "bdl_boxscores" ? Self.minutes(record["minutes"]?.stringValue) : (record["minutes"]?.doubleValue ?? 0)
            guard minutes > 0 || (record["points"]?.intValue ?? 0) > 0 || source == "nbac_gamebook" else { continue }
            let team = record["team_abbr"]?.stringValue ?? ""
            let home = record["home_team_abbr"]?.stringValue ?? ""
            let away = record["away_team_abbr"]?.stringValue ?? ""
            func i(_ key: String) -> Int { record[key]?.intValue ?? 0 }
            lines.append(Line(lookup: record["player_lookup"]?.stringValue ?? "", name: record["player_full_name"]?.stringValue ?? "",
                              gameID: record["game_id"]?.stringValue ?? "", team: team, opponent: team == home ? away : home,
                              home: team == home, points: i("points"), minutes: minutes, assists: i("assists"),
                              rebounds: i("rebounds"), oreb: i("offensive_rebounds"), dreb: i("defensive_rebounds"),
                              steals: i("steals"), blocks: i("blocks"), turnovers: i("turnovers"), fouls: i("personal_fouls"),
                              fgm: i("field_goals_made"), fga: i("field_goals_attempted"), tpm: i("three_pointers_made"),
                              tpa: i("three_pointers_attempted"), ftm: i("free_throws_made"), fta: i("free_throws_attempted"),
                              plusMinus: record["plus_minus"]?.intValue, source: source))
        }

        // Team totals per game, for usage and the result.
        struct Totals { var points = 0, fga = 0, fta = 0, tov = 0 }
        var totals: [String: Totals] = [:]
        for line in lines {
            var t = totals["\(line.gameID)/\(line.team)", default: Totals()]
            t.points += line.points; t.fga += line.fga; t.fta += line.fta; t.tov += line.turnovers
            totals["\(line.gameID)/\(line.team)"] = t
        }
        let props = try PropLines.latest(on: date, in: tx)

        let columns = ["player_lookup", "universal_player_id", "player_full_name", "game_id", "game_date", "season_year",
                       "team_abbr", "opponent_team_abbr", "home_game", "points", "minutes_played", "assists", "rebounds",
                       "offensive_rebounds", "defensive_rebounds", "steals", "blocks", "turnovers", "personal_fouls",
                       "fg_makes", "fg_attempts", "three_pt_makes", "three_pt_attempts", "ft_makes", "ft_attempts",
                       "plus_minus", "usage_rate", "ts_pct", "efg_pct", "starter_flag", "win_flag", "points_line",
                       "points_line_source", "over_under_result", "margin", "is_active", "data_quality_tier",
                       "quality_score", "primary_source_used", "source_gamebook_rows", "source_bdl_rows", "processed_at"]
        var rows: [[SQLValue]] = []
        var seen = Set<String>()
        for line in lines.sorted(by: { ($0.gameID, $0.lookup) < ($1.gameID, $1.lookup) })
        where seen.insert("\(line.gameID)/\(line.lookup)").inserted {
            let team = totals["\(line.gameID)/\(line.team)"]!
            let opponent = totals["\(line.gameID)/\(line.opponent)"]
            let usage = Self.usageRate(fga: line.fga, fta: line.fta, tov: line.turnovers, minutes: line.minutes,
                                       teamFGA: team.fga, teamFTA: team.fta, teamTOV: team.tov)
            let win: SQLValue = opponent.map { .integer(team.points > $0.points ? 1 : 0) } ?? .null
            let prop = props[line.lookup]
            let gold = line.source == "nbac_gamebook"
            rows.append([
                .text(line.lookup), .text(line.lookup), .text(line.name), .text(line.gameID), .text(date.description),
                .integer(Int64(NBAStatsCSVLoader.seasonYear(date))), .text(line.team), .text(line.opponent),
                .integer(line.home ? 1 : 0), .integer(Int64(line.points)), rounded(line.minutes, 2),
                .integer(Int64(line.assists)), .integer(Int64(line.rebounds)), .integer(Int64(line.oreb)),
                .integer(Int64(line.dreb)), .integer(Int64(line.steals)), .integer(Int64(line.blocks)),
                .integer(Int64(line.turnovers)), .integer(Int64(line.fouls)), .integer(Int64(line.fgm)),
                .integer(Int64(line.fga)), .integer(Int64(line.tpm)), .integer(Int64(line.tpa)), .integer(Int64(line.ftm)),
                .integer(Int64(line.fta)), SQLValue(line.plusMinus), rounded(usage, 2),
                rounded(Self.trueShooting(points: line.points, fga: line.fga, fta: line.fta)),
                rounded(Self.effectiveFieldGoal(fgm: line.fgm, tpm: line.tpm, fga: line.fga)),
                .integer(line.minutes > 20 ? 1 : 0), win,
                prop.map { .real($0.line) } ?? .null, prop.map { .text($0.bookmaker) } ?? .null,
                prop.map { .text(Double(line.points) >= $0.line ? "OVER" : "UNDER") } ?? .null,
                prop.map { rounded(Double(line.points) - $0.line, 2) } ?? .null,
                .integer(1), .text(gold ? "gold" : "silver"), .real(gold ? 100 : 85), .text(line.source),
                .integer(gold ? 1 : 0), .integer(gold ? 0 : 1), .text(context.processedAt),
            ])
        }
        return PartitionRows(table: output, partition: date.description, columns: columns, rows: rows)
    }

    /// BallDontLie minutes: `"38"`, `"05"`, `"36:47"`, empty.
    static func minutes(_ text: String?) -> Double {
        guard let text, !text.isEmpty else { return 0 }
        let parts = text.split(separator: ":")
        let whole = Double(parts[0]) ?? 0
        return parts.count > 1 ? whole + (Double(parts[1]) ?? 0) / 60 : whole
    }

    /// efg = (FGM + 0.5·3PM) / FGA
    static func effectiveFieldGoal(fgm: Int, tpm: Int, fga: Int) -> Double? {
        fga > 0 ? (Double(fgm) + 0.5 * Double(tpm)) / Double(fga) : nil
    }

    /// ts = PTS / (2·(FGA + 0.44·FTA))
    static func trueShooting(points: Int, fga: Int, fta: Int) -> Double? {
        let attempts = Double(fga) + 0.44 * Double(fta)
        return attempts > 0 ? Double(points) / (2 * attempts) : nil
    }

    /// usage = 100·(FGA + 0.44·FTA + TOV)·48 / (MIN·(tFGA + 0.44·tFTA + tTOV))
    static func usageRate(fga: Int, fta: Int, tov: Int, minutes: Double, teamFGA: Int, teamFTA: Int, teamTOV: Int) -> Double? {
        let teamPlays = Double(teamFGA) + 0.44 * Double(teamFTA) + Double(teamTOV)
        guard minutes > 0, teamPlays > 0 else { return nil }
        return 100 * (Double(fga) + 0.44 * Double(fta) + Double(tov)) * 48 / (minutes * teamPlays)
    }
}

/// The latest pre-tip points line per player for a date, preferring DraftKings, then FanDuel, then any book.
enum PropLines {
    struct Line: Equatable { let line: Double; let bookmaker: String }

    /// A date's lines, kept under the props partition's content key: the game summaries, the player contexts and
    /// every prediction run of the date read the same lines until the next props load. A date without a load that
    /// vouches for its rows is read afresh every time.
    static let kept = DerivedCache<[String: Line]>(capacity: 64)

    static func latest(on date: Day, in tx: WarehouseTransaction) throws -> [String: Line] {
        let key = try LoadedPartitions.contentKey(TableName(.raw, "odds_api_player_points_props"), on: date, tx)
        return try kept.kept(under: key) { try read(on: date, tx) }
    }

    private static func read(on date: Day, _ tx: WarehouseTransaction) throws -> [String: Line] {
        let rows = try tx.query("""
            SELECT player_lookup, bookmaker, points_line FROM (
              SELECT player_lookup, bookmaker, points_line,
                     ROW_NUMBER() OVER (PARTITION BY player_lookup, bookmaker ORDER BY snapshot_timestamp DESC) AS newest
              FROM nba_raw.odds_api_player_points_props
              WHERE game_date = ? AND (minutes_before_tipoff IS NULL OR minutes_before_tipoff >= 0) AND points_line IS NOT NULL)
            WHERE newest = 1
            """, [.text(date.description)]).records
        var best: [String: (rank: Int, line: Line)] = [:]
        for row in rows {
            guard let player = row["player_lookup"]?.stringValue, let book = row["bookmaker"]?.stringValue,
                let value = row["points_line"]?.doubleValue
            else { continue }
            let rank = book == "draftkings" ? 0 : book == "fanduel" ? 1 : 2
            if let current = best[player], current.rank < rank || (current.rank == rank && current.line.bookmaker <= book) { continue }
            best[player] = (rank, Line(line: value, bookmaker: book))
        }
        return best.mapValues(\.line)
    }
}
