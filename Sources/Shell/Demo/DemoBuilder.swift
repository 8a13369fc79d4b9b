import Foundation
import Pipeline
import Runtime
import Scenario
import Scrapers
import Warehouse

/// Builds the demo warehouse: the scenario season from opening night to the morning of 2026-01-21, with the January
/// 2026 incident injected (pipeline-domain §9). History (opening night → Jan 13) is scraped from the feed date by date,
/// two lanes of sources side by side, and loaded through Phases 2 → 5b in date-ordered chunks while the scraping goes
/// on (`HistoryScrape`, `loadHistory`); Jan 14 → Jan 21 08:00 — the night before BallDontLie's first big miss and the
/// incident's six — runs night by night through the runtime — scheduler, bus, orchestrators, deadlines — with the
/// incident's faults on: BallDontLie's missing games, BigDataBall failing, the Phase 3 service failing Jan 16–20, no
/// subscriber on `nba-phase4-trigger` until Jan 21, Jan 20's predictions made the day before from stale upstream, and
/// the monitoring config naming `br_roster`. A runtime night costs about as much as seven history dates, so the nights
/// before the incident are loaded as history (one odds snapshot a game rather than the day's four, the injury report
/// and play-by-play as history scrapes them); the gaps, the incident and the runbook's results are the same.
struct DemoBuilder {
    static let opening = Day("2025-10-21")!
    static let historyEnd = Day("2026-01-13")!
    static let incidentNights = DayRange(Day("2026-01-14")!, Day("2026-01-20")!)!
    /// The morning of Jan 21, 08:00 Eastern (the night of Jan 20 runs until then).
    static let finish = PipelineRuntime.untilTime(Day("2026-01-20")!, hour: 4, minute: 0) + 4 * 3600
    static let doneKey = "demo.complete"

    let warehouse: Warehouse
    let seed: UInt64
    /// Where the history starts (opening night by default; tests start later to be quick).
    var historyStart: Day = DemoBuilder.opening
    let progress: (String) -> Void

