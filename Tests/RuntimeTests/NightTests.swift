import Foundation
import Testing
import Pipeline
import Runtime
import Warehouse

/// Whole nights against the scenario feed over loopback, on the simulated clock.
@Suite(.serialized) struct Nights {
    @Test func aNightRunsFromScrapeToPredictionsAndPhase4FollowsPhase3WithinASecond() async throws {
        let h = try await RuntimeHarness(at: "2026-01-13T09:00:00Z")
        let rt = h.runtime
        _ = try await h.onThread { try [Day("2026-01-13")!, Day("2026-01-14")!].map { try rt.runNight($0) } }
        await h.stop()
        #expect((try h.scalar("SELECT COUNT(*) FROM nba_predictions.player_prop_predictions WHERE game_date = '2026-01-15'").intValue ?? 0) > 0)
        #expect((try h.scalar("SELECT COUNT(DISTINCT game_id) FROM nba_analytics.player_game_summary WHERE game_date = '2026-01-14'").intValue ?? 0) == 10)
        let paths = try h.query("""
            SELECT trigger_path, trigger_reason, latency_seconds FROM nba_orchestration.phase_transitions
            WHERE from_phase = 'phase3' AND to_phase = 'phase4' AND latency_seconds IS NOT NULL
            """).rows
        let event = paths.filter { $0[0].stringValue == "event" }.compactMap { $0[2].doubleValue }
        #expect(!event.isEmpty && event.allSatisfy { $0 < 1 }, "event-driven Phase 4 starts under a simulated second: \(event)")
        let scheduled = paths.filter { $0[0].stringValue == "scheduled" }
        #expect(!scheduled.isEmpty && scheduled.contains { $0[1].stringValue == "already_loaded" },
                "the scheduled fallback arrives second and finds the partitions loaded")
        // Or rebuilds only what the 04:00 play-by-play made stale: the shot zones read the shots before their date,
        // and what reads the zones.
        let rebuiltByFallback = Set(try h.query("SELECT processor_name FROM nba_orchestration.runs WHERE phase = 'phase4' AND trigger_source = 'scheduled'")
            .rows.compactMap { $0[0].stringValue })
        #expect(rebuiltByFallback.isSubset(of: ["PlayerShotZoneAnalysisProcessor", "TeamDefenseZoneAnalysisProcessor",
                                                "PlayerCompositeFactorsProcessor", "MLFeatureStoreProcessor"]), "\(rebuiltByFallback)")
        #expect(try h.scalar("SELECT COUNT(*) FROM nba_predictions.prediction_accuracy WHERE game_date = '2026-01-14'").intValue ?? 0 > 0,
                "graded the next morning")

        // Heal finds what a night left undone; run again it finds nothing.
        let range = DayRange(Day("2026-01-13")!, Day("2026-01-15")!)!
        _ = rt.heal(range, dryRun: false)
        #expect(rt.heal(range, dryRun: true).isEmpty, "heal is idempotent")
    }

    @Test func withoutASubscriberOnTheTriggerPhase4WaitsForTheScheduledJob() async throws {
        var options = RuntimeOptions()
        options.phase4TriggerSubscribed = false
        let h = try await RuntimeHarness(at: "2026-01-14T09:00:00Z", options: options)
        let rt = h.runtime
        _ = try await h.onThread { try rt.runNight(Day("2026-01-14")!) }
        await h.stop()
        let rows = try h.query("""
            SELECT trigger_path, trigger_reason, latency_seconds FROM nba_orchestration.phase_transitions
            WHERE from_phase = 'phase3' AND to_phase = 'phase4'
            """).rows
        #expect(!rows.isEmpty && rows.allSatisfy { $0[0].stringValue == "scheduled" })
        let waited = rows.compactMap { $0[2].doubleValue }
        #expect(!waited.isEmpty && waited.allSatisfy { $0 > 60 }, "the scheduled path waits for its job: \(waited)")
        let undelivered = try h.scalar("""
            SELECT COUNT(*) FROM nba_orchestration.messages m WHERE topic = 'nba-phase4-trigger'
            AND NOT EXISTS (SELECT 1 FROM nba_orchestration.deliveries d WHERE d.message_id = m.message_id)
            """).intValue ?? 0
        #expect(undelivered > 0, "the triggers were published into a topic nobody reads")
    }

    /// The same night from copies of the same warehouse gives identical tables.
    @Test func twoRunsOfTheSameDateProduceIdenticalTables() async throws {
        let a = try await RuntimeHarness(at: "2026-01-14T09:00:00Z")
        let b = try await RuntimeHarness(at: "2026-01-14T09:00:00Z")
        _ = try await a.onThread { try a.runtime.runNight(Day("2026-01-14")!) }
        _ = try await b.onThread { try b.runtime.runNight(Day("2026-01-14")!) }
        await a.stop()
        await b.stop()
        #expect(try fingerprint(a.warehouse) == fingerprint(b.warehouse))
        #expect(try a.scalar("SELECT COUNT(*) FROM nba_predictions.player_prop_predictions").intValue ?? 0 > 0)
    }

    func fingerprint(_ warehouse: Warehouse) throws -> [String] {
        try warehouse.read { try WarehouseFingerprint.of($0).tables }
    }
}
