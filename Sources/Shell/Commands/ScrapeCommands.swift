import Foundation
import HTTP
import Scenario
import Scrapers
import Warehouse

/// Phase 1 from the shell: `scrape` (a scraper-level backfill with a plan and progress), `errors` (failed HTTP
/// attempts, classified), and `feed` (the in-process scenario feed and its fault rules).
enum ScrapeCommands {
    static var entries: [CommandEntry] { [
        CommandEntry(
            CommandSpec("scrape", "scrape a source (or all) for a range of dates, into the lake",
                        parameters: [.init("SOURCE", .choice(ScraperCatalog.sourceNames)), .init("RANGE", .range)],
                        options: [.init("kind", value: .choice(ScraperCatalog.kinds), valueName: "KIND",
                                        "one endpoint: \(ScraperCatalog.kinds.joined(separator: ", "))"),
                                  .init("dry-run", "show the plan only")],
                        details: """
                        Sources: bdl (BallDontLie games, box scores, injuries), nbacom (schedule, per-game box scores =
                        gamebooks), odds (events, player-points props, game lines), br (Basketball-Reference rosters),
                        bigdataball (play-by-play), all. The schedule runs first: the others check their game count
                        against it (an alert below 80 %). Each page is written to the lake as it arrives; every failed
                        attempt is in `errors`. With --sources scenario the scrapers talk to the scenario feed.
                        """),
            scrape),
        CommandEntry(
            CommandSpec("sources", "where this session's scrapers go: the real APIs or the scenario feed",
                        parameters: [.init("MODE", .choice(["real", "scenario"]), optional: true)],
                        options: [.init("remember", "keep MODE as this warehouse's default")]),
            sources),
        CommandEntry(
            CommandSpec("errors", "failed HTTP attempts, classified (api_errors)",
                        options: [.init("provider", value: .choice(SourceSettings.Name.allCases.map(\.rawValue)),
                                        valueName: "P", "one API provider"),
                                  .init("since", value: .text, valueName: "DURATION", "only the last DURATION, e.g. 2h, 30m, 1d"),
                                  .init("date", value: .date, valueName: "D", "one game date"),
                                  .init("category", value: .choice(["RATE_LIMIT", "CLIENT_ERROR", "SERVER_ERROR", "TIMEOUT", "CONNECTION", "UNKNOWN"]),
                                        valueName: "C", "one error category")]),
            errors),
        CommandEntry(
            CommandSpec("feed", "the scenario feed this session talks to, and its fault rules",
                        subcommands: [
                            CommandSpec("status", "where the feed is, what it served, its fault rules"),
                            CommandSpec("fault", "add a fault rule (see details), or list, clear, or load a named set or file",
                                        rawTail: "add RULE | list | clear | load NAME|FILE",
                                        details: """
                                        A rule: SOURCE [endpoint=PATH] [query=TEXT] ACTION [dates=D1..D2] [teams=T,T]
                                        [games=ID,ID] [p=PROBABILITY] [count=N]. SOURCE is bdl, odds, nbacom, br,
                                        bigdataball or any; ACTION is status=CODE [retry-after=S], latency=MS, timeout,
                                        truncate, html, omit or delay=HOURS. Named sets: \(ScenarioCatalog.names.joined(separator: ", ")).
                                        """),
                        ], defaultSubcommand: "status"),
            subcommands: ["status": feedStatus, "fault": feedFault]),
    ] }

