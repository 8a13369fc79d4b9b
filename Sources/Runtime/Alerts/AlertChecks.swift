import Foundation
import Pipeline
import Warehouse

/// The periodic checks (every 30 minutes; the dead-letter check every 15): completeness, prediction quality, stuck
/// phases and dead letters. Deadline and game-count alerts are raised where they happen.
extension PipelineRuntime {
    /// Phase 3 is expected to finish within 20 minutes of its trigger; 1.5× that without a completion is "stuck".
    static let expectedPhaseMinutes = 20.0

    public func checkAlerts() {
        let now = clock.now
        let hour = PipelineCalendar.easternHour(now)
        // Yesterday counts once its night is over (08:00), the day before always.
        for offset in hour >= 8 ? [1, 2] : [2] {
            let day = today.adding(days: -offset)
            guard let (scheduled, built) = try? warehouse.read({ tx -> (Int, Int) in
                let d = SQLValue.text(day.description)
                return (try tx.scalar("SELECT COUNT(*) FROM nba_raw.nbac_schedule WHERE game_date = ?", [d]).intValue ?? 0,
                        try tx.scalar("SELECT COUNT(DISTINCT game_id) FROM nba_analytics.player_game_summary WHERE game_date = ?", [d]).intValue ?? 0)
            }), scheduled > 0 else { continue }
            if Double(built) < 0.8 * Double(scheduled) {
                alerts.raise(type: "completeness_low", severity: "high", date: day.description,
                             title: "Completeness below 80% for \(day)",
                             message: "\(built) of \(scheduled) scheduled games have analytics", source: "alert_checks")
            }
        }
        if let (low, total) = try? warehouse.read({ try PredictionQuality.lowQualityCounts(on: today, $0) }),
           total > 0, Double(low) > 0.2 * Double(total) {
            alerts.raise(type: "low_quality_predictions", severity: "medium", date: today.description,
                         title: "Low-quality predictions above 20% for \(today)",
                         message: "\(low) of \(total) active predictions are poor quality", source: "alert_checks")
        }
        for offset in [0, 1] {
            let day = today.adding(days: -offset)
            if let requested = state.recall("phase3-requested|\(day)"),
               now.timeIntervalSince(requested) > 1.5 * Self.expectedPhaseMinutes * 60,
               completedProcessors(date: day, phase: "phase3:overnight").isEmpty {
                alerts.raise(type: "pipeline_stuck", severity: "high", date: day.description,
                             title: "Phase 3 stuck for \(day)",
                             message: String(format: "triggered %.0f min ago (expected %.0f min), no processor has completed",
                                             now.timeIntervalSince(requested) / 60, Self.expectedPhaseMinutes),
                             source: "alert_checks", subject: "phase3")
            }
        }
    }

    public func checkDeadLetters() {
        guard let depth = try? bus.deadLetterDepth(), depth > 0 else { return }
        alerts.raise(type: "dlq_depth", severity: "high", date: nil, title: "Dead-letter queues hold \(depth) message\(depth == 1 ? "" : "s")",
                     message: "replay them with `dlq replay --all` once the cause is fixed", source: "dlq_monitor")
    }
}
