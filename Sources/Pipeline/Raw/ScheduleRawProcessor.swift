import Foundation
import SourceFormats
import Warehouse

/// `nba_raw.nbac_schedule` from the newest NBA.com schedule in the lake: the games of the date, with status, scores
/// and arena. Only the 30 NBA teams' games are kept (exhibitions and All-Star teams are dropped).
public struct ScheduleRawProcessor: RawProcessor {
    public let name = "nbac_schedule"
    public let output = TableName(.raw, "nbac_schedule")
    /// Reads the lake only.
    public let reads: Set<TableName>? = []
    let lakeInput = LakeLayout.schedule

    public init() {}

    /// Every date the newest schedule lists in the range: the schedule is one document for the whole season.
    func availableDates(_ lake: LakeReader, in range: DayRange) throws -> [Day] {
        guard let newest = try lake.newestSchedule() else { return [] }
        return newest.document.leagueSchedule.gameDates.compactMap { ScheduleRawProcessor.day($0.gameDate) }
            .filter(range.contains).sorted()
    }

    /// `MM/DD/YYYY 00:00:00` → the day.
    static func day(_ label: String) -> Day? {
        let parts = label.prefix(10).split(separator: "/")
        guard parts.count == 3, let m = Int(parts[0]), let d = Int(parts[1]), let y = Int(parts[2]) else { return nil }
        return Day(year: y, month: m, day: d)
    }

    public func build(_ date: Day, in tx: WarehouseTransaction, context: ProcessingContext) throws -> PartitionRows {
        let lake = try LakeReader(context)
        let columns = ["game_id", "game_code", "season_nba_format", "season_year", "game_date", "game_date_est",
                       "game_start_time", "game_status", "game_status_text", "home_team_id", "home_team_tricode",
                       "away_team_id", "away_team_tricode", "home_team_score", "away_team_score", "arena_name",
                       "arena_city", "arena_state", "is_playoffs", "source_file_path", "processed_at", "data_hash"]
        var rows: [[SQLValue]] = []
        if let (document, file) = try lake.newestSchedule(),
           let games = document.leagueSchedule.gameDates.first(where: { ScheduleRawProcessor.day($0.gameDate) == date })?.games {
            for game in games.sorted(by: { $0.gameId < $1.gameId }) {
                guard let home = Teams.tricode(String(game.homeTeam.teamId)), let away = Teams.tricode(String(game.awayTeam.teamId))
                else { continue }
                let final = game.gameStatus == 3
                let hash = SHA256.hex("\(game.gameId)|\(game.gameStatus)|\(game.homeTeam.score)|\(game.awayTeam.score)|\(game.gameDateTimeUTC)")
                rows.append([.text(NBAStatsCSVLoader.gameKey(date, away: away, home: home)), .text(game.gameCode),
                             .text(document.leagueSchedule.seasonYear), .integer(Int64(NBAStatsCSVLoader.seasonYear(date))),
                             .text(date.description), .text(String(game.gameDateEst.prefix(10))), .text(game.gameDateTimeUTC),
                             .integer(Int64(game.gameStatus)), .text(game.gameStatusText),
                             .integer(Int64(game.homeTeam.teamId)), .text(home), .integer(Int64(game.awayTeam.teamId)),
                             .text(away), final ? .integer(Int64(game.homeTeam.score)) : .null,
                             final ? .integer(Int64(game.awayTeam.score)) : .null, .text(game.arenaName),
                             SQLValue(game.arenaCity), SQLValue(game.arenaState),
                             .integer(game.gameId.hasPrefix("004") ? 1 : 0), .text(file), .text(context.processedAt),
                             .text(hash)])
            }
        }
        return PartitionRows(table: output, partition: date.description, columns: columns, rows: rows)
    }
}
