import Foundation
import HTTP
import SourceFormats
import Warehouse

/// Basketball-Reference roster pages (one per team, HTML) and BigDataBall play-by-play (list the Drive folder for the
/// date, then download each game's CSV).
enum FileSourceScrapers {
    static let rosters = ScraperDescriptor(
        name: "br_season_roster", source: .br, kind: "rosters", lake: LakeLayout.rosters,
        summary: "Basketball-Reference roster page per team"
    ) { run in
        let seasonEnd = run.gameDate.month >= 9 ? run.gameDate.year + 1 : run.gameDate.year
        var report = ScrapeReport()
        let failures = run.eachItem(Teams.all) { team in
            let response = try run.get("/teams/\(team.basketballReferenceCode)/\(seasonEnd).html", expecting: .html,
                                       endpoint: "/teams/roster")
            let rows = try BasketballReference.parseRoster(html: response.text)
            report.files.append(try run.store(response.body, item: team.tricode, fileExtension: "html"))
            report.pages += 1
            report.records += rows.count
        }
        for (team, failure) in failures {
            let reason = (failure as? HTTPFailure).map { $0.lastAttempt.classification.type } ?? "no roster table"
            report.missing.append("\(team.tricode) (\(reason))")
        }
        if !report.missing.isEmpty && !report.files.isEmpty {
            report.partialReason = "\(report.missing.count) of 30 roster pages failed"
        }
        return report
    }

    static let playByPlay = ScraperDescriptor(
        name: "bigdataball_pbp", source: .bigdataball, kind: "pbp", lake: LakeLayout.playByPlay,
        summary: "BigDataBall play-by-play CSV per final game"
    ) { run in
        struct Listing: Decodable { struct File: Decodable { let id: String; let name: String }; let files: [File] }
        let listing = try run.get("/drive/v3/files", query: [("q", "name contains '\(run.gameDate)'")], expecting: .json,
                                  endpoint: "/drive/v3/files")
        let files = try run.decode(Listing.self, from: listing).files.filter { !$0.name.contains("combined-stats") }
        var report = ScrapeReport()
        var found = Set<String>()
        let failures = run.eachItem(files) { file in
            let response = try run.get("/drive/v3/files/\(file.id)", query: [("alt", "media")], expecting: .csv,
                                       endpoint: "/drive/v3/files/media")
            // BigDataBall's own name carries the teams (`[date]-{id}-{AWY}@{HOM}.csv`); the lake keeps them.
            let matchup = file.name.split(separator: "-").last.map { String($0.dropLast(4)) } ?? ""
            report.files.append(try run.store(response.body, item: "\(file.id)-\(matchup)", fileExtension: "csv"))
            report.pages += 1
            report.records += max(0, BigDataBall.lines(response.text).count - 1)
            found.insert(file.id)
        }
        for (file, failure) in failures {
            guard let failure = failure as? HTTPFailure else { throw failure }
            report.missing.append("\(file.name) (\(failure.lastAttempt.classification.type))")
        }
        report.gamesFound = found.count
        if let schedule = ScheduleReference.load(for: run.gameDate, environment: run.environment) {
            let expected = schedule.shouldBeFinal(at: run.now)
            report.gamesExpected = expected.count
            report.missing += expected.filter { !found.contains($0.nbaGameID) }.map { "\($0.matchup) (no file)" }
        }
        return report
    }
}
