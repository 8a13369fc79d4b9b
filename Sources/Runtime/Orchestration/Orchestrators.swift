import Foundation
import Pipeline
import Warehouse

/// The three orchestrators. Their per-date state is in `phase_completion` (advisory: `_loads` is the truth), their
/// decisions in `phase_transitions`, and their timers on the event queue — so a deadline fires even if no other message
/// ever arrives.
extension PipelineRuntime {
    /// Post-game data: the Phase 2→3 deadline starts at the first of these for a date (a morning schedule load does not
    /// start a night's clock).
    static let deadlineStarters: Set<String> = ["bdl_player_boxscores", "nbac_gamebook_player_stats"]

    // MARK: Phase 2 → 3

    func phase2Completed(_ message: BusMessage) {
        guard let name = message.string("processor_name") ?? message.string("output_table").map(Self.tableName),
              let date = message.gameDate.flatMap(Day.init) else { return }
        let status = message.string("status") ?? "success"
        guard status == "success" || status == "partial" else { return }
        let correlation = message.correlationID ?? newCorrelationID("phase2-3")
        recordCompletion(date: date, phase: "phase2", processor: name, status: status, correlationID: correlation,
                         count: nil)
        // A backfill message goes straight to Phase 3 for that date, in backfill mode, and triggers nothing further.
        if message.bool("backfill_mode") {
            log.info("orchestrator", "phase2→3 \(date): backfill_mode message for \(name); Phase 3 runs in backfill mode",
                     correlationID: correlation, gameDate: date.description)
            publish(topic: Topics.phase3Trigger, fields: [
                "game_date": date.description, "mode": "backfill", "backfill_mode": true, "trigger_reason": "backfill_message",
                "correlation_id": correlation, "trigger_source": "manual_backfill",
            ])
            return
        }
        let done = completedProcessors(date: date, phase: "phase2")
        let missing = PipelineRegistry.requiredPhase2.filter { !done.contains($0) }
        // New post-game data after Phase 3 already ran (the 01:00 scrape completing what 22:00 began): run it again.
        if state.isSet("phase3-triggered|\(date)"), Self.deadlineStarters.contains(name), message.payload["content_changed"]?.bool == true {
            // A minute's settling, so box scores and gamebook arriving together make one re-run, not two.
            if state.setOnce("phase3-rerun-pending|\(date)") {
                queue.schedule(at: clock.now + 60, "phase3 re-run \(date)") { [unowned self] in
                    state.unset("phase3-rerun-pending|\(date)")
                    state.unset("phase3-triggered|\(date)")
                    let now = PipelineRegistry.requiredPhase2.filter { !completedProcessors(date: date, phase: "phase2").contains($0) }
                    triggerPhase3(date, reason: "new_data", missing: now, correlationID: correlation)
                }
            }
            return
        }
        if missing.isEmpty {
            // After a deadline trigger, the late arrivals completing the set trigger Phase 3 once more.
            if state.isSet("phase3-triggered|\(date)"), state.isSet("phase3-deadline-fired|\(date)"),
               state.setOnce("phase3-retriggered|\(date)") {
                state.unset("phase3-triggered|\(date)")
                triggerPhase3(date, reason: "all_complete_after_deadline", missing: [], correlationID: correlation)
            } else {
                triggerPhase3(date, reason: "all_complete", missing: [], correlationID: correlation)
            }
        } else if Self.deadlineStarters.contains(name), state.setOnce("phase2-deadline|\(date)") {
            let deadline = clock.now + options.phase2DeadlineMinutes * 60
            state.remember("phase2-first|\(date)", clock.now)
            let required = PipelineRegistry.requiredPhase2.count
            log.info("orchestrator", "phase2→3 \(date): \(required - missing.count)/\(required) required; deadline \(PipelineCalendar.easternClock(deadline)) ET",
                     correlationID: correlation, gameDate: date.description)
            queue.schedule(at: deadline, "phase2→3 deadline \(date)") { [unowned self] in phase2Deadline(date, correlationID: correlation) }
        }
    }

    func phase2Deadline(_ date: Day, correlationID: String) {
        guard !state.isSet("phase3-triggered|\(date)") else { return }
        let done = completedProcessors(date: date, phase: "phase2")
        let missing = PipelineRegistry.requiredPhase2.filter { !done.contains($0) }
        guard !missing.isEmpty else { return triggerPhase3(date, reason: "all_complete", missing: [], correlationID: correlationID) }
        _ = state.setOnce("phase3-deadline-fired|\(date)")
        alerts.raise(type: "deadline_exceeded", severity: "high", date: date.description,
                     title: "Phase 2 deadline exceeded for \(date)",
                     message: "\(Int(options.phase2DeadlineMinutes)) min after the first completion, \(missing.count) required processors missing: \(missing.joined(separator: ", ")); Phase 3 proceeds on what exists",
                     source: "phase2_to_phase3", correlationID: correlationID)
        triggerPhase3(date, reason: "deadline_exceeded", missing: missing, correlationID: correlationID)
    }

