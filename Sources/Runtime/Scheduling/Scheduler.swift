import Foundation
import Pipeline
import Warehouse

/// One scheduler job: when it runs (US-Eastern, as production) and what it does.
public struct SchedulerJob: Sendable {
    public let name: String
    public let schedule: String
    public let target: String
    /// Eastern times of day (hours, minutes) it runs at; betting lines are planned from the day's first tip instead.
    let times: [(Int, Int)]
    let action: @Sendable (PipelineRuntime, Date) -> Void
}

extension PipelineRuntime {
    /// The production schedule (pipeline-domain §1), one definition for `scheduler list` and the runtime.
    public static let jobs: [SchedulerJob] = [
        SchedulerJob(name: "schedule-and-rosters", schedule: "daily 07:00", target: "scrape nbac_schedule, br_season_roster, bdl_injuries",
                     times: [(7, 0)]) { rt, now in
            rt.runScrapers(["nbac_schedule", "br_season_roster", "bdl_injuries"], date: PipelineCalendar.easternDayValue(now),
                           workflow: "morning_operations")
        },
        SchedulerJob(name: "betting-lines", schedule: "every 2 h from 6 h before the first tip", target: "scrape oddsa_events, oddsa_player_props, oddsa_game_lines",
                     times: []) { rt, now in
            rt.runScrapers(["oddsa_events", "oddsa_player_props", "oddsa_game_lines"], date: PipelineCalendar.easternDayValue(now),
                           workflow: "betting_lines")
        },
        SchedulerJob(name: "post-game-boxscores", schedule: "daily 22:00, 01:00, 02:00, 04:00 (04:00 adds play-by-play)",
                     target: "scrape bdl_player_box_scores, nbac_gamebook", times: [(22, 0), (1, 0), (2, 0), (4, 0)]) { rt, now in
            let hour = PipelineCalendar.easternHour(now)
            let day = PipelineCalendar.easternDayValue(now).adding(days: hour < 12 ? -1 : 0)
            rt.runScrapers(["bdl_player_box_scores", "nbac_gamebook"] + (hour == 4 ? ["bigdataball_pbp"] : []), date: day,
                           workflow: "post_game_window_\(hour)")
        },
        SchedulerJob(name: "bdl-catchup", schedule: "daily 10:00, 14:00, 18:00", target: "scrape bdl_player_box_scores (yesterday)",
                     times: [(10, 0), (14, 0), (18, 0)]) { rt, now in
            rt.runScrapers(["bdl_player_box_scores"], date: PipelineCalendar.easternDayValue(now).adding(days: -1), workflow: "bdl_catchup")
        },
        SchedulerJob(name: "overnight-phase4", schedule: "daily 06:00", target: "Phase 4 for today (fallback)", times: [(6, 0)]) { rt, now in
            rt.scheduledPhase4(PipelineCalendar.easternDayValue(now), job: "overnight-phase4")
        },
        SchedulerJob(name: "overnight-predictions", schedule: "daily 07:00", target: "Phase 5 for today", times: [(7, 0)]) { rt, now in
            rt.scheduledPhase5(PipelineCalendar.easternDayValue(now), job: "overnight-predictions")
        },
        SchedulerJob(name: "grading", schedule: "daily 09:00", target: "grade yesterday", times: [(9, 0)]) { rt, now in
            let day = PipelineCalendar.easternDayValue(now).adding(days: -1)
            try? rt.runGrading(day, correlationID: rt.newCorrelationID("grading"))
        },
        SchedulerJob(name: "same-day-phase3", schedule: "daily 10:30", target: "Phase 3 upcoming contexts for today", times: [(10, 30)]) { rt, now in
            let day = PipelineCalendar.easternDayValue(now)
            rt.publish(topic: Topics.phase3Trigger, fields: ["game_date": day.description, "mode": "same_day",
                                                                     "trigger_reason": "scheduled", "correlation_id": rt.newCorrelationID("same-day")])
        },
        SchedulerJob(name: "same-day-phase4", schedule: "daily 11:00", target: "Phase 4 for today (fallback)", times: [(11, 0)]) { rt, now in
            rt.scheduledPhase4(PipelineCalendar.easternDayValue(now), job: "same-day-phase4")
        },
        SchedulerJob(name: "same-day-predictions", schedule: "daily 11:30", target: "Phase 5 for today", times: [(11, 30)]) { rt, now in
            rt.scheduledPhase5(PipelineCalendar.easternDayValue(now), job: "same-day-predictions")
        },
        SchedulerJob(name: "self-heal", schedule: "daily 12:45", target: "what is missing yesterday, today and tomorrow", times: [(12, 45)]) { rt, _ in
            _ = rt.scheduledSelfHeal()
        },
        SchedulerJob(name: "alert-checks", schedule: "every 30 min", target: "completeness, quality, stuck phases",
                     times: (0..<48).map { ($0 / 2, ($0 % 2) * 30) }) { rt, _ in rt.checkAlerts() },
        SchedulerJob(name: "dlq-check", schedule: "every 15 min", target: "dead-letter depth", times: (0..<96).map { ($0 / 4, ($0 % 4) * 15) }) { rt, _ in
            rt.checkDeadLetters()
        },
    ]

    public static func job(named name: String) -> SchedulerJob? { jobs.first { $0.name == name } }

