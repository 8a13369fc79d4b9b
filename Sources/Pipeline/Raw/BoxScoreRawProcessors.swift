import Foundation
import SourceFormats
import Warehouse

/// `nba_raw.bdl_player_boxscores` from the pages of the newest BallDontLie `/stats` scrape of the date. DNP rows
/// (minutes `"00"`) are kept, as the source sends them; Phase 3 decides who played.
public struct BDLBoxScoresRawProcessor: RawProcessor {
    public let name = "bdl_player_boxscores"
    public let output = TableName(.raw, "bdl_player_boxscores")
    /// Reads the lake only.
    public let reads: Set<TableName>? = []
    let lakeInput = LakeLayout.bdlBoxScores

    public init() {}

    public func build(_ date: Day, in tx: WarehouseTransaction, context: ProcessingContext) throws -> PartitionRows {
        let lake = try LakeReader(context)
        let columns = ["game_id", "game_date", "season_year", "game_status", "home_team_abbr", "away_team_abbr",
                       "home_team_score", "away_team_score", "team_abbr", "player_full_name", "player_lookup",
                       "bdl_player_id", "bdl_game_id", "minutes", "points", "assists", "rebounds", "offensive_rebounds",
                       "defensive_rebounds", "steals", "blocks", "turnovers", "personal_fouls", "field_goals_made",
                       "field_goals_attempted", "field_goal_pct", "three_pointers_made", "three_pointers_attempted",
                       "three_point_pct", "free_throws_made", "free_throws_attempted", "free_throw_pct", "plus_minus",
                       "source_file_path", "processed_at", "data_hash"]
        var byKey: [String: [SQLValue]] = [:]
        let bdlTeams = Dictionary(uniqueKeysWithValues: Teams.all.map { ($0.bdlID, $0.tricode) })
        for name in lake.newestCompletePages(lakeInput, date.description) {
            let page = try lake.decode(BDL.Page<BDL.Stat>.self, lakeInput, date.description, name)
            for stat in page.data {
                guard let home = stat.game.homeTeamID.flatMap({ bdlTeams[$0] }),
                      let away = stat.game.visitorTeamID.flatMap({ bdlTeams[$0] }),
                      let team = Teams.tricode(stat.team.abbreviation), stat.game.date.prefix(10) == date.description
                else { continue }
                let full = "\(stat.player.firstName) \(stat.player.lastName)"
                let gameID = NBAStatsCSVLoader.gameKey(date, away: away, home: home)
                let values: [Int?] = [stat.pts, stat.ast, stat.reb, stat.oreb, stat.dreb, stat.stl, stat.blk, stat.turnover, stat.pf]
                let hash = SHA256.hex("\(stat.id)|\(stat.min ?? "")|" + values.map { String($0 ?? -1) }.joined(separator: ","))
                byKey["\(gameID)|\(stat.player.id)"] = [
                    .text(gameID), .text(date.description), .integer(Int64(stat.game.season)), .text(stat.game.status),
                    .text(home), .text(away), .integer(Int64(stat.game.homeTeamScore)), .integer(Int64(stat.game.visitorTeamScore)),
                    .text(team), .text(full), .text(PlayerLookup.normalize(full)), .integer(Int64(stat.player.id)),
                    .integer(Int64(stat.game.id)), SQLValue(stat.min), SQLValue(stat.pts), SQLValue(stat.ast), SQLValue(stat.reb),
                    SQLValue(stat.oreb), SQLValue(stat.dreb), SQLValue(stat.stl), SQLValue(stat.blk), SQLValue(stat.turnover),
                    SQLValue(stat.pf), SQLValue(stat.fgm), SQLValue(stat.fga), rounded(stat.fgPct), SQLValue(stat.fg3m),
                    SQLValue(stat.fg3a), rounded(stat.fg3Pct), SQLValue(stat.ftm), SQLValue(stat.fta), rounded(stat.ftPct),
                    SQLValue(stat.plusMinus), .text(lake.relative(lakeInput, date.description, name)),
                    .text(context.processedAt), .text(hash),
                ]
            }
        }
        return PartitionRows(table: output, partition: date.description, columns: columns,
                             rows: byKey.keys.sorted().map { byKey[$0]! })
    }
}

