import Foundation
import Pipeline
import Scrapers
import Warehouse

/// The phase services: each is a subscription handler that runs its processors for the message's date through the
/// ProcessorRunner and publishes one completion per processor, carrying the correlation id on.
extension PipelineRuntime {
    public struct ServiceFailure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Phase 2: a scraper finished; the raw processor for what it wrote loads the date from the lake. Messages with
    /// status `failed` or `no_data` are skipped, as in production.
    func phase2(on message: BusMessage) throws {
        let builtAhead = state.takePhase2Build(for: message.id)
        guard let (name, processor, date) = Self.phase2Work(of: message) else { return }
        let status = message.string("status") ?? "success"
        try faults.check("phase2", date: date)
        try faults.check("phase2:\(name)", date: date)
        let correlation = message.correlationID ?? newCorrelationID("phase2")
        // The schedule document covers the season: the next two days are loaded with today, so tomorrow's contexts
        // and predictions can be made before tomorrow's own schedule scrape.
        let dates = processor is ScheduleRawProcessor ? [date, date.adding(days: 1), date.adding(days: 2)] : [date]
        // The build started when the scrape was published, if the lake files it read are still the ones there (the
        // runner then checks it was made with this run's id, i.e. at this instant).
        let prebuilt = builtAhead.flatMap { ahead in
            LakeInputSnapshot.of(processor, date: date, lakeDirectory: warehouse.lakeDirectory) == ahead.lake ? [0: ahead.build] : nil
        } ?? [:]
        let runs = ProcessorRuns(runner, dates.map { .init(processor: processor, date: $0) }, correlationID: correlation,
                                 trigger: "pubsub", backfillMode: message.bool("backfill_mode"), prebuilt: prebuilt)
        for (index, day) in dates.enumerated() {
            let outcome = runs.run(index)
            guard outcome.succeeded else { throw ServiceFailure(description: "\(name) \(day): \(outcome.error ?? outcome.status)") }
            if day == date { log.info("phase2", "\(name) \(day): \(outcome.rows) rows", correlationID: correlation, gameDate: day.description) }
            try bus.publish(topic: Topics.phase2Complete, fields: [
                "processor_name": name, "phase": "phase2", "execution_id": outcome.runID, "correlation_id": correlation,
                "game_date": day.description, "status": status, "timestamp": nowStamp, "output_table": outcome.table,
                "record_count": outcome.rows, "backfill_mode": message.bool("backfill_mode"), "trigger_source": "pubsub",
                "content_changed": !outcome.unchanged,
            ])
        }
    }

    /// The raw processor and date a scraper's completion asks Phase 2 to load; nil when Phase 2 skips the message
    /// (`failed` or `no_data`, as in production, or a scraper no raw processor reads).
    static func phase2Work(of message: BusMessage) -> (name: String, processor: any PartitionProcessor, date: Day)? {
        guard let scraper = message.string("processor_name"), let date = message.gameDate.flatMap(Day.init),
              ["success", "partial"].contains(message.string("status") ?? "success"),
              let name = PipelineRegistry.rawProcessorForScraper[scraper], let processor = PipelineRegistry.processor(named: name)
        else { return nil }
        return (name, processor, date)
    }

    /// Starts, on another thread, the build of the Phase 2 run a scraper's completion will trigger at its delivery, with
    /// the context that run will have then (its id comes from the processor, date, instant and correlation id): the
    /// rest of the scraping job and the deliveries before it go on meanwhile. Only for messages Phase 2 will run as
    /// published, and processors that read nothing but their own kind of lake file for the date (`LakeInputSnapshot`).
    func buildPhase2Ahead(for message: BusMessage) {
        // On the wall clock the run's instant cannot be known ahead, so its id would not match: nothing to gain there.
        guard clock.isSimulated, message.topic == Topics.phase1Complete, message.attempt == 1,
              bus.subscribers(of: Topics.phase1Complete).contains("nba-processors-sub-v2"),
              let correlation = message.correlationID, let (_, processor, date) = Self.phase2Work(of: message),
              let lake = LakeInputSnapshot.of(processor, date: date, lakeDirectory: warehouse.lakeDirectory)
        else { return }
        let mode: LoadMode = message.bool("backfill_mode") ? .backfill : .normal
        let context = runner.context(processor, date: date, correlationID: correlation, mode: mode,
                                     at: clock.now + EventBus.deliveryLatency)
        state.keepPhase2Build(PrebuiltPartition(context: context, build: BuildAhead(processor, date: date, context: context,
                                                                                   warehouse: warehouse)),
                              lake: lake, for: message.id)
    }