    /// The built-in timings, equal to config/pipeline.yaml's `scheduler` section (a test holds them together).
    public static var defaultJobTimings: [String: PipelineConfig.JobTiming] {
        var timings: [String: PipelineConfig.JobTiming] = [:]
        for job in jobs {
            timings[job.name] = .init(times: job.times.map { .init(hour: $0.0, minute: $0.1) },
                                      hoursBeforeFirstTip: job.name == "betting-lines" ? [6, 4, 2, 0] : [], enabled: true)
        }
        return timings
    }

    /// A job's times of day: the configuration's when it names the job, else the built-in ones.
    func times(of job: SchedulerJob) -> [(Int, Int)] {
        options.jobTimings[job.name].map { $0.times.map { ($0.hour, $0.minute) } } ?? job.times
    }

    /// Puts every enabled job's runs in [start, end) on the queue; betting lines are planned once the day's schedule
    /// is known (after the morning scrape).
    public func scheduleJobs(from start: Date, to end: Date) throws {
        let disabled = try disabledJobs().union(options.jobTimings.filter { !$0.value.enabled }.keys)
        var day = PipelineCalendar.easternDayValue(start).adding(days: -1)
        let last = PipelineCalendar.easternDayValue(end)
        while day <= last {
            for job in Self.jobs where !disabled.contains(job.name) {
                for (hour, minute) in times(of: job) {
                    let at = Self.eastern(day, hour, minute)
                    guard at >= start && at < end else { continue }
                    queue.schedule(at: at, "job \(job.name)") { [unowned self] in runJob(job) }
                }
            }
            if !disabled.contains("betting-lines") {
                // After the morning schedule load; a window that starts later plans them at its start.
                let planAt = max(Self.eastern(day, 7, 30), start)
                if planAt < end && planAt < Self.eastern(day.adding(days: 1), 0, 0) {
                    let thisDay = day
                    queue.schedule(at: planAt, "plan betting-lines \(day)") { [unowned self] in planLines(thisDay, until: end) }
                }
            }
            day = day.adding(days: 1)
        }
    }

    func planLines(_ day: Day, until end: Date) {
        let firstTip = try? warehouse.read { tx in
            try tx.scalar("SELECT MIN(game_start_time) FROM nba_raw.nbac_schedule WHERE game_date = ?", [.text(day.description)]).stringValue
        }
        guard let job = Self.job(named: "betting-lines"), let tip = firstTip.flatMap({ $0 }).flatMap(PipelineCalendar.parseTimestamp) else {
            log.info("scheduler", "betting-lines \(day): no games scheduled", gameDate: day.description)
            return
        }
        for hoursBefore in options.jobTimings["betting-lines"]?.hoursBeforeFirstTip ?? [6, 4, 2, 0] {
            let at = tip - hoursBefore * 3600
            guard at >= clock.now && at < end else { continue }
            queue.schedule(at: at, "job betting-lines") { [unowned self] in runJob(job) }
        }
    }

    /// `scheduler run JOB`: now, whatever its schedule says.
    public func runJobNow(_ job: SchedulerJob) { runJob(job) }

    func runJob(_ job: SchedulerJob) {
        // The frequent checks speak only when they find something.
        let quiet = job.name == "alert-checks" || job.name == "dlq-check"
        log.record(quiet ? .debug : .info, "scheduler", "\(job.name) starts")
        job.action(self, clock.now)
        try? warehouse.write { tx in
            try tx.execute("""
                INSERT INTO nba_orchestration.scheduler_jobs (job_name, schedule, time_zone, target, enabled, last_run_at, last_status)
                VALUES (?, ?, 'America/New_York', ?, 1, ?, 'ok')
                ON CONFLICT(job_name) DO UPDATE SET last_run_at = excluded.last_run_at, last_status = 'ok'
                """, [.text(job.name), .text(job.schedule), .text(job.target), .text(nowStamp)])
        }
    }

    func scheduledPhase4(_ day: Day, job: String) {
        guard (try? hasGames(on: day)) == true else { return }
        do { try runPhase4(day, path: "scheduled", reason: job, correlationID: newCorrelationID(job)) } catch {
            log.error("scheduler", "\(job) \(day): \(error)", gameDate: day.description)
        }
    }

    func scheduledPhase5(_ day: Day, job: String) {
        guard (try? coverage(day))?.contains("ml_feature_store") == true else {
            log.warning("scheduler", "\(job) \(day): no feature store for the date; predictions not run", gameDate: day.description)
            return
        }
        do { try runPhase5(day, correlationID: newCorrelationID(job), trigger: job) } catch {
            log.error("scheduler", "\(job) \(day): \(error)", gameDate: day.description)
        }
    }

    public func disabledJobs() throws -> Set<String> {
        try warehouse.read { tx in
            Set(try tx.query("SELECT job_name FROM nba_orchestration.scheduler_jobs WHERE enabled = 0").rows.compactMap { $0[0].stringValue })
        }
    }

    public static func setEnabled(_ name: String, _ enabled: Bool, in warehouse: Warehouse) throws {
        guard let job = job(named: name) else { return }
        try warehouse.write { tx in
            try tx.execute("""
                INSERT INTO nba_orchestration.scheduler_jobs (job_name, schedule, time_zone, target, enabled) VALUES (?, ?, 'America/New_York', ?, ?)
                ON CONFLICT(job_name) DO UPDATE SET enabled = excluded.enabled
                """, [.text(job.name), .text(job.schedule), .text(job.target), .integer(enabled ? 1 : 0)])
        }
    }

    static func eastern(_ day: Day, _ hour: Int, _ minute: Int) -> Date {
        PipelineCalendar.easternInstant(day, hour: hour, minute: minute)
    }
}
