import Foundation
import Runtime
import Warehouse

/// Appends one JSON object per line to `<warehouse>/transcripts/<started-at>.jsonl`: a `session` record, a `step`
/// per statement, and an `end` record. Inputs and results pass through the secret redactor first.
final class TranscriptRecorder {
    let path: String
    private let handle: FileHandle
    private let redactor: (String) -> String
    private var sequence = 0
    /// The newest alert seen, so each step records only the alerts raised while it ran.
    private var alertCursor: Int64 = 0
    private let warehouse: Warehouse
    static let maxRows = 500
    static let maxText = 65_536

    init(session: ShellSession, mode: String, script: String?) throws {
        let started = session.wallClock.now
        let stamp = PipelineCalendar.timestamp(started).replacingOccurrences(of: ":", with: "-")
        let directory = session.warehouse.transcriptsDirectory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var candidate = directory + "/" + stamp + ".jsonl"
        var suffix = 1
        while FileManager.default.fileExists(atPath: candidate) {
            suffix += 1
            candidate = directory + "/" + stamp + "-\(suffix).jsonl"
        }
        path = candidate
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw WarehouseError.io("cannot write the transcript \(path)")
        }
        self.handle = handle
        warehouse = session.warehouse
        alertCursor = (try? warehouse.read { tx in
            try tx.query("SELECT COALESCE(MAX(rowid), 0) FROM nba_orchestration.alerts").rows.first?[0].intValue
        }).flatMap { $0 }.map(Int64.init) ?? 0
        let redactor = session.redactor
        self.redactor = { redactor.redact($0) }
        write([
            ("type", "\"session\""), ("version", "1"),
            ("started_at", JSONText.string(PipelineCalendar.timestamp(started))),
            ("warehouse", JSONText.string(session.warehouse.directory)),
            ("mode", JSONText.string(mode)),
            ("script", script.map(JSONText.string) ?? "null"),
            ("clock_time", JSONText.string(PipelineCalendar.timestamp(session.clock.now))),
            ("clock_simulated", session.clock.isSimulated ? "true" : "false"),
        ])
    }

    struct Step {
        var input: String
        var location: String
        var wallTime: Date
        var clockTime: Date
        var clockAfter: Date
        var durationMilliseconds: Double
        var status: String
        var result: CommandResult?
        var error: ShellError?
        var errorPosition: String?
    }

    func record(_ step: Step) {
        sequence += 1
        var fields: [(String, String)] = [
            ("type", "\"step\""), ("seq", String(sequence)),
            ("input", JSONText.string(redactor(step.input))),
            ("location", JSONText.string(step.location)),
            ("wall_time", JSONText.string(PipelineCalendar.timestamp(step.wallTime))),
            ("clock_time", JSONText.string(PipelineCalendar.timestamp(step.clockTime))),
            ("clock_after", JSONText.string(PipelineCalendar.timestamp(step.clockAfter))),
            ("duration_ms", String(format: "%.3f", step.durationMilliseconds)),
            ("status", JSONText.string(step.status)),
        ]
        switch step.result?.output {
        case .table(let table)?:
            let rows = table.rows.prefix(TranscriptRecorder.maxRows).map { row in
                "[" + row.map { value -> String in
                    if case .text(let s) = value { return JSONText.string(redactor(s)) }
                    return JSONText.value(value)
                }.joined(separator: ",") + "]"
            }
            fields.append(("result", "{\"columns\":[" + table.columns.map(JSONText.string).joined(separator: ",")
                + "],\"rows\":[" + rows.joined(separator: ",") + "],\"row_count\":\(table.rows.count),\"truncated\":"
                + (table.rows.count > TranscriptRecorder.maxRows ? "true" : "false") + "}"))
        case .text(let text)?:
            fields.append(("text", JSONText.string(redactor(String(text.prefix(TranscriptRecorder.maxText))))))
        default: break
        }
        if let verdict = step.result?.expectation {
            fields.append(("expectation", "{\"text\":\(JSONText.string(verdict.text)),\"passed\":\(verdict.passed),"
                + "\"expected\":\(JSONText.string(verdict.expected)),\"found\":\(JSONText.string(verdict.found))}"))
        }
        if let note = step.result?.note { fields.append(("note", JSONText.string(redactor(note)))) }
        let alerts = alertsRaised()
        if !alerts.isEmpty { fields.append(("alerts", "[" + alerts.joined(separator: ",") + "]")) }
        if let error = step.error {
            fields.append(("error", "{\"kind\":\(JSONText.string(error.kind == .badInput ? "bad_input" : "failed")),"
                + "\"message\":\(JSONText.string(redactor(error.message))),"
                + "\"position\":\(step.errorPosition.map(JSONText.string) ?? "null"),"
                + "\"suggestion\":\(error.suggestion.map { JSONText.string(redactor($0)) } ?? "null")}"))
        }
        write(fields)
    }

    /// Alerts written since the previous step, as JSON objects.
    private func alertsRaised() -> [String] {
        let rows = (try? warehouse.read { tx in
            try tx.query("""
                SELECT rowid, severity, title, game_date, raised_at FROM nba_orchestration.alerts WHERE rowid > ? ORDER BY rowid
                """, [.integer(alertCursor)]).rows
        }) ?? []
        if let last = rows.last?[0].intValue { alertCursor = Int64(last) }
        return rows.map { row in
            "{\"severity\":\(JSONText.value(row[1])),\"title\":\(JSONText.string(redactor(row[2].stringValue ?? ""))),"
                + "\"game_date\":\(JSONText.value(row[3])),\"raised_at\":\(JSONText.value(row[4]))}"
        }
    }

    func finish(exitCode: Int32, wallTime: Date) {
        write([("type", "\"end\""), ("exit_code", String(exitCode)),
               ("ended_at", JSONText.string(PipelineCalendar.timestamp(wallTime))), ("steps", String(sequence))])
        try? handle.close()
    }

    private func write(_ fields: [(String, String)]) {
        let line = "{" + fields.map { JSONText.string($0.0) + ":" + $0.1 }.joined(separator: ",") + "}\n"
        handle.write(Data(line.utf8))
    }
}