    /// Phase 3 for a trigger date D. Overnight: D's game summaries and the next date's upcoming contexts (so Phase 4
    /// can run overnight for it); same_day: D's upcoming contexts; backfill: all five for D, in backfill mode.
    func phase3(on message: BusMessage) throws {
        guard let date = message.gameDate.flatMap(Day.init) else { return }
        try faults.check("phase3", date: date)
        let mode = message.string("mode") ?? "overnight"
        let correlation = message.correlationID ?? newCorrelationID("phase3")
        let backfill = message.bool("backfill_mode") || mode == "backfill"
        var work: [(any PartitionProcessor, Day)] = []
        let all = PipelineRegistry.processors(for: .phase3)
        let upcoming = all.filter { $0.output.table.hasPrefix("upcoming_") }
        let summaries = all.filter { !$0.output.table.hasPrefix("upcoming_") }
        switch mode {
        case "same_day": work = upcoming.map { ($0, date) }
        case "backfill": work = all.map { ($0, date) }
        default:
            let next = date.adding(days: 1)
            let nextHasGames = (try? hasGames(on: next)) ?? false
            work = summaries.map { ($0, date) } + upcoming.map { ($0, nextHasGames ? next : date) }
        }
        var failures: [String] = []
        let runs = ProcessorRuns(runner, work.map { .init(processor: $0.0, date: $0.1) }, correlationID: correlation,
                                 trigger: "pubsub", backfillMode: backfill)
        for (index, (processor, day)) in work.enumerated() {
            let outcome = runs.run(index)
            if !outcome.succeeded { failures.append("\(processor.name): \(outcome.error ?? outcome.status)"); continue }
            try bus.publish(topic: Topics.phase3Complete, fields: [
                "processor_name": processor.name, "phase": "phase3", "execution_id": outcome.runID, "correlation_id": correlation,
                "game_date": day.description, "trigger_date": date.description, "mode": mode, "status": "success",
                "timestamp": nowStamp, "output_table": outcome.table, "record_count": outcome.rows, "backfill_mode": backfill,
            ])
        }
        log.info("phase3", "\(mode) \(date): \(work.count - failures.count)/\(work.count) processors", correlationID: correlation,
                 gameDate: date.description)
        // All failed → the message is retried; some failed → accepted (production's 500 vs 200).
        if failures.count == work.count && !work.isEmpty { throw ServiceFailure(description: failures.joined(separator: "; ")) }
    }

    /// Phase 4 for a target date, from the event-driven trigger.
    func phase4(on message: BusMessage) throws {
        guard let date = message.gameDate.flatMap(Day.init) else { return }
        try runPhase4(date, path: "event", reason: message.string("trigger_reason") ?? "event",
                      correlationID: message.correlationID ?? newCorrelationID("phase4"))
    }

    /// Runs Phase 4 for a date unless it is already loaded and nothing upstream is newer: the second of the event
    /// path and the scheduled path to arrive does nothing. The latency from Phase 3's completion is recorded either way.
    func runPhase4(_ date: Day, path: String, reason: String, correlationID: String) throws {
        try faults.check("phase4", date: date)
        let plan = try Backfiller(warehouse: warehouse).plan(BackfillRequest(phase: .phase4, range: DayRange(date, date)!,
                                                                             through: nil, onlyMissing: true))
        recordTransition(date: date, from: "phase3", to: "phase4", reason: plan.isEmpty ? "already_loaded" : reason, path: path,
                         correlationID: correlationID)
        guard !plan.isEmpty else {
            log.info("phase4", "\(date) (\(path)): partitions already loaded and fresh; nothing to do", correlationID: correlationID,
                     gameDate: date.description)
            return
        }
        // Each Phase 4 round may trigger predictions once.
        state.remember("phase4-round|\(date)", clock.now)
        var failures: [String] = []
        let runs = ProcessorRuns(runner, plan.map { .init(processor: $0.processor, date: date) }, correlationID: correlationID,
                                 trigger: path)
        for (index, partition) in plan.enumerated() {
            let outcome = runs.run(index)
            if !outcome.succeeded { failures.append("\(partition.processor.name): \(outcome.error ?? outcome.status)"); continue }
            try bus.publish(topic: Topics.phase4Complete, fields: [
                "processor_name": partition.processor.name, "phase": "phase4", "execution_id": outcome.runID,
                "correlation_id": correlationID, "game_date": date.description, "status": "success", "timestamp": nowStamp,
                "output_table": outcome.table, "record_count": outcome.rows,
            ])
        }
        log.info("phase4", "\(date) (\(path)): \(plan.count - failures.count)/\(plan.count) processors", correlationID: correlationID,
                 gameDate: date.description)
        if failures.count == plan.count { throw ServiceFailure(description: failures.joined(separator: "; ")) }
    }

