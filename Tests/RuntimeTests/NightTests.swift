import Foundation
import Testing
import Pipeline
import Runtime
import Warehouse

@Suite(.serialized) struct Nights {
    @Test func aNightRunsFromScrapeToPredictions() async throws {
        let h = try await RuntimeHarness(at: "2026-01-13T09:00:00Z")
        let rt = h.runtime
        let summaries = try await h.onThread {
            try [Day("2026-01-13")!, Day("2026-01-14")!].map { try rt.runNight($0) }
        }
        await h.stop()
        for entry in summaries.last!.timeline.filter({ $0.severity >= .info }) {
            print(PipelineCalendar.easternClock(entry.at), entry.service, entry.message)
        }
        let predictions = try h.scalar("SELECT COUNT(*) FROM nba_predictions.player_prop_predictions WHERE game_date = '2026-01-15'")
        #expect((predictions.intValue ?? 0) > 0)
    }
}
