import Foundation
import Investigation
import Runtime
import Warehouse

/// The read-side commands an on-call engineer uses first: `status`, `gaps`, `completeness`.
enum InvestigationCommands {
    static var entries: [CommandEntry] { [
        CommandEntry(CommandSpec("status", "services, last run per phase, bus and DLQ depth, open alerts and breakers, the clock"), status),
        CommandEntry(
            CommandSpec("gaps", "date × phase matrix against the schedule, with the missing games named",
                        parameters: [.init("RANGE", .range)],
                        options: [.init("phase", value: .number, valueName: "N", "only this phase (2, 3, 4 or 5)")],
                        details: """
                        Statuses: COMPLETE (every game through analytics), PARTIAL (some games missing), NEEDS_BACKFILL
                        (raw data but no analytics), NO_RAW_DATA (no box scores from any source), NO_GAMES. A footer gives
                        the commands that would repair the gaps.
                        """),
            gaps),
        CommandEntry(
            CommandSpec("explain", "why a date is incomplete, how predictions were made, what a run did",
                        subcommands: [
                            CommandSpec("gap", "sources, runs, messages and validators behind an incomplete date",
                                        parameters: [.init("DATE", .date)]),
                            CommandSpec("predictions", "how a date's predictions were made, and a verdict",
                                        parameters: [.init("DATE", .date)],
                                        options: [.init("player", value: .text, valueName: "P", "one player"),
                                                  .init("system", value: .text, valueName: "S", "one prediction system")]),
                            CommandSpec("run", "one run's inputs, outputs, timings, errors and messages",
                                        parameters: [.init("RUN_ID", .text)]),
                        ]),
            subcommands: ["predictions": explainPredictions, "gap": explainGap, "run": explainRun]),
        CommandEntry(
            CommandSpec("patterns", "historical failure and coverage patterns",
                        parameters: [.init("RANGE", .range, optional: true)],
                        options: [.init("by", value: .choice(Patterns.Dimension.allCases.map(\.rawValue)), valueName: "DIM",
                                        "group by source (default), team, venue, weekday or hour")],
                        details: "Default range: the last 60 days. Played games only (before today)."),
            patterns),
        CommandEntry(
            CommandSpec("audit", "check configuration against the registry",
                        subcommands: [CommandSpec("config", "processor, table and topic names in config files against the registry",
                                                  parameters: [.init("FILE", .file, optional: true, variadic: true)],
                                                  details: "Default files: config/*.yaml, the warehouse's config/*.yaml and sessions/*.ops.")]),
            subcommands: ["config": auditConfig]),
        CommandEntry(
            CommandSpec("completeness", "the 30-day completeness check, one bar per date",
                        options: [.init("days", value: .number, valueName: "N", "how many days back (default 30)")]),
            completeness),
    ] }

