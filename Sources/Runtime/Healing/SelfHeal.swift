import Foundation
import Pipeline
import Warehouse

/// One repair self-heal found to make (or made).
public struct HealAction: Sendable {
    public let date: Day
    public let phase: String
    public let table: String
    public let issue: String
    public let action: String
    public var status: String
    public var rows: Int
}

/// Self-heal: detect from `_loads` and the schedule (never from orchestration state, which may be stale), plan,
/// repair phase by phase so later phases see the repaired earlier ones, and re-validate. Missing required Phase 2
/// tables are rebuilt from the lake (optional ones are left alone); game summaries and grading only where games have
/// been played; contexts, Phase 4 and predictions where their inputs exist; predictions built on upstream that was
/// loaded later are regenerated (superseding the old rows). Running it again finds nothing to do.
extension PipelineRuntime {
    static let needsPlayedGames: Set<String> = ["player_game_summary", "team_offense_game_summary", "team_defense_game_summary",
                                                "prediction_accuracy"]

    public func heal(_ range: DayRange, dryRun: Bool) -> [HealAction] {
        var actions: [HealAction] = []
        let correlation = newCorrelationID("heal")
        for phase in PipelinePhase.allCases {
            let request = BackfillRequest(phase: phase, range: range, through: nil, onlyMissing: true,
                                          include: { Self.qualifies($0, $1, $2) })
            guard let plan = try? Backfiller(warehouse: warehouse).plan(request) else { continue }
            let runs = ProcessorRuns(runner, plan.map { .init(processor: $0.processor, date: $0.date) }, correlationID: correlation,
                                     trigger: "self_heal", mode: .heal)
            for (index, partition) in plan.enumerated() {
                var action = HealAction(date: partition.date, phase: phase.rawValue, table: partition.processor.output.description,
                                        issue: partition.reason == .missing ? "missing" : "stale (upstream loaded later)",
                                        action: partition.reason == .missing ? "build" : (phase == .phase5 ? "regenerate and supersede" : "rebuild"),
                                        status: dryRun ? "planned" : "pending", rows: 0)
                if !dryRun {
                    // Heal asks the phase's service, as production's self-heal did: a failing service fails the repair.
                    do {
                        try faults.check(phase == .grading ? "grading" : phase.rawValue, date: partition.date)
                        let outcome = runs.run(index)
                        action.status = outcome.succeeded ? "repaired" : "failed: \(outcome.error ?? outcome.status)"
                        action.rows = outcome.rows
                    } catch {
                        action.status = "failed: \(error)"
                    }
                }
                actions.append(action)
            }
        }
        if !dryRun {
            record(actions, correlationID: correlation)
            for date in Set(actions.map(\.date)).sorted() {
                if date < today { validateBoundary(date, "3-4") }
                if actions.contains(where: { $0.date == date && $0.phase == "phase4" }) { validateBoundary(date, "4-5") }
            }
            log.info("self-heal", "\(range): \(actions.filter { $0.status == "repaired" }.count) repaired, \(actions.filter { $0.status.hasPrefix("failed") }.count) failed",
                     correlationID: correlation)
        }
        return actions
    }

    /// Only what can be built from what exists: no required-only-optional Phase 2 tables, no game summaries for games
    /// not played, no Phase 4 or 5 without their inputs.
    static func qualifies(_ processor: any PartitionProcessor, _ date: Day, _ tx: WarehouseTransaction) -> Bool {
        let name = processor.name
        let d = SQLValue.text(date.description)
        func count(_ sql: String) -> Int { (try? tx.scalar(sql, [d]).intValue ?? 0) ?? 0 }
        switch processor.phase {
        case .phase2:
            return PipelineRegistry.requiredPhase2.contains(name)
        case .phase3 where Self.needsPlayedGames.contains(processor.output.table):
            return count("SELECT COUNT(*) FROM nba_raw.nbac_gamebook_player_stats WHERE game_date = ?")
                + count("SELECT COUNT(*) FROM nba_raw.bdl_player_boxscores WHERE game_date = ?") > 0
        case .phase3:
            return count("SELECT COUNT(*) FROM nba_raw.nbac_schedule WHERE game_date = ?") > 0
        case .phase4:
            return count("SELECT COUNT(*) FROM nba_analytics.upcoming_player_game_context WHERE game_date = ?") > 0
        case .phase5:
            return count("SELECT COUNT(*) FROM nba_precompute.ml_feature_store WHERE game_date = ?") > 0
        case .grading:
            return count("SELECT COUNT(*) FROM nba_analytics.player_game_summary WHERE game_date = ?") > 0
                && count("SELECT COUNT(*) FROM nba_predictions.player_prop_predictions WHERE game_date = ?") > 0
        }
    }

    private func record(_ actions: [HealAction], correlationID: String) {
        try? warehouse.write { tx in
            for (index, action) in actions.enumerated() {
                try tx.execute("""
                    INSERT OR REPLACE INTO nba_orchestration.heal_actions (action_id, game_date, phase, detected_issue, action, status,
                      run_id, details, created_at, finished_at) VALUES (?,?,?,?,?,?,?,?,?,?)
                    """, [.text("heal-\(correlationID)-\(index)"), .text(action.date.description), .text(action.phase),
                          .text("\(action.table): \(action.issue)"), .text(action.action), .text(action.status), .text(correlationID),
                          .text("{\"rows\":\(action.rows)}"), .text(nowStamp), .text(nowStamp)])
            }
        }
    }
}
