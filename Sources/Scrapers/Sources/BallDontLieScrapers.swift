import Foundation
import HTTP
import SourceFormats
import Warehouse

/// BallDontLie `/games`, `/stats` and `/player_injuries`: cursor pagination, 100 per page (config `page_size`), each page to the lake as
/// it arrives, so a late failure keeps what was fetched and names what is missing.
enum BallDontLieScrapers {
    static let games = ScraperDescriptor(
        name: "bdl_games", source: .bdl, kind: "games", lake: LakeLayout.bdlGames,
        summary: "BallDontLie /games for the date"
    ) { run in
        var report = try paged(run, path: "/games", query: [("start_date", run.gameDate.description),
                                                          ("end_date", run.gameDate.description)],
                               endpoint: "/games", as: BDL.Game.self) { _ in }
        report.gamesExpected = ScheduleReference.load(for: run.gameDate, environment: run.environment)?.games.count
        report.gamesFound = report.records
        return report
    }

    static let boxScores = ScraperDescriptor(
        name: "bdl_player_box_scores", source: .bdl, kind: "box-scores", lake: LakeLayout.bdlBoxScores, summary: "BallDontLie /stats: one row per player per game"
    ) { run in
        var matchups = Set<String>()
        var report = try paged(run, path: "/stats", query: [("dates[]", run.gameDate.description)],
                               endpoint: "/stats", as: BDL.Stat.self) { rows in
            for row in rows {
                let home = Teams.all.first { $0.bdlID == row.game.homeTeamID }?.tricode ?? "?"
                let away = Teams.all.first { $0.bdlID == row.game.visitorTeamID }?.tricode ?? "?"
                matchups.insert("\(away)@\(home)")
            }
        }
        report.gamesFound = matchups.count
        if let schedule = ScheduleReference.load(for: run.gameDate, environment: run.environment) {
            let expected = schedule.shouldBeFinal(at: run.now)
            report.gamesExpected = expected.count
            report.missing = expected.map(\.matchup).filter { !matchups.contains($0) } + report.missing
        }
        return report
    }

    static let injuries = ScraperDescriptor(
        name: "bdl_injuries", source: .bdl, kind: "injuries", lake: LakeLayout.bdlInjuries,
        summary: "BallDontLie /player_injuries (the current report)"
    ) { run in
        try paged(run, path: "/player_injuries", query: [], endpoint: "/player_injuries", as: BDL.Injury.self) { _ in }
    }

    /// Walks the cursor: each page is stored before the next is asked for. A failure on page 1 fails the run; a later
    /// one ends it partial with the pages so far kept.
    static func paged<Row: Codable & Sendable>(_ run: ScraperRun, path: String, query: [(String, String)],
                                               endpoint: String, as: Row.Type,
                                               each: ([Row]) -> Void) throws -> ScrapeReport {
        var report = ScrapeReport()
        var cursor: Int? = nil
        repeat {
            var q = query + [("per_page", String(min(100, max(1, run.settings.pageSize))))]
            if let cursor { q.append(("cursor", String(cursor))) }
            let response: HTTPResponse
            do {
                response = try run.get(path, query: q, expecting: .json, endpoint: endpoint)
            } catch {
                if report.pages == 0 { throw error }
                report.partialReason = "page \(report.pages + 1) failed (\(error.summary)); pages 1–\(report.pages) kept"
                report.missing.append("pages from cursor \(cursor ?? 0)")
                return report
            }
            let page = try run.decode(BDL.Page<Row>.self, from: response)
            report.pages += 1
            report.files.append(try run.store(response.body, decoded: page, page: report.pages))
            report.records += page.data.count
            each(page.data)
            cursor = page.meta?.nextCursor
        } while cursor != nil
        return report
    }
}