    func build() throws {
        try warehouse.setSetting(SourceConnection.settingKey, "scenario")
        try warehouse.setSetting("scenario.seed", String(seed))
        try warehouse.setSetting("scenario.faults", "incident")
        // The monitoring config as it was: `br_roster` where the table is `br_rosters_current` (pipeline-domain §8).
        try FileManager.default.createDirectory(atPath: warehouse.directory + "/config", withIntermediateDirectories: true)
        try Data("""
            # Phase 2 → 3 monitoring: the processors the completion tracker expects per date.
            phase2_expected:
              - bdl_player_boxscores
              - odds_api_game_lines
              - nbac_schedule
              - nbac_gamebook_player_stats
              - bigdataball_play_by_play
              - br_roster
            alert_topics:
              - nba-phase2-raw-complete-dlq
              - nba-phase3-analytics-complete-dlq

            """.utf8).write(to: URL(fileURLWithPath: warehouse.directory + "/config/monitoring.yaml"))
        try warehouse.setSetting("runtime.phase4_trigger_subscribed", "false")
        let clock = VirtualClock(start: PipelineRuntime.nightWindow(Self.incidentNights.first).start)
        try ClockSetting.setSimulated(clock.now, in: warehouse)
        let config = try PipelineConfig.load()
        let connection = try SourceConnection(mode: .scenario, config: config, clock: clock, seed: seed, faultSet: "incident")

        // History: every scraper for every date, in lanes on other threads, while the main thread loads what has
        // been scraped through Phases 2 → 5b, a fixed chunk of dates at a time in date order.
        let history = DayRange(historyStart, Self.historyEnd)!
        let quiet = ScrapeRunner(environment: ScrapeEnvironment(warehouse: warehouse, client: connection.client,
                                                                directory: connection.directory, publisher: nil))
        _ = quiet.run(ScraperCatalog.named("nbac_schedule")!, date: historyStart, workflow: "demo_history", backfillMode: true)
        _ = quiet.run(ScraperCatalog.named("br_season_roster")!, date: Self.historyEnd, workflow: "demo_history", backfillMode: true)
        let scraping = HistoryScrape(days: Array(history), start: clock.now, warehouse: warehouse, connection: connection)
        scraping.start()
        defer { scraping.waitUntilFinished() }  // never leave lanes writing behind a failed build
        try loadHistory(scraping)
        scraping.waitUntilFinished()
        clock.advance(to: scraping.finishedAt)

        // The incident window, night by night through the runtime.
        var options = RuntimeOptions()
        options.phase4TriggerSubscribed = false
        options.jobTimings = config.jobs
        let runtime = PipelineRuntime(warehouse: warehouse, clock: clock, sources: (connection.client, connection.directory), options: options)
        runtime.faults.add(.init(service: "phase3", dates: Day("2026-01-16")!...Day("2026-01-20")!,
                                 message: "TypeError: HealthChecker.__init__() got an unexpected keyword argument 'project_id'"))
        // Jan 20's predictions, made on the 19th at noon from what existed then (production's TOMORROW run).
        runtime.queue.schedule(at: PipelineRuntime.untilTime(Day("2026-01-19")!, hour: 12, minute: 0), "tomorrow's predictions") {
            let tomorrow = Day("2026-01-20")!
            runtime.runPhaseDirectly(.phase3, date: tomorrow, trigger: "tomorrow-predictions") { $0.output.table.hasPrefix("upcoming_") }
            runtime.runPhaseDirectly(.phase4, date: tomorrow, trigger: "tomorrow-predictions")
            runtime.runPhaseDirectly(.phase5, date: tomorrow, trigger: "tomorrow-predictions")
        }
        for night in Self.incidentNights {
            progress("incident: the night of \(night)")
            _ = try runtime.runNight(night, until: night == Self.incidentNights.last ? Self.finish : nil)
        }
        try ClockSetting.setSimulated(clock.now, in: warehouse)
        try warehouse.setSetting("runtime.phase4_trigger_subscribed", "true")
        try warehouse.setSetting(Self.doneKey, String(seed))
        try warehouse.checkpoint()
    }

    /// Dates loaded through Phases 2 → 5b per backfill run while the lanes scrape on. The chunks are fixed, not
    /// "whatever has been scraped by now", so every build makes the same runs with the same times.
    static let historyChunk = 8

    /// Loads the history chunk by chunk, each as soon as every lane has scraped its dates, as one backfill run
    /// stamped with the moment the slowest lane finished them: no later than any file it reads, so nothing loaded
    /// looks older than the lake. Every processor reads only its date and earlier ones, so loading date-ordered
    /// chunks phase by phase gives the rows loading the whole range phase by phase would.
    private func loadHistory(_ scraping: HistoryScrape) throws {
        let backfiller = Backfiller(warehouse: warehouse)
        let days = scraping.days
        var next = 0, chunk = 0
        while next < days.count {
            let end = min(days.count, next + Self.historyChunk)
            let scrapedAt = scraping.waitForDays(end)
            chunk += 1
            let plan = try backfiller.plan(BackfillRequest(phase: .phase2, range: DayRange(days[next], days[end - 1])!,
                                                           through: .grading, onlyMissing: false))
            let context = ProcessingContext(runID: String(format: "demo-history-%02d", chunk),
                                            processedAt: PipelineCalendar.timestamp(scrapedAt), mode: .backfill)
            _ = try backfiller.run(plan, context: context, progress: { done, total, partition in
                if done % 25 == 0 || done == total {
                    progress("history: Phases 2 → 5b, \(days[next]) → \(days[end - 1]), \(done)/\(total) partitions "
                             + "(\(partition.processor.output.table) \(partition.date)); scraped \(scraping.daysDone)/\(days.count) days")
                }
            })
            next = end
        }
    }
}