    func triggerPhase3(_ date: Day, reason: String, missing: [String], correlationID: String) {
        guard state.setOnce("phase3-triggered|\(date)") else { return }
        let first = state.recall("phase2-first|\(date)")
        recordTransition(date: date, from: "phase2", to: "phase3", reason: reason, path: "event", correlationID: correlationID,
                         completed: PipelineRegistry.requiredPhase2.count - missing.count,
                         expected: PipelineRegistry.requiredPhase2.count, missing: missing, firstCompletion: first)
        validateBoundary(date, "2-3")
        let severity: RuntimeLog.Severity = reason == "deadline_exceeded" ? .warning : .info
        log.record(severity, "orchestrator", "phase2→3 \(date): Phase 3 triggered (\(reason))"
                   + (missing.isEmpty ? "" : "; missing \(missing.joined(separator: ", "))"),
                   correlationID: correlationID, gameDate: date.description)
        state.remember("phase3-requested|\(date)", clock.now)
        publish(topic: Topics.phase3Trigger, fields: [
            "game_date": date.description, "mode": "overnight", "trigger_reason": reason, "correlation_id": correlationID,
            "missing_processors": missing,
        ])
    }

    // MARK: Phase 3 → 4

    func phase3Completed(_ message: BusMessage) {
        guard !message.bool("backfill_mode"), let name = message.string("processor_name"),
              let trigger = (message.string("trigger_date") ?? message.gameDate).flatMap(Day.init) else { return }
        let mode = message.string("mode") ?? "overnight"
        let correlation = message.correlationID ?? newCorrelationID("phase3-4")
        recordCompletion(date: trigger, phase: "phase3:\(mode)", processor: name, status: "success", correlationID: correlation,
                         count: nil)
        let expected = mode == "same_day" ? ["UpcomingTeamGameContextProcessor", "UpcomingPlayerGameContextProcessor"]
                                          : PipelineRegistry.processors(for: .phase3).map(\.name)
        let critical = mode == "same_day" ? ["UpcomingPlayerGameContextProcessor"]
                                          : ["PlayerGameSummaryProcessor", "UpcomingPlayerGameContextProcessor"]
        let done = completedProcessors(date: trigger, phase: "phase3:\(mode)")
        let complete = expected.allSatisfy(done.contains)
        let criticalAndMost = critical.allSatisfy(done.contains) && Double(done.count) >= 0.6 * Double(expected.count)
        guard complete || criticalAndMost else { return }
        let target = mode == "same_day" ? trigger : trigger.adding(days: 1)
        guard state.setOnce("phase4-triggered|\(target)|\(mode)|\(state.recall("phase3-requested|\(trigger)")?.timeIntervalSince1970 ?? 0)") else { return }
        state.remember("phase3-complete|\(target)", clock.now)
        // Game summaries exist only for played games: the same-day path has none to validate.
        if mode != "same_day" { validateBoundary(trigger, "3-4") }
        log.info("orchestrator", "phase3→4 \(trigger) (\(mode)): \(done.count)/\(expected.count) done; nba-phase4-trigger for \(target)",
                 correlationID: correlation, gameDate: target.description)
        publish(topic: Topics.phase4Trigger, fields: [
            "game_date": target.description, "mode": mode, "trigger_reason": complete ? "all_complete" : "critical_and_60pct",
            "correlation_id": correlation, "source_date": trigger.description,
        ])
    }

    // MARK: Phase 4 → 5

    func phase4Completed(_ message: BusMessage) {
        guard let name = message.string("processor_name"), let date = message.gameDate.flatMap(Day.init) else { return }
        let correlation = message.correlationID ?? newCorrelationID("phase4-5")
        recordCompletion(date: date, phase: "phase4", processor: name, status: "success", correlationID: correlation, count: nil)
        // What counts is what is loaded for the date, whichever run loaded it (a run that found some tables fresh
        // builds only the rest).
        let expected = PipelineRegistry.processors(for: .phase4).count
        let loaded = (try? coverage(date).count) ?? 0
        if loaded >= expected {
            triggerPhase5(date, reason: "all_complete", correlationID: correlation)
        } else if state.setOnce("phase4-first|\(date)") {
            // Tiered timeouts: 4 of 5 after an hour, 3 after two, anything after four.
            for (hours, needed) in [(1.0, expected - 1), (2.0, expected - 2), (4.0, 1)] {
                queue.schedule(at: clock.now + hours * 3600, "phase4→5 tier \(Int(hours))h \(date)") { [unowned self] in
                    if ((try? coverage(date).count) ?? 0) >= needed {
                        triggerPhase5(date, reason: "timeout_tier_\(Int(hours))h", correlationID: correlation)
                    }
                }
            }
        }
    }

