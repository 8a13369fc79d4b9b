import Foundation
import HTTP
import SourceFormats
import Warehouse

/// NBA.com: the CDN schedule (which drives everything) and the per-game liveData box score — the gamebook source,
/// DNP and inactive players included. A 403 means the document is not published yet.
enum NBAComScrapers {
    static let schedule = ScraperDescriptor(
        name: "nbac_schedule", source: .nbacom, kind: "schedule", lake: LakeLayout.schedule,
        summary: "NBA.com CDN season schedule (scheduleLeagueV2)"
    ) { run in
        let response = try run.get("/static/json/staticData/scheduleLeagueV2_1.json", expecting: .json,
                                   endpoint: "scheduleLeagueV2_1.json")
        let document = try run.decode(NBACom.ScheduleDocument.self, from: response)
        var report = ScrapeReport(pages: 1)
        report.files.append(try run.store(response.body, decoded: document, in: .shared))
        let label = String(format: "%02d/%02d/%04d 00:00:00", run.gameDate.month, run.gameDate.day, run.gameDate.year)
        let games = document.leagueSchedule.gameDates.first { $0.gameDate == label }?.games ?? []
        report.records = document.leagueSchedule.gameDates.reduce(0) { $0 + $1.games.count }
        report.gamesFound = games.count
        return report
    }

    static let gamebooks = ScraperDescriptor(
        name: "nbac_gamebook", source: .nbacom, kind: "gamebooks", lake: LakeLayout.gamebooks,
        summary: "NBA.com liveData box score per final game (official stats, DNP and inactive)"
    ) { run in
        guard let schedule = ScheduleReference.load(for: run.gameDate, environment: run.environment) else {
            throw ScrapeError.lake("no schedule for \(run.gameDate): scrape the schedule first (scrape nbacom \(run.gameDate) --kind schedule)")
        }
        var report = ScrapeReport()
        let expected = schedule.shouldBeFinal(at: run.now)
        report.gamesExpected = expected.count
        report.gamesFound = 0
        let failures = run.eachItem(expected) { game in
            let response = try run.get("/static/json/liveData/boxscore/boxscore_\(game.nbaGameID).json",
                                       expecting: .json, endpoint: "boxscore")
            let document = try run.decode(NBACom.BoxScoreDocument.self, from: response)
            report.files.append(try run.store(response.body, decoded: document, item: game.nbaGameID))
            report.pages += 1
            report.records += document.game.homeTeam.players.count + document.game.awayTeam.players.count
            report.gamesFound! += 1
        }
        for (game, failure) in failures {
            guard let failure = failure as? HTTPFailure else { throw failure }
            report.missing.append(game.matchup + (failure.statusCode == 403 ? " (not published)" : " (\(failure.lastAttempt.classification.type))"))
        }
        return report
    }
}
