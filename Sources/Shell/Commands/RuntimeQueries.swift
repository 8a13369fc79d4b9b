import Foundation
import Runtime
import Warehouse

/// The read side of the runtime: `events`, `dlq`, `trace`, `logs`, `alerts`, `latency`.
enum RuntimeQueries {
    static var entries: [CommandEntry] { [
        CommandEntry(
            CommandSpec("events", "messages on the bus, with their delivery state",
                        parameters: [.init("TOPIC", .choice(Topics.all), optional: true)],
                        options: [.init("date", value: .date, valueName: "D", "one game date"),
                                  .init("status", value: .text, valueName: "S", "one status (success, partial, failed, …)"),
                                  .init("limit", value: .number, valueName: "N", "at most N messages, newest first (default 200)")]),
            events),
        CommandEntry(
            CommandSpec("dlq", "dead-lettered messages: list, replay, purge",
                        subcommands: [
                            CommandSpec("list", "messages in the dead-letter queues"),
                            CommandSpec("replay", "redeliver a message (or --all)", parameters: [.init("ID", .text, optional: true)],
                                        options: [.init("all", "every dead-lettered message")]),
                            CommandSpec("purge", "drop a message", parameters: [.init("ID", .text)]),
                        ], defaultSubcommand: "list"),
            subcommands: ["list": dlqList, "replay": dlqReplay, "purge": dlqPurge]),
        CommandEntry(
            CommandSpec("trace", "every run, message, log line and error with a correlation id, in time order",
                        parameters: [.init("CORRELATION_ID", .text)]),
            trace),
        CommandEntry(
            CommandSpec("logs", "structured logs of every service",
                        options: [.init("severity", value: .choice(RuntimeLog.Severity.allCases.map(\.rawValue)), valueName: "S", "at least this severity"),
                                  .init("service", value: .text, valueName: "S", "one service"),
                                  .init("since", value: .text, valueName: "DURATION", "e.g. 2h, 30m"),
                                  .init("grep", value: .text, valueName: "TEXT", "messages containing TEXT"),
                                  .init("limit", value: .number, valueName: "N", "at most N lines, newest first (default 200)")]),
            logs),
        CommandEntry(
            CommandSpec("alerts", "alerts raised by monitors, deadlines, validators and scrapers",
                        options: [.init("all", "acknowledged ones too"),
                                  .init("check", "run the alert checks now"),
                                  .init("ack", value: .text, valueName: "ID", "acknowledge an alert"),
                                  .init("severity", value: .choice(["low", "medium", "high", "critical"]), valueName: "S", "one severity")]),
            alerts),
        CommandEntry(
            CommandSpec("latency", "Phase 3 completion → Phase 4 start, event-driven against scheduled",
                        parameters: [.init("RANGE", .range, optional: true)]),
            latency),
    ] }

    static func limit(_ invocation: Invocation, _ fallback: Int = 200) -> Int {
        if case .number(let n)? = invocation.option("limit") { return max(1, Int(n)) }
        return fallback
    }

