import Foundation
import Testing
import Scenario

/// Phase 1 through the built binary: the in-process feed, `nbaops feed serve` in its own process, and a search of
/// every byte the runs left behind for the API keys.
@Suite(.serialized) struct ScrapingThroughTheBinary {
    static let keys: [String] = {
        let credentials = ScenarioFeed.Credentials(seed: 2026)
        return [credentials.ballDontLieKey, credentials.oddsAPIKey]
    }()

    func assertNoKeys(under directory: String) throws {
        for path in try FileManager.default.subpathsOfDirectory(atPath: directory) {
            guard let data = FileManager.default.contents(atPath: directory + "/" + path) else { continue }
            for key in ScrapingThroughTheBinary.keys {
                #expect(data.range(of: Data(key.utf8)) == nil, "an API key is in \(path)")
            }
        }
    }

    @Test func scenarioSourcesStartTheFeedInProcess() throws {
        let warehouse = Nbaops.temporaryDirectory("scrape")
        let result = try Nbaops.run(["--warehouse", warehouse, "--sources", "scenario", "-c",
                                     "scrape all 2026-01-15; errors"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("from the scenario feed in-process at http://127.0.0.1:"))
        // On the wall clock (no simulated instant set) the season is long over: the injury report of today is empty.
        #expect(result.stdout.contains("10 scraper runs: 9 success, 1 no_data"))
        let lake = try FileManager.default.subpathsOfDirectory(atPath: warehouse + "/lake")
        #expect(lake.contains { $0.hasPrefix("ball-dont-lie/player-box-scores/2026-01-15/") })
        try assertNoKeys(under: warehouse)
    }

    @Test func aFailingSourceEndsTheScriptNonZeroAndNamesIt() throws {
        let warehouse = Nbaops.temporaryDirectory("scrape-fail")
        let result = try Nbaops.run(["--warehouse", warehouse, "--sources", "scenario", "-c",
                                     "clock set 2026-01-16 08:00; feed fault add bigdataball status=500; scrape bigdataball 2026-01-15; expect status == 'success'"])
        #expect(result.exitCode == 1)
        #expect(result.stdout.contains("failed"))
        #expect(result.stdout.contains("HTTP_500 after 5 attempts") || result.stdout.contains("HTTP_500"))
    }

    /// `nbaops feed serve` in its own process; a second nbaops scrapes it through NBAOPS_FEED_URL; Ctrl-C stops it.
    @Test func feedServeServesAnotherProcess() throws {
        let feed = Process()
        feed.executableURL = URL(fileURLWithPath: Nbaops.binary)
        feed.arguments = ["feed", "serve", "--port", "0", "--scenario", "clean"]
        feed.currentDirectoryURL = Nbaops.packageRoot
        let output = Pipe()
        feed.standardOutput = output
        try feed.run()
        defer { if feed.isRunning { feed.terminate() } }
        var banner = ""
        let reader = output.fileHandleForReading
        while !banner.contains("Ctrl-C stops") {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            banner += String(decoding: chunk, as: UTF8.self)
        }
        guard let match = banner.range(of: #"http://127\.0\.0\.1:\d+"#, options: .regularExpression) else {
            Issue.record("no URL in the feed's banner: \(banner)")
            return
        }
        let feedURL = String(banner[match])
        let warehouse = Nbaops.temporaryDirectory("feed-serve")
        let result = try Nbaops.run(["--warehouse", warehouse, "--sources", "scenario", "-c",
                                     "clock set 2026-01-16 08:00; scrape nbacom 2026-01-15"],
                                    environment: ["NBAOPS_FEED_URL": feedURL])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("from the scenario feed at \(feedURL)"))
        #expect(result.stdout.contains("2 scraper runs: 2 success"))
        kill(feed.processIdentifier, SIGINT)
        feed.waitUntilExit()
        #expect(feed.terminationStatus == 0)
        let rest = String(decoding: reader.readDataToEndOfFile(), as: UTF8.self)
        #expect(rest.contains("feed stopped after"))
        try assertNoKeys(under: warehouse)
    }
}

@Suite struct ScrapeResilience {
    /// A page that fails all five attempts gets a second pass after the others; a bot-check page answering 200 is a
    /// failed attempt, not a roster: the roster scrape still ends with all 30 teams.
    @Test func aPageThatGaveUpIsTriedAgainAndAChallengePageIsNotARoster() throws {
        let warehouse = Nbaops.temporaryDirectory("second-pass")
        let result = try Nbaops.run(["--warehouse", warehouse, "--sources", "scenario", "--format", "csv", "-c",
                                     "clock set 2026-01-15 09:00; feed fault add br endpoint=/teams/MIA status=503 count=5; "
                                     + "feed fault add br endpoint=/teams/BOS html count=1; scrape br 2026-01-14 --kind rosters"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("2026-01-14,br_season_roster,success,30,450"), "\(result.stdout)")
        let errors = try Nbaops.run(["--warehouse", warehouse, "--format", "csv", "-c",
                                     "SELECT error_type, COUNT(*) AS n FROM nba_orchestration.api_errors GROUP BY 1 ORDER BY 1"])
        #expect(errors.stdout.contains("HTML_CHALLENGE,1") && errors.stdout.contains("HTTP_503,5"), "\(errors.stdout)")
    }
}