/// `nba_raw.nbac_gamebook_player_stats` from the newest NBA.com box score of each game of the date: every player,
/// with `player_status` active, dnp (dressed, did not play) or inactive, and the reason NBA.com gives.
public struct GamebookRawProcessor: RawProcessor {
    public let name = "nbac_gamebook_player_stats"
    public let output = TableName(.raw, "nbac_gamebook_player_stats")
    /// Reads the lake only.
    public let reads: Set<TableName>? = []
    let lakeInput = LakeLayout.gamebooks

    public init() {}

    public func build(_ date: Day, in tx: WarehouseTransaction, context: ProcessingContext) throws -> PartitionRows {
        let lake = try LakeReader(context)
        let columns = ["game_id", "nba_game_id", "game_date", "season_year", "home_team_abbr", "away_team_abbr",
                       "team_abbr", "player_full_name", "player_lookup", "nba_player_id", "player_status", "dnp_reason",
                       "starter", "minutes", "minutes_decimal", "points", "assists", "rebounds", "offensive_rebounds",
                       "defensive_rebounds", "steals", "blocks", "turnovers", "personal_fouls", "field_goals_made",
                       "field_goals_attempted", "three_pointers_made", "three_pointers_attempted", "free_throws_made",
                       "free_throws_attempted", "plus_minus", "source_file_path", "processed_at", "data_hash"]
        var byKey: [String: [SQLValue]] = [:]
        for name in lake.newestPerItem(lakeInput, date.description) {
            let document = try lake.decode(NBACom.BoxScoreDocument.self, lakeInput, date.description, name)
            let game = document.game
            guard let home = Teams.tricode(game.homeTeam.teamTricode), let away = Teams.tricode(game.awayTeam.teamTricode) else { continue }
            let gameID = NBAStatsCSVLoader.gameKey(date, away: away, home: home)
            for side in [game.homeTeam, game.awayTeam] {
                for player in side.players {
                    let full = player.name ?? [player.firstName, player.familyName].compactMap { $0 }.joined(separator: " ")
                    var lookup = PlayerLookup.normalize(full)
                    if byKey["\(gameID)|\(lookup)"] != nil { lookup += String(player.personId) }
                    let s = player.statistics
                    let minutes = s.minutesDecimal
                    let status = player.status == "INACTIVE" ? "inactive" : player.played == "1" ? "active" : "dnp"
                    let reason = [player.notPlayingReason, player.notPlayingDescription].compactMap { $0 }.joined(separator: ": ")
                    let whole = Int(minutes), seconds = Int(((minutes - Double(whole)) * 60).rounded())
                    let hash = SHA256.hex("\(game.gameId)|\(player.personId)|\(status)|\(s.minutes)|\(s.points)|\(s.reboundsTotal ?? -1)|\(s.assists ?? -1)")
                    byKey["\(gameID)|\(lookup)"] = [
                        .text(gameID), .text(game.gameId), .text(date.description),
                        .integer(Int64(NBAStatsCSVLoader.seasonYear(date))), .text(home), .text(away),
                        .text(Teams.tricode(side.teamTricode) ?? side.teamTricode), .text(full), .text(lookup),
                        .integer(Int64(player.personId)), .text(status), reason.isEmpty ? .null : .text(reason),
                        .integer(player.starter == "1" ? 1 : 0), .text(String(format: "%d:%02d", whole, seconds)),
                        rounded(minutes, 2), .integer(Int64(s.points)), SQLValue(s.assists), SQLValue(s.reboundsTotal),
                        SQLValue(s.reboundsOffensive), SQLValue(s.reboundsDefensive), SQLValue(s.steals), SQLValue(s.blocks),
                        SQLValue(s.turnovers), SQLValue(s.foulsPersonal), SQLValue(s.fieldGoalsMade),
                        SQLValue(s.fieldGoalsAttempted), SQLValue(s.threePointersMade), SQLValue(s.threePointersAttempted),
                        SQLValue(s.freeThrowsMade), SQLValue(s.freeThrowsAttempted),
                        SQLValue(s.plusMinusPoints.map { Int($0.rounded()) }), .text(lake.relative(lakeInput, date.description, name)),
                        .text(context.processedAt), .text(hash),
                    ]
                }
            }
        }
        return PartitionRows(table: output, partition: date.description, columns: columns,
                             rows: byKey.keys.sorted().map { byKey[$0]! })
    }
}
