import Foundation
import Testing
import HTTP
import Runtime
import Scenario
import Scrapers
import Warehouse

@Suite(.serialized) struct ScrapingOverLoopback {
    @Test func aNightScrapesEverySource() async throws {
        let h = try await FeedHarness(at: "2026-01-16T12:00:00Z")
        let outcomes = await h.scrape(["schedule", "box-scores", "gamebooks", "games", "injuries", "events", "props",
                                       "game-lines", "rosters", "pbp"], on: "2026-01-15")
        await h.stop()
        for outcome in outcomes {
            #expect(outcome.status == .success, "\(outcome.scraper): \(outcome.status) \(outcome.errorMessage ?? "")")
        }
        let box = outcomes.first { $0.scraper == "bdl_player_box_scores" }!
        #expect(box.gamesExpected == 9 && box.gamesFound == 9)
        #expect(box.pages >= 3, "9 games × ~26 rows need several 100-row pages")
        let log = try h.query("SELECT COUNT(*), COUNT(DISTINCT scraper_name) FROM nba_orchestration.scraper_execution_log")
        #expect(log.rows[0][1].intValue == 10)
        let messages = try h.query("SELECT COUNT(*) FROM nba_orchestration.messages WHERE topic = 'nba-phase1-scrapers-complete'")
        #expect(messages.rows[0][0].intValue == 10)
        let files = try FileManager.default.subpathsOfDirectory(atPath: h.warehouse.lakeDirectory).filter { $0.contains(".") }
        #expect(files.contains { $0.hasPrefix("ball-dont-lie/player-box-scores/2026-01-15/") && $0.hasSuffix("-p001.json") })
        #expect(files.contains { $0.hasPrefix("basketball-ref/season-rosters/2026-01-15/") && $0.hasSuffix(".html") })
        #expect(files.contains { $0.hasPrefix("big-data-ball/play-by-play/2026-01-15/") && $0.hasSuffix(".csv") })
        #expect(files.filter { $0.hasPrefix("nba-com/gamebooks-data/2026-01-15/") }.count == 9)
        let quota = try h.query("SELECT quota_remaining, quota_used FROM nba_orchestration.scraper_execution_log WHERE scraper_name = 'oddsa_player_props'")
        #expect((quota.rows.first?[1].intValue ?? 0) > 0, "The Odds API's credits are recorded")
        #expect((quota.rows.first?[0].intValue ?? 0) + (quota.rows.first?[1].intValue ?? 0) == ScenarioFeed.oddsQuota)
    }
}