    static func scrape(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult {
        let source = invocation.positional("SOURCE")?.text ?? "all"
        guard let range = session.resolve(invocation.positional("RANGE")) else {
            throw ShellError.bad("the range is reversed once today is applied", at: invocation.positionals.last?.range)
        }
        let kind = invocation.option("kind")?.text
        let scrapers = ScraperCatalog.select(source: source, kind: kind)
        guard !scrapers.isEmpty else {
            let valid = ScraperCatalog.select(source: source, kind: nil).map(\.kind).joined(separator: ", ")
            throw ShellError.bad("\(source) has no '\(kind ?? "")' scraper", at: invocation.range,
                                 suggestion: "kinds for \(source): \(valid)")
        }
        guard range.count <= 400 else {
            throw ShellError.bad("\(range.count) dates is more than a season", at: invocation.positionals.last?.range,
                                 suggestion: "scrape at most 400 dates at a time")
        }
        if invocation.flag("dry-run") {
            session.output.write("dry run: \(scrapers.count) scrapers × \(range.count) dates = \(scrapers.count * range.count) runs (nothing fetched)\n")
            return .table(ResultTable(columns: ["scraper", "source", "kind", "summary", "first", "last"], rows: scrapers.map {
                [.text($0.name), .text($0.source.rawValue), .text($0.kind), .text($0.summary),
                 .text(range.first.description), .text(range.last.description)]
            }))
        }
        let connection = try session.sources()
        let runner = ScrapeRunner(environment: connection.environment(warehouse: session.warehouse, clock: session.clock))
        let total = scrapers.count * range.count
        let terminal = session.statementStyle.terminal
        session.output.write("scraping \(scrapers.count) scraper\(scrapers.count == 1 ? "" : "s") × \(range.count) date\(range.count == 1 ? "" : "s") from the \(connection.description)\n")
        var table = ResultTable(columns: ["game_date", "scraper", "status", "pages", "records", "games", "retries", "missing"])
        var done = 0
        var statuses: [ScrapeOutcome.Status: Int] = [:]
        outer: for day in range {
            for scraper in scrapers {
                if Interrupts.pending { break outer }
                if terminal { session.output.write("\r[\(done + 1)/\(total)] \(day) \(scraper.name)\u{1B}[K") }
                let outcome = runner.run(scraper, date: day)
                done += 1
                statuses[outcome.status, default: 0] += 1
                let games = outcome.gamesFound.map { found in outcome.gamesExpected.map { "\(found)/\($0)" } ?? "\(found)" } ?? ""
                let missing = outcome.missing.isEmpty ? (outcome.status == .failed ? outcome.errorMessage ?? "" : "")
                    : outcome.missing.joined(separator: ", ")
                table.rows.append([.text(day.description), .text(outcome.scraper), .text(outcome.status.rawValue),
                                   .integer(Int64(outcome.pages)), .integer(Int64(outcome.records)),
                                   games.isEmpty ? .null : .text(games), .integer(Int64(outcome.retries)),
                                   missing.isEmpty ? .null : .text(session.redactor.redact(missing))])
            }
        }
        if terminal { session.output.write("\r\u{1B}[K") }
        session.persistSimulatedClock()
        let summary = ["success", "partial", "no_data", "failed"].compactMap { name -> String? in
            let n = statuses[ScrapeOutcome.Status(rawValue: name)!] ?? 0
            return n > 0 ? "\(n) \(name)" : nil
        }.joined(separator: ", ")
        session.output.write("\(done) scraper runs: \(summary.isEmpty ? "none" : summary)\(done < total ? " (interrupted; the runs shown are complete)" : "")\n")
        return .table(table)
    }

    static func sources(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult {
        if let mode = invocation.positional("MODE")?.text {
            session.switchSources(to: mode)
            if invocation.flag("remember") {
                try session.call { try session.warehouse.setSetting(SourceConnection.settingKey, mode) }
            }
        }
        let connection = try session.sources()
        var table = ResultTable(columns: ["source", "base_url", "key", "requests_per_minute", "timeout_s", "max_attempts"])
        for name in SourceSettings.Name.allCases {
            let settings = connection.directory.settings(name)
            let key: String
            if connection.mode == .scenario && ![.bdl, .odds].contains(name) {
                key = "none needed"
            } else if let variable = settings.keyEnvironmentVariable {
                key = connection.directory.keys[name] == nil ? "missing ($\(variable))" : "set"
            } else {
                key = connection.directory.keys[name] == nil ? "none needed" : "set"
            }
            table.rows.append([.text(name.rawValue), .text(settings.baseURL), .text(key),
                               .real(settings.policy.requestsPerMinute), .integer(Int64(settings.policy.timeoutSeconds)),
                               .integer(Int64(settings.policy.maxAttempts))])
        }
        session.output.write("scrapers use the \(connection.description)\n")
        return .table(table)
    }

    static func errors(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult {
        var conditions: [String] = []
        var arguments: [SQLValue] = []
        if let provider = invocation.option("provider")?.text { conditions.append("api_provider = ?"); arguments.append(.text(provider)) }
        if let category = invocation.option("category")?.text { conditions.append("error_category = ?"); arguments.append(.text(category)) }
        if case .day(let day)? = invocation.option("date") {
            conditions.append("game_date = ?")
            arguments.append(.text(day.resolve(today: session.today).description))
        }
        if let cutoff = try Duration.cutoff(invocation, session) {
            conditions.append("occurred_at >= ?")
            arguments.append(cutoff)
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let table = try session.call {
            try session.warehouse.read { tx in
                try tx.query("""
                    SELECT occurred_at, api_provider AS provider, scraper_name AS scraper, game_date, error_category AS category,
                           error_type AS type, response_status_code AS status, retry_attempt || '/' || max_retries AS attempt,
                           backoff_seconds AS backoff_s, CASE WHEN is_final_attempt = 1 THEN 'final' ELSE 'retried' END AS outcome,
                           severity, error_message AS message
                    FROM nba_orchestration.api_errors \(filter) ORDER BY occurred_at DESC, error_id DESC LIMIT 500
                    """, arguments)
            }
        }
        let final = table.values(of: "outcome")?.filter { $0.stringValue == "final" }.count ?? 0
        session.output.write("\(table.rows.count) failed attempt\(table.rows.count == 1 ? "" : "s")\(table.rows.count == 500 ? " (the newest 500)" : ""): \(table.rows.count - final) retried, \(final) final\n")
        return .table(table)
    }

    static func feedStatus(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult {
        guard session.sourcesMode == .scenario else {
            return .text("this session's scrapers use the real APIs (start with --sources scenario for the feed)")
        }
        let connection = try session.sources()
        var table = ResultTable(columns: ["feed", "seed", "requests_served", "odds_credits_used", "fault_rules"])
        if let server = connection.feedServer {
            table.rows.append([.text(server.baseURL), .integer(Int64(server.feed.league.seed)),
                               .integer(Int64(server.feed.requestCount)), .integer(Int64(server.feed.oddsCreditsUsed)),
                               .text(server.feed.faultRules.map { "\($0.rule.text) (fired \($0.fired)/\($0.matched))" }
                                        .joined(separator: "; "))])
        } else {
            table.rows.append([.text(connection.description), .integer(Int64(connection.config.scenarioSeed)), .null, .null, .null])
        }
        return .table(table)
    }

    static func feedFault(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult {
        guard session.sourcesMode == .scenario else {
            throw ShellError.bad("fault rules apply to the scenario feed", at: invocation.range,
                                 suggestion: "start nbaops with --sources scenario")
        }
        guard let server = try session.sources().feedServer else {
            throw ShellError.bad("the feed runs in another process", at: invocation.range,
                                 suggestion: "give that process its rules: nbaops feed serve --faults FILE")
        }
        let words = invocation.tail.split(whereSeparator: \.isWhitespace).map(String.init)
        switch words.first {
        case "add":
            do { server.feed.addFault(try FaultRule(parsing: words.dropFirst().joined(separator: " "))) } catch {
                throw ShellError.bad(error.description, at: invocation.tailRange)
            }
        case "clear": server.feed.clearFaults()
        case "load":
            let name = words.dropFirst().first ?? ""
            if let rules = ScenarioCatalog.rules(named: name, league: server.feed.league) {
                rules.forEach(server.feed.addFault)
            } else if let data = FileManager.default.contents(atPath: name) {
                do { try FaultRule.parseFile(String(decoding: data, as: UTF8.self)).forEach(server.feed.addFault) } catch {
                    throw ShellError.bad("\(name): \(error)", at: invocation.tailRange)
                }
            } else {
                throw ShellError.bad("no fault set or rules file named '\(name)'", at: invocation.tailRange,
                                     suggestion: "use one of \(ScenarioCatalog.names.joined(separator: ", ")), or the path of a rules file")
            }
        case "list", nil: break
        default:
            throw ShellError.bad("feed fault needs add RULE, list, clear or load NAME", at: invocation.tailRange)
        }
        var rules = ResultTable(columns: ["rule", "matched", "fired"])
        for entry in server.feed.faultRules {
            rules.rows.append([.text(entry.rule.text), .integer(Int64(entry.matched)), .integer(Int64(entry.fired))])
        }
        return .table(rules)
    }
}

/// `30m`, `2h`, `1d`, `90s` → seconds.
enum Duration {
    /// The instant `--since DURATION` before the session clock's now, as stored timestamps spell it; nil without the option.
    static func cutoff(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> SQLValue? {
        guard let since = invocation.option("since")?.text else { return nil }
        guard let seconds = parse(since) else {
            throw ShellError.bad("'\(since)' is not a duration", at: invocation.range, suggestion: "use a number and a unit: 30m, 2h, 1d")
        }
        return .text(PipelineCalendar.timestamp(session.clock.now - seconds))
    }

    static func parse(_ text: String) -> Double? {
        guard let unit = text.last, let value = Double(text.dropLast()), value >= 0 else { return nil }
        switch unit {
        case "s": return value
        case "m": return value * 60
        case "h": return value * 3600
        case "d": return value * 86400
        default: return nil
        }
    }
}