    /// Phase 5: the prediction coordinator for a date (each system behind its own breaker).
    func phase5(on message: BusMessage) throws {
        guard let date = message.gameDate.flatMap(Day.init) else { return }
        try runPhase5(date, correlationID: message.correlationID ?? newCorrelationID("phase5"), trigger: "pubsub")
    }

    func runPhase5(_ date: Day, correlationID: String, trigger: String) throws {
        try faults.check("phase5", date: date)
        let outcome = runner.run(PredictionCoordinator(), date: date, correlationID: correlationID, trigger: trigger)
        guard outcome.succeeded else { throw ServiceFailure(description: outcome.error ?? outcome.status) }
        log.info("phase5", "\(date): \(outcome.rows) predictions", correlationID: correlationID, gameDate: date.description)
        try bus.publish(topic: Topics.phase5Complete, fields: [
            "processor_name": "prediction_coordinator", "phase": "phase5", "execution_id": outcome.runID,
            "correlation_id": correlationID, "game_date": date.description, "status": "success", "timestamp": nowStamp,
            "output_table": outcome.table, "record_count": outcome.rows,
        ])
    }

    func grading(on message: BusMessage) throws {
        guard let date = (message.string("target_date") ?? message.gameDate).flatMap(Day.init) else { return }
        try runGrading(date, correlationID: message.correlationID ?? newCorrelationID("grading"))
    }

    func runGrading(_ date: Day, correlationID: String) throws {
        let outcome = runner.run(GradingProcessor(), date: date, correlationID: correlationID, trigger: "grading")
        guard outcome.succeeded else { throw ServiceFailure(description: outcome.error ?? outcome.status) }
        log.info("grading", "\(date): \(outcome.rows) predictions graded", correlationID: correlationID, gameDate: date.description)
    }

    /// `nba-scraper-trigger {game_date, scraper}`: re-scrape one scraper (or the post-game set) for a date.
    func rescrape(on message: BusMessage) throws {
        guard let date = message.gameDate.flatMap(Day.init) else { return }
        let names = message.string("scraper").map { [$0] } ?? ["bdl_player_box_scores", "nbac_gamebook"]
        runScrapers(names, date: date, workflow: "scraper_trigger", correlationID: message.correlationID)
    }

    func runScrapers(_ names: [String], date: Day, workflow: String, correlationID: String? = nil) {
        guard let scrapes else {
            log.warning("scheduler", "\(workflow): no sources configured; \(names.joined(separator: ", ")) skipped", gameDate: date.description)
            return
        }
        for name in names {
            guard let descriptor = ScraperCatalog.named(name) else { continue }
            let outcome = scrapes.run(descriptor, date: date, correlationID: correlationID, workflow: workflow)
            let games = outcome.gamesFound.map { f in outcome.gamesExpected.map { " \(f)/\($0) games" } ?? " \(f) games" } ?? ""
            let severity: RuntimeLog.Severity = outcome.status == .failed ? .error : outcome.status == .partial ? .warning : .info
            log.record(severity, "phase1", "\(name) \(date): \(outcome.status.rawValue)\(games)"
                       + (outcome.missing.isEmpty ? "" : "; missing \(outcome.missing.joined(separator: ", "))"),
                       correlationID: outcome.correlationID, gameDate: date.description)
        }
    }

    func hasGames(on date: Day) throws -> Bool {
        try warehouse.read { tx in
            (try tx.scalar("SELECT COUNT(*) FROM nba_raw.nbac_schedule WHERE game_date = ?", [.text(date.description)]).intValue ?? 0) > 0
        }
    }
}

extension PipelineRuntime {
    /// Runs every processor of a phase for a date directly, outside the bus (the prediction coordinator's
    /// "tomorrow" mode computes its own inputs this way); returns how many succeeded.
    @discardableResult
    public func runPhaseDirectly(_ phase: PipelinePhase, date: Day, trigger: String,
                                 only: (any PartitionProcessor) -> Bool = { _ in true }) -> Int {
        let correlation = newCorrelationID(trigger)
        let chosen = PipelineRegistry.processors(for: phase).filter(only)
        let runs = ProcessorRuns(runner, chosen.map { .init(processor: $0, date: date) }, correlationID: correlation, trigger: trigger)
        let ok = chosen.indices.filter { runs.run($0).succeeded }.count
        log.info(trigger, "\(phase.rawValue) \(date): \(ok)/\(PipelineRegistry.processors(for: phase).count) processors run directly",
                 correlationID: correlation, gameDate: date.description)
        return ok
    }
}
