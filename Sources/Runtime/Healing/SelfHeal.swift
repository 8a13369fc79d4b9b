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
        repair(PipelinePhase.allCases.map { ($0, range) }, dryRun: dryRun, summary: "\(range)")
    }

    /// The tables production's self-heal looks at for yesterday: zero rows in any of them is reported, not repaired.
    static let yesterdaysRawTables = ["bdl_player_boxscores", "nbac_gamebook_player_stats", "odds_api_game_lines", "nbac_schedule"]

    /// The 12:45 job: production's self-heal (pipeline-domain §7). It acts only on what is missing — yesterday's game
    /// summaries (rerunning Phase 3 for yesterday), today's feature store, cache or composite factors (Phase 4 for
    /// today), today's and tomorrow's predictions when none is active (Phase 3, 4 and 5 for that date) — and then
    /// rebuilds that phase and date as a rerun would, stale partitions included; it alerts on yesterday's required raw
    /// tables holding no rows. A date with everything present is left alone even when something in it is stale: the
    /// cloud function never regenerated what existed (that is `heal`, the engineer's repair), and regenerating
    /// yesterday's predictions after its games were played would only supersede them.
    public func scheduledSelfHeal(dryRun: Bool = false) -> [HealAction] {
        let yesterday = today.adding(days: -1), tomorrow = today.adding(days: 1)
        let found = try? warehouse.read { tx -> (emptyRaw: [String], summaries: Bool, phase4: Bool, predictions: [Day]) in
            func rows(_ table: String, _ day: Day, dateColumn: String = "game_date", activeOnly: Bool = false) throws -> Int {
                try tx.scalar("SELECT COUNT(*) FROM \(table) WHERE \(dateColumn) = ?\(activeOnly ? " AND is_active = 1" : "")",
                              [.text(day.description)]).intValue ?? 0
            }
            func plays(_ day: Day) throws -> Bool { try rows("nba_raw.nbac_schedule", day) > 0 }
            let played = try plays(yesterday)
            let emptyRaw = played ? try Self.yesterdaysRawTables.filter { try rows("nba_raw." + $0, yesterday) == 0 } : []
            let summaries = try played ? rows("nba_analytics.player_game_summary", yesterday) == 0 : false
            let phase4 = try plays(today) ? [("ml_feature_store", "game_date"), ("player_daily_cache", "cache_date"),
                                             ("player_composite_factors", "game_date")].contains {
                try rows("nba_precompute." + $0.0, today, dateColumn: $0.1) == 0
            } : false
            let predictions = try [today, tomorrow].filter {
                try plays($0) ? rows("nba_predictions.player_prop_predictions", $0, activeOnly: true) == 0 : false
            }
            return (emptyRaw, summaries, phase4, predictions)
        }
        guard let found else { return [] }
        if !dryRun {
            for table in found.emptyRaw {
                alerts.raise(type: "self_heal_raw_missing", severity: "high", date: yesterday.description,
                             title: "\(table) has no rows for \(yesterday)",
                             message: "self-heal found no \(table) rows for yesterday's games; re-scrape the source or backfill from the lake",
                             source: "self_heal", subject: table)
            }
        }
        var steps: [(PipelinePhase, DayRange)] = []
        if found.summaries { steps.append((.phase3, DayRange(yesterday, yesterday)!)) }
        for day in found.predictions { steps += [(.phase3, DayRange(day, day)!), (.phase4, DayRange(day, day)!), (.phase5, DayRange(day, day)!)] }
        if found.phase4 && !found.predictions.contains(today) { steps.append((.phase4, DayRange(today, today)!)) }
        // Phase by phase, so later phases see the repaired earlier ones.
        steps.sort { ($0.0, $0.1.first) < ($1.0, $1.1.first) }
        return repair(steps, dryRun: dryRun, summary: "\(DayRange(yesterday, tomorrow)!)")
    }

    /// Plans and makes the repairs `steps` name, phase by phase in the order given: the missing and stale partitions of
    /// each step's phase and dates.
    private func repair(_ steps: [(PipelinePhase, DayRange)], dryRun: Bool, summary: String) -> [HealAction] {
        var actions: [HealAction] = []
        let correlation = newCorrelationID("heal")
        for (phase, range) in steps {
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
            log.info("self-heal", "\(summary): \(actions.filter { $0.status == "repaired" }.count) repaired, \(actions.filter { $0.status.hasPrefix("failed") }.count) failed",
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