    func triggerPhase5(_ date: Day, reason: String, correlationID: String) {
        let round = state.recall("phase4-round|\(date)")?.timeIntervalSince1970 ?? 0
        guard !state.isSet("phase5-triggered|\(date)|\(round)") else { return }
        // The coverage gate: at least 3 of the 5 tables have rows, the daily cache and the feature store among them.
        let covered = (try? coverage(date)) ?? []
        guard covered.count >= 3, covered.contains("player_daily_cache"), covered.contains("ml_feature_store") else {
            alerts.raise(type: "coverage_gate", severity: "high", date: date.description, title: "Phase 4→5 coverage gate failed for \(date)",
                         message: "only \(covered.sorted().joined(separator: ", ")) have rows; predictions not triggered",
                         source: "phase4_to_phase5", correlationID: correlationID)
            return
        }
        guard state.setOnce("phase5-triggered|\(date)|\(round)") else { return }
        validateBoundary(date, "4-5")
        recordTransition(date: date, from: "phase4", to: "phase5", reason: reason, path: "event", correlationID: correlationID)
        publish(topic: Topics.predictionsTrigger, fields: [
            "game_date": date.description, "trigger_reason": reason, "correlation_id": correlationID,
        ])
    }

    func coverage(_ date: Day) throws -> Set<String> {
        try warehouse.read { tx in
            var tables = Set<String>()
            for processor in PipelineRegistry.processors(for: .phase4) {
                let column = processor.output.table == "player_daily_cache" ? "cache_date"
                    : processor.output.table.hasSuffix("_analysis") ? "analysis_date" : "game_date"
                if (try tx.scalar("SELECT COUNT(*) FROM \(processor.output.sql) WHERE \(column) = ?", [.text(date.description)]).intValue ?? 0) > 0 {
                    tables.insert(processor.output.table)
                }
            }
            return tables
        }
    }

    // MARK: records

    /// `nba_raw.bdl_player_boxscores` → `bdl_player_boxscores` (messages may name a table instead of a processor).
    static func tableName(_ qualified: String) -> String { qualified.split(separator: ".").last.map(String.init) ?? qualified }

    func recordCompletion(date: Day, phase: String, processor: String, status: String, correlationID: String, count: Int?) {
        try? warehouse.write { tx in
            try tx.execute("""
                INSERT OR REPLACE INTO nba_orchestration.phase_completion (game_date, phase, processor_name, status, record_count,
                  correlation_id, execution_id, completed_at) VALUES (?,?,?,?,?,?,?,?)
                """, [.text(date.description), .text(phase), .text(processor), .text(status), SQLValue(count), .text(correlationID),
                      .null, .text(nowStamp)])
        }
    }

    func completedProcessors(date: Day, phase: String) -> Set<String> {
        let rows = try? warehouse.read { tx in
            try tx.query("SELECT processor_name FROM nba_orchestration.phase_completion WHERE game_date = ? AND phase = ?",
                         [.text(date.description), .text(phase)]).rows
        }
        return Set((rows ?? []).compactMap { $0[0].stringValue })
    }

    func recordTransition(date: Day, from: String, to: String, reason: String, path: String, correlationID: String,
                          completed: Int? = nil, expected: Int? = nil, missing: [String] = [], firstCompletion: Date? = nil) {
        let first = firstCompletion ?? (to == "phase4" ? state.recall("phase3-complete|\(date)") : nil)
        let latency = first.map { clock.now.timeIntervalSince($0) }
        try? warehouse.write { tx in
            try tx.execute("""
                INSERT OR REPLACE INTO nba_orchestration.phase_transitions (game_date, from_phase, to_phase, trigger_reason,
                  trigger_path, completed_count, expected_count, missing_processors, first_completion_at, triggered_at,
                  latency_seconds, correlation_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)
                """, [.text(date.description), .text(from), .text(to), .text(reason), .text(path), SQLValue(completed),
                      SQLValue(expected), missing.isEmpty ? .null : .text(missing.joined(separator: ",")),
                      SQLValue(first.map(PipelineCalendar.timestamp)), .text(nowStamp), SQLValue(latency), .text(correlationID)])
        }
    }
}
