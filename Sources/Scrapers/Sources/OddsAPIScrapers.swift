import Foundation
import HTTP
import SourceFormats
import Warehouse

/// The Odds API: the date's events, then per event the `player_points` props and the game lines. Before the tip the
/// live endpoints answer; once a game has started its odds are gone (404), so past dates read the historical
/// snapshot an hour before each tip — what a backfill of lines has to do in production too.
enum OddsAPIScrapers {
    static let books = "draftkings,fanduel,betmgm,williamhill_us,betrivers"

    static let events = ScraperDescriptor(
        name: "oddsa_events", source: .odds, kind: "events", lake: LakeLayout.oddsEvents,
        summary: "The Odds API events for the date (free)"
    ) { run in
        let (list, response, historical) = try fetchEvents(run)
        var report = ScrapeReport(pages: 1, records: list.count)
        report.files.append(try run.store(response.body, item: historical ? "historical" : nil))
        report.gamesFound = list.count
        report.gamesExpected = ScheduleReference.load(for: run.gameDate, environment: run.environment)?.games.count
        return report
    }

    static let props = ScraperDescriptor(
        name: "oddsa_player_props", source: .odds, kind: "props", lake: LakeLayout.oddsProps,
        summary: "The Odds API player_points lines per event"
    ) { run in try eventOdds(run, markets: "player_points") }

    static let gameLines = ScraperDescriptor(
        name: "oddsa_game_lines", source: .odds, kind: "game-lines", lake: LakeLayout.oddsGameLines,
        summary: "The Odds API spreads and totals per event"
    ) { run in try eventOdds(run, markets: "spreads,totals") }

    /// `AWY@HOM` of an event, as the missing-games lists name games (the API's own team name when it is not known).
    static func matchup(_ event: OddsAPI.Event) -> String {
        "\(Teams.tricode(event.awayTeam) ?? event.awayTeam)@\(Teams.tricode(event.homeTeam) ?? event.homeTeam)"
    }

    /// The UTC window of an Eastern calendar day.
    static func window(_ day: Day) -> (from: Date, to: Date) {
        (PipelineCalendar.easternInstant(day, hour: 0, minute: 0), PipelineCalendar.easternInstant(day.adding(days: 1), hour: 0, minute: 0) - 1)
    }

    static func fetchEvents(_ run: ScraperRun) throws -> ([OddsAPI.Event], HTTPResponse, Bool) {
        let (from, to) = window(run.gameDate)
        let schedule = ScheduleReference.load(for: run.gameDate, environment: run.environment)
        let firstTip = schedule?.games.compactMap(\.tipoff).min() ?? from + 12 * 3600
        let query = [("commenceTimeFrom", PipelineCalendar.instant(from)), ("commenceTimeTo", PipelineCalendar.instant(to)),
                     ("dateFormat", "iso")]
        if run.now < firstTip {
            let response = try run.get("/sports/basketball_nba/events", query: query, expecting: .json, endpoint: "/events")
            return (try run.decode([OddsAPI.Event].self, from: response), response, false)
        }
        let snapshot = firstTip - 3600
        let response = try run.get("/historical/sports/basketball_nba/events",
                                   query: query + [("date", PipelineCalendar.instant(snapshot))], expecting: .json,
                                   endpoint: "/historical/events")
        return (try run.decode(OddsAPI.Historical<[OddsAPI.Event]>.self, from: response).data, response, true)
    }

    static func eventOdds(_ run: ScraperRun, markets: String) throws -> ScrapeReport {
        let (list, _, _) = try fetchEvents(run)
        var report = ScrapeReport()
        report.gamesExpected = list.count
        report.gamesFound = 0
        let failures = run.eachItem(list) { event in
            guard let tip = PipelineCalendar.parseTimestamp(event.commenceTime) else { return }
            var query = [("markets", markets), ("bookmakers", books), ("oddsFormat", "decimal"), ("dateFormat", "iso")]
            let live = run.now < tip
            let snapshotAt = live ? run.now : tip - 3600
            if !live { query.append(("date", PipelineCalendar.instant(snapshotAt))) }
            let path = (live ? "" : "/historical") + "/sports/basketball_nba/events/\(event.id)/odds"
            let response = try run.get(path, query: query, expecting: .json, endpoint: live ? "/events/odds" : "/historical/events/odds")
            let item = "\(event.id)-snap-\(PipelineCalendar.easternClock(snapshotAt))"
            let odds: OddsAPI.Event
            // Kept decoded for Phase 2 as the file is: a live event bare, a historical one in its wrapper.
            if live {
                odds = try run.decode(OddsAPI.Event.self, from: response)
                report.files.append(try run.store(response.body, decoded: odds, item: item))
            } else {
                let wrapped = try run.decode(OddsAPI.Historical<OddsAPI.Event>.self, from: response)
                odds = wrapped.data
                report.files.append(try run.store(response.body, decoded: wrapped, item: item))
            }
            let outcomes = odds.bookmakers?.reduce(0) { $0 + $1.markets.reduce(0) { $0 + $1.outcomes.count } } ?? 0
            report.pages += 1
            report.records += outcomes
            if outcomes > 0 { report.gamesFound! += 1 } else { report.missing.append("\(matchup(event)) (no lines yet)") }
        }
        for (event, failure) in failures {
            guard let failure = failure as? HTTPFailure else { throw failure }
            report.missing.append("\(matchup(event)) (\(failure.lastAttempt.classification.type))")
        }
        return report
    }
}
