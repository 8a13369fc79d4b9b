import Foundation
import Testing
import Pipeline
import Runtime
import Scrapers
import SourceFormats
import Warehouse

/// A Phase 2 run is built from the lake as soon as its scrape is published; the build is used only if the lake files it
/// read are the ones there when the delivery runs — a file rewritten in between is read again.
@Suite(.serialized) struct Phase2BuildAhead {
    @Test func aBuildFromLakeFilesThatChangedSinceIsNotUsed() async throws {
        let h = try await RuntimeHarness(at: "2026-01-14T09:00:00Z")
        let rt = h.runtime
        let date = Day("2026-01-13")!
        let scraper = try #require(ScraperCatalog.named("bdl_player_box_scores"))
        let outcome = try await h.onThread { rt.scrapes!.run(scraper, date: date, correlationID: "build-ahead-test") }
        await h.stop()
        #expect(outcome.status == .success, "\(outcome)")
        let count = "SELECT COUNT(*) FROM nba_raw.bdl_player_boxscores WHERE game_date = '2026-01-13'"
        #expect(try h.scalar(count).intValue == 0, "published, not yet delivered")

        // The build has started from the scraped pages; now the first page loses its first ten stats on disk.
        let directory = h.warehouse.lakeDirectory + "/" + LakeLayout.bdlBoxScores.path + "/2026-01-13"
        let page = try #require(try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }.sorted().first)
        let path = directory + "/" + page
        var document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        let stats = try #require(document["data"] as? [Any])
        document["data"] = Array(stats.dropFirst(10))
        try await Task.sleep(for: .milliseconds(10))  // a later modification time than the scrape's, whatever the clock's grain
        try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: path))

        _ = try await h.onThread { rt.run(until: PipelineCalendar.parseTimestamp("2026-01-14T09:05:00Z")!) }
        let loaded = try h.scalar(count).intValue ?? 0
        let scraped = outcome.records
        #expect(loaded > 0 && loaded == scraped - 10, "the delivery read the rewritten page: \(loaded) rows of \(scraped) scraped")
    }
}
