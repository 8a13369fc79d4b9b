import Foundation
import SourceFormats
import Warehouse

/// The schedule a scraper checks its game count against: the newest NBA.com schedule in the lake, else the
/// schedule table. A game "should exist" once two and a half hours have passed since its tip.
struct ScheduleReference {
    struct Game: Equatable {
        let nbaGameID: String
        let home: String
        let away: String
        let tipoff: Date?
        var matchup: String { "\(away)@\(home)" }
    }

    let games: [Game]
    let source: String

    static func load(for day: Day, environment: ScrapeEnvironment) -> ScheduleReference? {
        if let document = newestScheduleDocument(environment) {
            let label = String(format: "%02d/%02d/%04d 00:00:00", day.month, day.day, day.year)
            let games = document.leagueSchedule.gameDates.first { $0.gameDate == label }?.games ?? []
            return ScheduleReference(games: games.compactMap { g in
                guard let home = Teams.tricode(g.homeTeam.teamTricode), let away = Teams.tricode(g.awayTeam.teamTricode)
                else { return nil }
                return Game(nbaGameID: g.gameId, home: home, away: away, tipoff: PipelineCalendar.parseTimestamp(g.gameDateTimeUTC))
            }, source: "lake")
        }
        let rows = try? environment.warehouse.read { tx in
            try tx.query("SELECT game_id, home_team_tricode, away_team_tricode, game_start_time FROM nba_raw.nbac_schedule WHERE game_date = ?",
                         [.text(day.description)])
        }
        guard let rows, !rows.rows.isEmpty else { return nil }
        return ScheduleReference(games: rows.rows.map {
            Game(nbaGameID: $0[0].stringValue ?? "", home: $0[1].stringValue ?? "", away: $0[2].stringValue ?? "",
                 tipoff: $0[3].stringValue.flatMap(PipelineCalendar.parseTimestamp))
        }, source: "nbac_schedule")
    }

    func shouldBeFinal(at now: Date) -> [Game] {
        games.filter { game in game.tipoff.map { now >= $0 + 2.5 * 3600 } ?? true }
    }

    private static func newestScheduleDocument(_ environment: ScrapeEnvironment) -> NBACom.ScheduleDocument? {
        let directory = environment.lake.root + "/" + LakeLayout.schedule.path
        let dates = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
        for date in dates.reversed() {
            if let file = environment.lake.latest(source: LakeLayout.schedule.source, kind: LakeLayout.schedule.kind, gameDate: date),
               let document = DecodedFileCache.shared.document(NBACom.ScheduleDocument.self, at: file) {
                return document
            }
        }
        return nil
    }
}
