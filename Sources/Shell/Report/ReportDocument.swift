import Foundation
import Warehouse

/// A report laid out as a sequence of blocks: Markdown text, the verdict banner, and charts. The Markdown writer
/// turns charts into text; the HTML writer hands the Markdown to Ink and draws the charts as SVG.
enum ReportBlock: Equatable {
    case markdown(String)
    case verdict(ValidationReport.State, String)
    case chart(ReportChart)
}

enum ReportDocument {
    static let maxTableRows = 25
    static let maxTextLines = 60
    static let maxCellLength = 160

    static func blocks(_ report: ValidationReport) -> [ReportBlock] {
        let transcript = report.transcript
        var blocks: [ReportBlock] = [.markdown("# " + MarkdownText.escape(report.title))]
        blocks.append(.verdict(report.state, report.verdictLine))

        var header = [("Warehouse", transcript.header.warehouse), ("Runtime clock", report.clockWindow),
                      ("Recorded", transcript.header.startedAt + (transcript.end.map { " → " + $0.endedAt } ?? " (no end record)")),
                      ("Mode", transcript.header.mode)]
        if let script = transcript.header.script { header.append(("Script", script)) }
        header.append(("Transcript", transcript.path))
        blocks.append(.markdown(header.map { "- **\($0.0)**: " + MarkdownText.escape($0.1) }.joined(separator: "\n")))

        let expectations = report.expectations
        var section = "## Expectations\n\n"
        if expectations.isEmpty {
            section += "No expectations were checked in this session."
        } else {
            section += MarkdownText.table(["", "step", "expectation", "expected", "found"], expectations.map { step, expectation in
                [expectation.passed ? "✔" : "✘", "\(step.sequence)", "expect " + expectation.text, expectation.expected, expectation.found]
            })
        }
        blocks.append(.markdown(section))

        let notes = report.notes
        if !notes.isEmpty {
            blocks.append(.markdown("## Notes\n\n" + notes.map { step, note in
                "- " + MarkdownText.escape(note) + " *(step \(step.sequence))*"
            }.joined(separator: "\n")))
        }

        let alerts = report.alerts
        blocks.append(.markdown("## Alerts raised\n\n" + (alerts.isEmpty ? "No alerts were raised during this session." :
            MarkdownText.table(["severity", "alert", "game date", "raised at", "step"], alerts.map { step, alert in
                [alert.severity, alert.title, alert.gameDate ?? "", alert.raisedAt, "\(step.sequence)"]
            }))))

        blocks.append(.markdown("## Steps"))
        for step in transcript.steps {
            blocks.append(contentsOf: stepBlocks(step, charts: report.charts[step.sequence] ?? []))
        }
        return blocks
    }

    private static func stepBlocks(_ step: Transcript.Step, charts: [ReportChart]) -> [ReportBlock] {
        let firstLine = String(String(step.input.split(separator: "\n").first ?? "").prefix(90))
        var text = "### \(step.sequence). " + MarkdownText.escape(firstLine) + "\n\n"
        text += MarkdownText.fenced(step.input, language: "ops") + "\n\n"
        let status = MarkdownText.escape(step.status)
        let duration = step.durationMilliseconds >= 1000 ? String(format: "%.1f s", step.durationMilliseconds / 1000)
                                                         : String(format: "%.0f ms", step.durationMilliseconds)
        text += [step.status == "ok" ? status : "**\(status)**", MarkdownText.escape(step.location),
                 MarkdownText.escape("clock \(step.clockTime)"), duration].joined(separator: " · ")
        if let expectation = step.expectation {
            let claim = "expect " + MarkdownText.escape(expectation.text)
            let found = MarkdownText.escape(expectation.found)
            let line: String = expectation.passed
                ? "✔ \(claim) (found \(found))"
                : "✘ **\(claim)**: expected \(MarkdownText.escape(expectation.expected)), found \(found)"
            text += "\n\n" + line
        }
        if let note = step.note { text += "\n\n> **Note:** " + MarkdownText.escape(note) }
        if let error = step.error {
            var line = "> ✘ " + MarkdownText.escape(error.message)
            if let position = error.position { line += " (at " + MarkdownText.escape(position) + ")" }
            if let suggestion = error.suggestion { line += " — " + MarkdownText.escape(suggestion) }
            text += "\n\n" + line
        }
        if let table = step.table {
            let total = step.rowCount ?? table.rows.count
            let shown = table.rows.prefix(maxTableRows)
            text += "\n\n" + MarkdownText.table(table.columns, shown.map { row in row.map { cell($0) } })
            if total > shown.count { text += "\n\n*… \(total - shown.count) more row\(total - shown.count == 1 ? "" : "s") (\(total) in all)*" }
        }
        if let output = step.text, !output.isEmpty {
            let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
            var shown = lines.prefix(maxTextLines).joined(separator: "\n")
            if lines.count > maxTextLines { shown += "\n… \(lines.count - maxTextLines) more lines" }
            text += "\n\n" + MarkdownText.fenced(shown, language: "text")
        }
        return [.markdown(text)] + charts.map { .chart($0) }
    }

    private static func cell(_ value: SQLValue) -> String {
        let text: String
        switch value {
        case .null: text = "NULL"
        case .real(let d): text = d == d.rounded() && abs(d) < 1e15 ? String(format: "%.1f", d) : String(format: "%.4g", d)
        default: text = value.stringValue ?? ""
        }
        return text.count > maxCellLength ? String(text.prefix(maxCellLength - 1)) + "…" : text
    }
}

/// Markdown spelling of untrusted text: every value from a transcript passes through here, so neither Markdown
/// nor HTML in a value (a player named `<script>`, a cell holding `|`) changes the document's structure.
enum MarkdownText {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "|": out += "&#124;"
            case "\\", "`", "*", "_", "[", "]", "#", "~", "!": out += "\\" + String(character)
            case "\n", "\r", "\t": out += " "
            default: out.append(character)
            }
        }
        return out
    }

    /// A table with every header and cell escaped.
    static func table(_ columns: [String], _ rows: [[String]]) -> String {
        var lines = ["| " + columns.map { $0.isEmpty ? " " : escape($0) }.joined(separator: " | ") + " |",
                     "|" + columns.map { _ in "---" }.joined(separator: "|") + "|"]
        for row in rows {
            let cells = row.map { value -> String in
                let escaped = escape(value)
                return escaped.isEmpty ? " " : escaped
            }
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }

    /// A fenced block whose fence is longer than any backtick run inside, so the content cannot close it.
    static func fenced(_ text: String, language: String) -> String {
        var longest = 0, run = 0
        for character in text {
            if character == "`" { run += 1; longest = max(longest, run) } else { run = 0 }
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return fence + language + "\n" + text + "\n" + fence
    }
}
