import Foundation
import Testing
import Pipeline
import Runtime
import Warehouse

/// The 12:45 job follows production's self-heal: it repairs what is missing and reports what it cannot, and leaves
/// stale partitions to `heal`.
@Suite(.serialized) struct ScheduledSelfHeal {
    @Test func itRepairsWhatIsMissingReportsEmptyRawTablesAndLeavesStalePartitionsToHeal() async throws {
        var options = RuntimeOptions()
        options.jobTimings = PipelineRuntime.defaultJobTimings
        options.jobTimings["self-heal"]?.enabled = false
        let h = try await RuntimeHarness(at: "2026-01-14T09:00:00Z", options: options)
        let rt = h.runtime
        let night = Day("2026-01-14")!
        // Phase 3 is down for the night: the game summaries of Jan 14 are never written.
        rt.faults.add(.init(service: "phase3", dates: night...night, message: "service unavailable"))
        _ = try await h.onThread { try rt.runNight(night) }
        await h.stop()
        rt.faults.clear()
        let summaries = "SELECT COUNT(*) FROM nba_analytics.player_game_summary WHERE game_date = '2026-01-14'"
        #expect(try h.scalar(summaries).intValue == 0)
        // Yesterday's box scores were lost as well (zero rows): reported, not rebuilt from thin air.
        try h.warehouse.write { try $0.execute("DELETE FROM nba_raw.bdl_player_boxscores WHERE game_date = '2026-01-14'") }

        let actions = try await h.onThread { rt.scheduledSelfHeal() }
        #expect(actions.contains { $0.date == night && $0.table == "nba_analytics.player_game_summary" && $0.status == "repaired" },
                "\(actions.map { "\($0.date) \($0.table) \($0.status)" })")
        #expect(try h.scalar(summaries).intValue ?? 0 > 0, "Phase 3 was rerun for yesterday")
        #expect(!actions.contains { $0.date == night && $0.phase != "phase3" },
                "for yesterday only Phase 3 is rerun: its Phase 4 and its predictions are left as they were made")
        let alert = try h.scalar("SELECT COUNT(*) FROM nba_orchestration.alerts WHERE alert_type = 'self_heal_raw_missing' AND game_date = '2026-01-14' AND alert_id LIKE '%bdl_player_boxscores'")
        #expect(alert.intValue == 1, "an empty required raw table is an alert")
        for day in ["2026-01-15", "2026-01-16"] {
            let active = try h.scalar("SELECT COUNT(*) FROM nba_predictions.player_prop_predictions WHERE game_date = '\(day)' AND is_active = 1")
            #expect(active.intValue ?? 0 > 0, "today's and tomorrow's predictions exist: \(day)")
        }

        // What the repair made stale downstream (Jan 14's predictions now predate its rebuilt summaries' neighbours)
        // is for `heal`; the job itself finds nothing more to do.
        #expect(rt.scheduledSelfHeal(dryRun: true).isEmpty)
        let thorough = rt.heal(DayRange(night, Day("2026-01-16")!)!, dryRun: true)
        #expect(thorough.contains { $0.issue.hasPrefix("stale") }, "\(thorough.map { "\($0.date) \($0.table) \($0.issue)" })")
    }
}
