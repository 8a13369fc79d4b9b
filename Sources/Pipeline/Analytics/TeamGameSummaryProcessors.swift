import Warehouse

/// Per-team box totals of one date, summed from `player_game_summary` (so they follow its source choice).
struct TeamBox {
    let gameID: String, team: String, opponent: String, home: Bool
    let points: Int, fgm: Int, fga: Int, tpm: Int, tpa: Int, ftm: Int, fta: Int, oreb: Int, tov: Int, ast: Int
    let source: String

    /// Possessions ≈ FGA + 0.44·FTA − OREB + TOV.
    var possessions: Double { Double(fga) + 0.44 * Double(fta) - Double(oreb) + Double(tov) }

    static func load(_ date: Day, _ tx: WarehouseTransaction) throws -> [String: TeamBox] {
        let records = try tx.query("""
            SELECT game_id, team_abbr, MAX(opponent_team_abbr) AS opponent, MAX(home_game) AS home, SUM(points) AS points,
                   SUM(fg_makes) AS fgm, SUM(fg_attempts) AS fga, SUM(three_pt_makes) AS tpm, SUM(three_pt_attempts) AS tpa,
                   SUM(ft_makes) AS ftm, SUM(ft_attempts) AS fta, SUM(offensive_rebounds) AS oreb, SUM(turnovers) AS tov,
                   SUM(assists) AS ast, MIN(primary_source_used) AS source
            FROM nba_analytics.player_game_summary WHERE game_date = ? GROUP BY game_id, team_abbr ORDER BY game_id, team_abbr
            """, [.text(date.description)]).records
        var boxes: [String: TeamBox] = [:]
        for r in records {
            func i(_ k: String) -> Int { r[k]?.intValue ?? 0 }
            let box = TeamBox(gameID: r["game_id"]?.stringValue ?? "", team: r["team_abbr"]?.stringValue ?? "",
                              opponent: r["opponent"]?.stringValue ?? "", home: i("home") == 1, points: i("points"), fgm: i("fgm"),
                              fga: i("fga"), tpm: i("tpm"), tpa: i("tpa"), ftm: i("ftm"), fta: i("fta"), oreb: i("oreb"),
                              tov: i("tov"), ast: i("ast"), source: r["source"]?.stringValue ?? "")
            boxes["\(box.gameID)/\(box.team)"] = box
        }
        return boxes
    }
}

/// `nba_analytics.team_offense_game_summary`: points, shooting, possessions, pace and offensive rating per team-game.
public struct TeamOffenseProcessor: PartitionProcessor {
    public let name = "TeamOffenseGameSummaryProcessor"
    public let phase = PipelinePhase.phase3
    public let output = TableName(.analytics, "team_offense_game_summary")
    public let reads: Set<TableName>? = [TableName(.analytics, "player_game_summary")]
    public let upstream = [TableName(.analytics, "player_game_summary")]
    public init() {}

    public func build(_ date: Day, in tx: WarehouseTransaction, context: ProcessingContext) throws -> PartitionRows {
        let boxes = try TeamBox.load(date, tx)
        let columns = ["game_id", "game_date", "season_year", "team_abbr", "opponent_team_abbr", "home_game", "win_flag",
                       "points_scored", "fg_makes", "fg_attempts", "three_pt_makes", "three_pt_attempts", "ft_makes",
                       "ft_attempts", "offensive_rebounds", "turnovers", "assists", "possessions", "pace",
                       "offensive_rating", "primary_source_used", "processed_at"]
        let rows: [[SQLValue]] = boxes.keys.sorted().map { key in
            let box = boxes[key]!
            let opponent = boxes["\(box.gameID)/\(box.opponent)"]
            let pace = opponent.map { (box.possessions + $0.possessions) / 2 } ?? box.possessions
            return [.text(box.gameID), .text(date.description), .integer(Int64(NBAStatsCSVLoader.seasonYear(date))),
                    .text(box.team), .text(box.opponent), .integer(box.home ? 1 : 0),
                    opponent.map { .integer(box.points > $0.points ? 1 : 0) } ?? .null, .integer(Int64(box.points)),
                    .integer(Int64(box.fgm)), .integer(Int64(box.fga)), .integer(Int64(box.tpm)), .integer(Int64(box.tpa)),
                    .integer(Int64(box.ftm)), .integer(Int64(box.fta)), .integer(Int64(box.oreb)), .integer(Int64(box.tov)),
                    .integer(Int64(box.ast)), rounded(box.possessions, 2), rounded(pace, 2),
                    rounded(box.possessions > 0 ? 100 * Double(box.points) / box.possessions : nil, 2), .text(box.source),
                    .text(context.processedAt)]
        }
        return PartitionRows(table: output, partition: date.description, columns: columns, rows: rows)
    }
}

/// `nba_analytics.team_defense_game_summary`: what each team allowed, from its opponent's offence.
public struct TeamDefenseProcessor: PartitionProcessor {
    public let name = "TeamDefenseGameSummaryProcessor"
    public let phase = PipelinePhase.phase3
    public let output = TableName(.analytics, "team_defense_game_summary")
    public let reads: Set<TableName>? = [TableName(.analytics, "player_game_summary")]
    public let upstream = [TableName(.analytics, "player_game_summary")]
    public init() {}

    public func build(_ date: Day, in tx: WarehouseTransaction, context: ProcessingContext) throws -> PartitionRows {
        let boxes = try TeamBox.load(date, tx)
        let columns = ["game_id", "game_date", "season_year", "team_abbr", "opponent_team_abbr", "home_game",
                       "points_allowed", "opp_fg_makes", "opp_fg_attempts", "opp_three_pt_makes", "opp_three_pt_attempts",
                       "opp_ft_attempts", "opp_turnovers", "possessions", "defensive_rating", "primary_source_used",
                       "processed_at"]
        let rows: [[SQLValue]] = boxes.keys.sorted().compactMap { key in
            let box = boxes[key]!
            guard let opp = boxes["\(box.gameID)/\(box.opponent)"] else { return nil }
            return [.text(box.gameID), .text(date.description), .integer(Int64(NBAStatsCSVLoader.seasonYear(date))),
                    .text(box.team), .text(box.opponent), .integer(box.home ? 1 : 0), .integer(Int64(opp.points)),
                    .integer(Int64(opp.fgm)), .integer(Int64(opp.fga)), .integer(Int64(opp.tpm)), .integer(Int64(opp.tpa)),
                    .integer(Int64(opp.fta)), .integer(Int64(opp.tov)), rounded(opp.possessions, 2),
                    rounded(opp.possessions > 0 ? 100 * Double(opp.points) / opp.possessions : nil, 2), .text(box.source),
                    .text(context.processedAt)]
        }
        return PartitionRows(table: output, partition: date.description, columns: columns, rows: rows)
    }
}
