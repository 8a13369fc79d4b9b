import Foundation
import Runtime
import Warehouse

/// The runtime from the shell: `run` a night, `publish` a message, `heal`, `validate`, `chaos`, `scheduler`.
enum RuntimeCommands {
    static var entries: [CommandEntry] { [
        CommandEntry(
            CommandSpec("run", "execute a whole night's timeline in simulated time",
                        parameters: [.init("DATE", .date)],
                        options: [.init("until", value: .text, valueName: "HH:MM", "stop at this Eastern time (before 05:00 = the next morning)")],
                        details: """
                        From 05:00 ET on DATE to 10:00 ET the next morning: the scheduler's scrapes (schedule and rosters
                        07:00, lines every 2 h from 6 h before the first tip, box scores 22:00/01:00/02:00/04:00), the bus
                        and its subscriptions, the Phase 2→3 deadline, Phase 3→4 event-driven and scheduled, Phase 4→5
                        tiers, validators, grading at 09:00, self-heal at 12:45, alert checks. Prints the timeline. A
                        warehouse on the wall clock is switched to the simulated clock at the night's start.
                        """),
            run),
        CommandEntry(
            CommandSpec("publish", "publish a message on a topic (as to the cloud topic)",
                        parameters: [.init("TOPIC", .choice(Topics.all))], rawTail: "JSON",
                        details: """
                        The message is delivered to the topic's subscriptions at once and their work runs (retries
                        due within the next minute too). E.g. the production backfill message:
                        publish nba-phase2-raw-complete {"game_date":"2026-01-16","backfill_mode":true,"output_table":"nba_raw.bdl_player_boxscores","status":"success"}
                        """),
            publish),
        CommandEntry(
            CommandSpec("heal", "detect, plan, repair and re-validate a range",
                        parameters: [.init("RANGE", .range, optional: true)],
                        options: [.init("dry-run", "show the plan only")],
                        details: "Default range: yesterday..tomorrow. Detects from _loads and the schedule; running it twice changes nothing."),
            heal),
        CommandEntry(
            CommandSpec("validate", "run the phase boundary validators",
                        parameters: [.init("RANGE", .range)],
                        options: [.init("boundary", value: .choice(BoundaryValidator.boundaries), valueName: "B", "one boundary")]),
            validate),
        CommandEntry(
            CommandSpec("chaos", "run a production failure experiment and report how the runtime behaved",
                        parameters: [.init("EXPERIMENT", .choice(ChaosExperiment.names)), .init("DATE", .date)]),
            chaos),
        CommandEntry(
            CommandSpec("scheduler", "scheduler jobs: list, enable, disable, run",
                        subcommands: [
                            CommandSpec("list", "jobs, their schedule (Eastern), target and last run"),
                            CommandSpec("enable", "enable a job", parameters: [.init("JOB", .choice(PipelineRuntime.jobs.map(\.name)))]),
                            CommandSpec("disable", "disable a job", parameters: [.init("JOB", .choice(PipelineRuntime.jobs.map(\.name)))]),
                            CommandSpec("run", "run a job now", parameters: [.init("JOB", .choice(PipelineRuntime.jobs.map(\.name)))]),
                        ], defaultSubcommand: "list"),
            subcommands: ["list": schedulerList, "enable": schedulerEnableJob, "disable": schedulerDisableJob, "run": schedulerRun]),
    ] }

    static func simulated(_ session: ShellSession, startingAt instant: Date) throws(ShellError) {
        guard !session.clock.isSimulated else { return }
        try session.call { try ClockSetting.setSimulated(instant, in: session.warehouse) }
        try session.reloadClock()
        session.output.write("the clock was the wall clock; it is now simulated from \(PipelineCalendar.timestamp(instant))\n")
    }

    static func run(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult {
        guard case .day(let expression)? = invocation.positional("DATE") else { throw ShellError.bad("run needs a date") }
        let date = expression.resolve(today: session.today)
        var until: Date? = nil
        if let text = invocation.option("until")?.text {
            let parts = text.split(separator: ":")
            guard parts.count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0..<24).contains(h), (0..<60).contains(m)
            else { throw ShellError.bad("'\(text)' is not a time; write HH:MM (Eastern), e.g. 23:30", at: invocation.range) }
            until = PipelineRuntime.untilTime(date, hour: h, minute: m)
        }
        let window = PipelineRuntime.nightWindow(date)
        if session.clock.isSimulated && session.clock.now >= (until ?? window.end) {
            throw ShellError.bad("the clock (\(PipelineCalendar.timestamp(session.clock.now))) is already past the night of \(date)",
                                 at: invocation.range, suggestion: "run a later date, or set the clock back with: clock set \(date) 05:00")
        }
        try simulated(session, startingAt: window.start)
        let runtime = try session.runtime()
        let summary: PipelineRuntime.NightSummary
        do { summary = try runtime.runNight(date, until: until, isCancelled: { Interrupts.pending }) } catch {
            throw ShellError.failed("the night of \(date) stopped: \(error)")
        }
        session.persistSimulatedClock()
        var table = ResultTable(columns: ["time_et", "service", "severity", "event"])
        for entry in summary.timeline where entry.severity >= .info {
            table.rows.append([.text(easternTime(entry.at)), .text(entry.service),
                               .text(entry.severity.rawValue), .text(entry.message)])
        }
        session.output.write("night of \(date): \(summary.events) events from \(easternTime(summary.start)) to \(easternTime(summary.end)) ET (the clock is now \(PipelineCalendar.timestamp(session.clock.now)))\n")
        return .table(table)
    }