    static func status(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult {
        var table = try session.call { try RuntimeStatus.table(warehouse: session.warehouse) }
        let clock = "\(session.clock.isSimulated ? "simulated" : "wall") \(PipelineCalendar.timestamp(session.clock.now)) (today \(session.today))"
        var head: [[SQLValue]] = [[.text("clock"), .text("runtime"), .text(clock)]]
        let mode = session.sourcesMode
        if let feed = session.feedServer {
            head.append([.text("sources"), .text(mode.rawValue), .text("scenario feed at \(feed.baseURL): \(feed.feed.requestCount) requests, \(feed.feed.faultRules.count) fault rules")])
        } else {
            head.append([.text("sources"), .text(mode.rawValue), .text(mode == .scenario ? "scenario feed (started on first scrape)" : "the real APIs")])
        }
        table.rows = head + table.rows
        return .table(table)
    }

    static func gaps(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult {
        guard let range = session.resolve(invocation.positional("RANGE")) else {
            throw ShellError.bad("the range is reversed once today is applied", at: invocation.positionals.last?.range)
        }
        var phase: Int? = nil
        if case .number(let n)? = invocation.option("phase") {
            guard [2, 3, 4, 5].contains(Int(n)), n == n.rounded() else {
                throw ShellError.bad("--phase is 2, 3, 4 or 5", at: invocation.range)
            }
            phase = Int(n)
        }
        guard range.count <= 400 else {
            throw ShellError.bad("\(range.count) dates is more than a season", at: invocation.positionals.last?.range, suggestion: "ask for at most 400 dates")
        }
        let matrix = try session.call { try GapMatrix(range: range, today: session.today, warehouse: session.warehouse) }
        let counts = Dictionary(grouping: matrix.rows, by: \.status).mapValues(\.count)
        let summary = GapStatus.allCases.compactMap { s in counts[s].map { "\($0) \(s.rawValue)" } }.joined(separator: ", ")
        session.output.write("\(range): \(summary)\n")
        var result = CommandResult(.table(matrix.table(phase: phase)))
        let repairs = matrix.repairs
        if !repairs.isEmpty { result.footer = "to repair:\n" + repairs.map { "  " + $0 }.joined(separator: "\n") }
        return result
    }

    static func patterns(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult {
        var range = DayRange(session.today.adding(days: -60), session.today)!
        if invocation.positional("RANGE") != nil {
            guard let r = session.resolve(invocation.positional("RANGE")) else { throw ShellError.bad("the range is reversed", at: invocation.range) }
            range = r
        }
        let dimension = invocation.option("by")?.text.flatMap(Patterns.Dimension.init(rawValue:)) ?? .source
        return .table(try session.call {
            try Patterns.table(by: dimension, range: range, today: session.today, warehouse: session.warehouse)
        })
    }

    static func auditConfig(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult {
        var files = invocation.positionals(named: "FILE").compactMap(\.text)
        for file in files where !FileManager.default.fileExists(atPath: file) {
            throw ShellError.bad("no such file: \(file)", at: invocation.range, suggestion: "give config files to check, or none for the defaults")
        }
        if files.isEmpty {
            for directory in ["config", session.warehouse.directory + "/config", "sessions"] {
                let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
                files += names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") || $0.hasSuffix(".ops") }.map { directory + "/" + $0 }
            }
        }
        let (findings, checked) = try session.call { try ConfigAudit.audit(files: files) }
        session.output.write("\(files.count) files, \(checked) names checked: \(findings.isEmpty ? "no drift" : "\(findings.count) drifted")\n")
        return .table(ResultTable(columns: ["file", "line", "name", "registry_name"], rows: findings.map {
            [.text($0.file), .integer(Int64($0.line)), .text($0.name), .text($0.registryName)]
        }))
    }

    static func explainRun(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult {
        guard let id = invocation.positional("RUN_ID")?.text else { throw ShellError.bad("explain run needs a run id") }
        guard let table = try session.call({ try RunExplainer.explain(runID: id, warehouse: session.warehouse) }) else {
            throw ShellError.bad("no run or scraper execution '\(id)'", at: invocation.range,
                                 suggestion: "run ids are in nba_orchestration.runs (trace CORRELATION_ID lists them)")
        }
        return .table(table)
    }

    static func explainGap(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult {
        guard case .day(let expression)? = invocation.positional("DATE") else { throw ShellError.bad("explain gap needs a date") }
        let date = expression.resolve(today: session.today)
        return .table(try session.call { try GapExplainer.explain(date: date, today: session.today, warehouse: session.warehouse) })
    }

    static func explainPredictions(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult {
        guard case .day(let expression)? = invocation.positional("DATE") else { throw ShellError.bad("explain predictions needs a date") }
        let date = expression.resolve(today: session.today)
        let (table, verdict) = try session.call {
            try PredictionExplainer.explain(date: date, player: invocation.option("player")?.text, system: invocation.option("system")?.text,
                                            warehouse: session.warehouse)
        }
        guard let verdict else {
            throw ShellError.bad("no active predictions for \(date)\(invocation.option("player")?.text.map { " and \($0)" } ?? "")",
                                 at: invocation.range, suggestion: "gaps \(date) shows what the date has")
        }
        session.output.write("\(date): \(verdict.decision.uppercased()) — \(verdict.reason)\(verdict.command.map { "\n  \($0)" } ?? "")\n")
        return .table(table)
    }

    static func completeness(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult {
        var days = 30
        if case .number(let n)? = invocation.option("days") {
            guard n >= 1, n <= 400, n == n.rounded() else { throw ShellError.bad("--days is a whole number from 1 to 400", at: invocation.range) }
            days = Int(n)
        }
        let check = try session.call { try CompletenessCheck(days: days, today: session.today, warehouse: session.warehouse) }
        let terminal = session.statementStyle.terminal && session.statementStyle.format == .table
        var table = ResultTable(columns: ["game_date", "scheduled", "boxscores", "gamebooks", "analytics", "rows_per_game", "predictions",
                                          terminal ? "complete" : "complete_pct", "issues"])
        for row in check.rows {
            let pct = row.fraction * 100
            let bar = String(repeating: "█", count: Int((row.fraction * 20).rounded())) + String(repeating: "░", count: 20 - Int((row.fraction * 20).rounded()))
            table.rows.append([.text(row.date.description), .integer(Int64(row.scheduled)), .integer(Int64(row.boxscores)),
                               .integer(Int64(row.gamebooks)), .integer(Int64(row.analytics)), .real((row.rowsPerGame * 10).rounded() / 10),
                               .integer(Int64(row.predictions)),
                               terminal ? .text(bar + String(format: " %3.0f%%", pct)) : .real((pct * 10).rounded() / 10),
                               row.issues.isEmpty ? .null : .text(row.issues.joined(separator: ", "))])
        }
        session.output.write("last \(days) days: \(check.completeDates) of \(check.rows.count) dates with games complete\n")
        return .table(table)
    }
}