    static func events(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult {
        var conditions: [String] = [], arguments: [SQLValue] = []
        if let topic = invocation.positional("TOPIC")?.text { conditions.append("m.topic = ?"); arguments.append(.text(topic)) }
        if case .day(let d)? = invocation.option("date") { conditions.append("m.game_date = ?"); arguments.append(.text(d.resolve(today: session.today).description)) }
        if let status = invocation.option("status")?.text { conditions.append("m.status = ?"); arguments.append(.text(status)) }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let table = try session.call {
            try session.warehouse.read { tx in
                try tx.query("""
                    SELECT m.message_id, m.published_at, m.topic, m.game_date, m.processor_name, m.status, m.correlation_id,
                           COALESCE((SELECT group_concat(s, ', ') FROM (SELECT d.subscription || ':' || d.state AS s FROM nba_orchestration.deliveries d
                              WHERE d.message_id = m.message_id AND d.attempt = (SELECT MAX(attempt) FROM nba_orchestration.deliveries x
                                 WHERE x.message_id = d.message_id AND x.subscription = d.subscription))), 'no subscription') AS delivery
                    FROM nba_orchestration.messages m \(filter) ORDER BY m.message_id DESC LIMIT \(limit(invocation))
                    """, arguments)
            }
        }
        return .table(table)
    }

    static func dlqList(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult {
        let table = try session.call {
            try session.warehouse.read { tx in
                try tx.query("""
                    SELECT d.dead_letter_id, d.dlq_topic, d.subscription, m.game_date, d.attempts, d.last_error, d.dead_lettered_at,
                           CASE WHEN d.replayed_at IS NOT NULL THEN 'replayed' WHEN d.purged_at IS NOT NULL THEN 'purged' ELSE 'waiting' END AS state
                    FROM nba_orchestration.dead_letters d JOIN nba_orchestration.messages m ON m.message_id = d.message_id
                    ORDER BY d.dead_lettered_at DESC
                    """)
            }
        }
        let waiting = table.values(of: "state")?.filter { $0.stringValue == "waiting" }.count ?? 0
        session.output.write("\(waiting) message\(waiting == 1 ? "" : "s") waiting in the dead-letter queues\n")
        return .table(table)
    }

    static func dlqReplay(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult {
        let ids: [String]
        if invocation.flag("all") {
            ids = try session.call {
                try session.warehouse.read { tx in
                    try tx.query("SELECT dead_letter_id FROM nba_orchestration.dead_letters WHERE replayed_at IS NULL AND purged_at IS NULL ORDER BY dead_lettered_at").rows.compactMap { $0[0].stringValue }
                }
            }
        } else if let id = invocation.positional("ID")?.text {
            ids = [id]
        } else {
            throw ShellError.bad("dlq replay needs an ID or --all", at: invocation.range, suggestion: "dlq list shows the ids")
        }
        let runtime = try session.runtime()
        var replayed: [String] = []
        for id in ids {
            guard (try? runtime.bus.replay(deadLetterID: id)) != nil else {
                throw ShellError.bad("no waiting dead letter '\(id)'", at: invocation.range, suggestion: "dlq list shows the ids")
            }
            replayed.append(id)
        }
        let first = runtime.log.entries.count
        let events = runtime.run(until: session.clock.now + 60, isCancelled: { Interrupts.pending })
        session.persistSimulatedClock()
        session.output.write("replayed \(replayed.count) message\(replayed.count == 1 ? "" : "s"); \(events) events ran\n")
        return .table(ResultTable(columns: ["time_et", "service", "event"], rows: runtime.log.entries[first...].filter { $0.severity >= .info }.map {
            [.text(easternTime($0.at)), .text($0.service), .text($0.message)]
        }))
    }

    static func dlqPurge(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult {
        guard let id = invocation.positional("ID")?.text else { throw ShellError.bad("dlq purge needs an ID") }
        let purged = try session.call {
            try session.warehouse.write { tx in
                try tx.execute("UPDATE nba_orchestration.dead_letters SET purged_at = ? WHERE dead_letter_id = ? AND purged_at IS NULL AND replayed_at IS NULL",
                               [.text(PipelineCalendar.timestamp(session.clock.now)), .text(id)])
                return tx.changes > 0
            }
        }
        guard purged else { throw ShellError.bad("no waiting dead letter '\(id)'", at: invocation.range, suggestion: "dlq list shows the ids") }
        return .text("purged \(id)")
    }

    static func trace(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult {
        guard let id = invocation.positional("CORRELATION_ID")?.text else { throw ShellError.bad("trace needs a correlation id") }
        let table = try session.call {
            try session.warehouse.read { tx in
                try tx.query("""
                    SELECT at, kind, what, detail FROM (
                      SELECT started_at AS at, 'run' AS kind, processor_name || ' ' || COALESCE(game_date, '') AS what,
                             status || COALESCE(': ' || error_message, '') || ' (' || COALESCE(rows_written, 0) || ' rows)' AS detail
                        FROM nba_orchestration.runs WHERE correlation_id = ?1
                      UNION ALL SELECT started_at, 'scrape', scraper_name || ' ' || game_date, status || COALESCE(': ' || error_message, '')
                        FROM nba_orchestration.scraper_execution_log WHERE correlation_id = ?1
                      UNION ALL SELECT published_at, 'message', topic || ' ' || message_id, COALESCE(processor_name, '') || ' ' || COALESCE(status, '')
                        FROM nba_orchestration.messages WHERE correlation_id = ?1
                      UNION ALL SELECT logged_at, 'log', service, severity || ': ' || message FROM nba_orchestration.logs WHERE correlation_id = ?1
                      UNION ALL SELECT occurred_at, 'api_error', api_provider || ' ' || api_endpoint, error_type || ' attempt ' || retry_attempt || ': ' || error_message
                        FROM nba_orchestration.api_errors WHERE correlation_id = ?1
                      UNION ALL SELECT raised_at, 'alert', alert_type, title FROM nba_orchestration.alerts WHERE correlation_id = ?1
                    ) ORDER BY at, kind
                    """, [.text(id)])
            }
        }
        guard !table.rows.isEmpty else {
            throw ShellError.bad("nothing carries correlation id '\(id)'", at: invocation.range,
                                 suggestion: "events and the scraper log show correlation ids")
        }
        return .table(table)
    }

    static func logs(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult {
        var conditions: [String] = [], arguments: [SQLValue] = []
        if let severity = invocation.option("severity")?.text.flatMap(RuntimeLog.Severity.init(rawValue:)) {
            let levels = RuntimeLog.Severity.allCases.filter { $0 >= severity }.map { "'\($0.rawValue)'" }.joined(separator: ",")
            conditions.append("severity IN (\(levels))")
        }
        if let service = invocation.option("service")?.text { conditions.append("service = ?"); arguments.append(.text(service)) }
        if let text = invocation.option("grep")?.text { conditions.append("instr(message, ?) > 0"); arguments.append(.text(text)) }
        if let cutoff = try Duration.cutoff(invocation, session) {
            conditions.append("logged_at >= ?")
            arguments.append(cutoff)
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return .table(try session.call {
            try session.warehouse.read { tx in
                try tx.query("SELECT logged_at, severity, service, game_date, correlation_id, message FROM nba_orchestration.logs \(filter) ORDER BY log_id DESC LIMIT \(limit(invocation))", arguments)
            }
        })
    }

    static func alerts(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult {
        if let id = invocation.option("ack")?.text {
            let runtime = try session.runtime()
            guard (try? runtime.alerts.acknowledge(id)) == true else {
                throw ShellError.bad("no open alert '\(id)'", at: invocation.range, suggestion: "alerts lists the open ones")
            }
            session.output.write("acknowledged \(id)\n")
        }
        if invocation.flag("check") {
            let runtime = try session.runtime()
            runtime.checkAlerts()
            runtime.checkDeadLetters()
        }
        var conditions = invocation.flag("all") ? [] : ["acknowledged_at IS NULL"]
        var arguments: [SQLValue] = []
        if let severity = invocation.option("severity")?.text { conditions.append("severity = ?"); arguments.append(.text(severity)) }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let table = try session.call {
            try session.warehouse.read { tx in
                try tx.query("""
                    SELECT alert_id, severity, alert_type, game_date, raised_at, title, message,
                           CASE WHEN acknowledged_at IS NULL THEN 'open' ELSE 'acknowledged' END AS state
                    FROM nba_orchestration.alerts \(filter) ORDER BY raised_at DESC
                    """, arguments)
            }
        }
        session.output.write("\(table.rows.count) \(invocation.flag("all") ? "" : "open ")alert\(table.rows.count == 1 ? "" : "s")\n")
        return .table(table)
    }

    static func latency(_ invocation: Invocation, _ session: ShellSession) throws(ShellError) -> CommandResult {
        var filter = ""
        var arguments: [SQLValue] = []
        if invocation.positional("RANGE") != nil {
            guard let range = session.resolve(invocation.positional("RANGE")) else { throw ShellError.bad("the range is reversed", at: invocation.range) }
            filter = "AND game_date BETWEEN ? AND ?"
            arguments = [.text(range.first.description), .text(range.last.description)]
        }
        let table = try session.call {
            try session.warehouse.read { tx in
                try tx.query("""
                    SELECT game_date, trigger_path AS path, trigger_reason AS reason, first_completion_at AS phase3_completed_at,
                           triggered_at AS phase4_started_at, ROUND(latency_seconds, 3) AS latency_s
                    FROM nba_orchestration.phase_transitions WHERE from_phase = 'phase3' AND to_phase = 'phase4' \(filter)
                    ORDER BY game_date, triggered_at
                    """, arguments)
            }
        }
        var summary: [String] = []
        for path in ["event", "scheduled"] {
            let values = table.rows.filter { $0[1].stringValue == path }.compactMap { $0[5].doubleValue }.sorted()
            guard !values.isEmpty else { continue }
            summary.append(String(format: "%@: %d, median %.3f s, max %.3f s", path, values.count, values[values.count / 2], values.last!))
        }
        session.output.write(summary.isEmpty ? "no Phase 3 → Phase 4 transitions recorded\n" : summary.joined(separator: "; ") + "\n")
        return .table(table)
    }
}