    static func publish(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult {
        guard let topic = invocation.positional("TOPIC")?.text else { throw ShellError.bad("publish needs a topic") }
        guard let object = try? JSONSerialization.jsonObject(with: Data(invocation.tail.utf8)) as? [String: Any] else {
            throw ShellError.bad("the message is not a JSON object", at: invocation.tailRange,
                                 suggestion: "e.g. {\"game_date\":\"2026-01-16\",\"backfill_mode\":true,\"output_table\":\"nba_raw.bdl_player_boxscores\",\"status\":\"success\"}")
        }
        if let date = object["game_date"] as? String, Day(date) == nil {
            throw ShellError.bad("game_date '\(date)' is not a date", at: invocation.tailRange, suggestion: "write YYYY-MM-DD")
        }
        let runtime = try session.runtime()
        var fields = object
        if fields["correlation_id"] == nil { fields["correlation_id"] = String(SHA256.hex("\(topic)|\(invocation.tail)|\(PipelineCalendar.timestamp(session.clock.now))").prefix(8)) }
        if fields["timestamp"] == nil { fields["timestamp"] = PipelineCalendar.timestamp(session.clock.now) }
        if fields["trigger_source"] == nil { fields["trigger_source"] = "manual" }
        let id: String
        do { id = try runtime.bus.publish(topic: topic, fields: fields) } catch { throw ShellError.failed("\(error)") }
        let first = runtime.log.entries.count
        let events = runtime.run(until: session.clock.now + 60, isCancelled: { Interrupts.pending })
        session.persistSimulatedClock()
        let subscribers = runtime.bus.subscribers(of: topic)
        session.output.write("published \(id) on \(topic) (correlation \(fields["correlation_id"]!)); "
                             + (subscribers.isEmpty ? "no subscription: nothing was delivered\n" : "delivered to \(subscribers.joined(separator: ", ")); \(events) events ran\n"))
        var table = ResultTable(columns: ["time_et", "service", "event"])
        for entry in runtime.log.entries[first...] where entry.severity >= .info {
            table.rows.append([.text(easternTime(entry.at)), .text(entry.service), .text(entry.message)])
        }
        return .table(table)
    }

    static func heal(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult {
        let range: DayRange
        if invocation.positional("RANGE") != nil {
            guard let r = session.resolve(invocation.positional("RANGE")) else { throw ShellError.bad("the range is reversed", at: invocation.range) }
            range = r
        } else {
            range = DayRange(session.today.adding(days: -1), session.today.adding(days: 1))!
        }
        let dryRun = invocation.flag("dry-run")
        let actions = try session.runtime().heal(range, dryRun: dryRun)
        session.output.write(actions.isEmpty ? "heal \(range): nothing to repair\n"
                             : "heal \(range): \(actions.count) partition\(actions.count == 1 ? "" : "s") \(dryRun ? "would be repaired (dry run, nothing written)" : "repaired")\n")
        return .table(ResultTable(columns: ["game_date", "phase", "table", "issue", "action", "status", "rows"], rows: actions.map {
            [.text($0.date.description), .text($0.phase), .text($0.table), .text($0.issue), .text($0.action), .text($0.status),
             .integer(Int64($0.rows))]
        }))
    }

    static func validate(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult {
        guard let range = session.resolve(invocation.positional("RANGE")) else { throw ShellError.bad("the range is reversed", at: invocation.range) }
        let boundaries = invocation.option("boundary")?.text.map { [$0] } ?? BoundaryValidator.boundaries
        let validator = BoundaryValidator(warehouse: session.warehouse)
        var table = ResultTable(columns: ["game_date", "boundary", "check", "mode", "severity", "message"])
        for day in range {
            for boundary in boundaries {
                let checks = try session.call { try validator.validate(day, boundary: boundary, at: PipelineCalendar.timestamp(session.clock.now)) }
                for c in checks {
                    table.rows.append([.text(day.description), .text(boundary), .text(c.name), .text(c.mode), .text(c.severity), .text(c.message)])
                }
            }
        }
        let errors = table.rows.filter { $0[4].stringValue == "error" }.count, warnings = table.rows.filter { $0[4].stringValue == "warning" }.count
        session.output.write("\(table.rows.count) checks: \(errors) errors, \(warnings) warnings\n")
        return .table(table)
    }

    static func chaos(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult {
        guard let name = invocation.positional("EXPERIMENT")?.text, let experiment = ChaosExperiment(rawValue: name),
              case .day(let expression)? = invocation.positional("DATE") else { throw ShellError.bad("chaos needs an experiment and a date") }
        let date = expression.resolve(today: session.today)
        try simulated(session, startingAt: PipelineRuntime.nightWindow(date).start)
        let runtime = try session.runtime()
        let feed = session.feedServer?.feed
        let report: ChaosReport
        do {
            report = try experiment.run(on: runtime, date: date, feedFaults: feed.map { feed in { rules in
                if rules.isEmpty { feed.clearFaults() } else { rules.forEach { feed.addFault($0) } }
            } })
        } catch { throw ShellError.failed("chaos \(name) \(date): \(error)") }
        session.persistSimulatedClock()
        for observation in report.observations {
            session.output.write("\(easternTime(observation.at))  \(observation.text)\n")
        }
        return .table(ResultTable(columns: ["experiment", "date", "passed", "verdict"], rows: [[
            .text(name), .text(date.description), .integer(report.verdict.hasPrefix("PASSED") ? 1 : 0), .text(report.verdict),
        ]]))
    }

    static func schedulerList(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult {
        let stored = try session.call {
            try session.warehouse.read { tx in
                try tx.query("SELECT job_name, enabled, last_run_at, last_status FROM nba_orchestration.scheduler_jobs").rows
            }
        }
        let byName = Dictionary(stored.compactMap { row in row[0].stringValue.map { ($0, row) } }, uniquingKeysWith: { a, _ in a })
        let timings = try session.runtimeOptions().jobTimings
        return .table(ResultTable(columns: ["job", "schedule_et", "target", "enabled", "last_run_at", "last_status"],
                                  rows: PipelineRuntime.jobs.map { job in
            let row = byName[job.name]
            var schedule = job.schedule
            if let timing = timings[job.name] {
                if !timing.hoursBeforeFirstTip.isEmpty {
                    schedule = timing.hoursBeforeFirstTip.map { String(format: "%g h", $0) }.joined(separator: ", ") + " before the first tip"
                } else if timing.times.count > 12 {
                    schedule = "every \(24 * 60 / timing.times.count) min"
                } else {
                    schedule = "daily " + timing.times.map { String(format: "%02d:%02d", $0.hour, $0.minute) }.joined(separator: ", ")
                }
            }
            let enabled = row?[1].intValue != 0 && (timings[job.name]?.enabled ?? true)
            return [.text(job.name), .text(schedule), .text(job.target), .integer(enabled ? 1 : 0), row?[2] ?? .null, row?[3] ?? .null]
        }))
    }

    static func schedulerEnableJob(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult {
        try schedulerEnable(invocation, session, true)
    }

    static func schedulerDisableJob(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult {
        try schedulerEnable(invocation, session, false)
    }

    static func schedulerEnable(_ invocation: Invocation, _ session: ShellSession, _ enabled: Bool) throws(ShellError) -> CommandResult {
        guard let name = invocation.positional("JOB")?.text else { throw ShellError.bad("which job?") }
        try session.call { try PipelineRuntime.setEnabled(name, enabled, in: session.warehouse) }
        return try schedulerList(invocation, session)
    }

    static func schedulerRun(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult {
        guard let name = invocation.positional("JOB")?.text, let job = PipelineRuntime.job(named: name) else { throw ShellError.bad("which job?") }
        let runtime = try session.runtime()
        let first = runtime.log.entries.count
        runtime.runJobNow(job)
        _ = runtime.run(until: session.clock.now + 60, isCancelled: { Interrupts.pending })
        session.persistSimulatedClock()
        return .table(ResultTable(columns: ["time_et", "service", "event"], rows: runtime.log.entries[first...].filter { $0.severity >= .info }.map {
            [.text(easternTime($0.at)), .text($0.service), .text($0.message)]
        }))
    }
}

/// `HH:MM` on the Eastern clock, for timelines.
func easternTime(_ date: Date) -> String {
    let stamp = PipelineCalendar.easternClock(date)
    return String(stamp.prefix(2)) + ":" + String(stamp.dropFirst(2))
}
