import Foundation
import Ink

/// The two spellings of a report. Both lay out the same blocks; only a chart's drawing differs.
public enum ReportFormat: String, Sendable {
    case markdown = "md"
    case html

    /// The format a file name asks for, from its extension.
    public init?(path: String) {
        switch (path as NSString).pathExtension.lowercased() {
        case "md", "markdown": self = .markdown
        case "html", "htm": self = .html
        default: return nil
        }
    }

    public func render(_ report: ValidationReport) -> String {
        switch self {
        case .markdown: return MarkdownReportWriter.render(report)
        case .html: return HTMLReportWriter.render(report)
        }
    }
}

enum MarkdownReportWriter {
    static func render(_ report: ValidationReport) -> String {
        ReportDocument.blocks(report).map { block -> String in
            switch block {
            case .markdown(let text): return text
            case .verdict(let state, let line): return "**\(state.rawValue)** — " + MarkdownText.escape(line)
            case .chart(let chart): return "**" + MarkdownText.escape(chart.title) + "**\n\n" + MarkdownText.fenced(TextChart.render(chart), language: "text")
            }
        }.joined(separator: "\n\n") + "\n"
    }
}

/// Charts drawn in characters, for the Markdown report (and anyone reading it in a terminal).
enum TextChart {
    static func render(_ chart: ReportChart) -> String {
        switch chart {
        case .completeness(_, let bars):
            return bars.map { bar in
                let filled = Int((bar.fraction * 20).rounded())
                return bar.date + " " + String(repeating: "█", count: filled) + String(repeating: "░", count: 20 - filled)
                    + " " + bar.label + " " + bar.status
            }.joined(separator: "\n")
        case .timeline(_, let events):
            var lanes: [String] = []
            for event in events where !lanes.contains(event.service) { lanes.append(event.service) }
            let width = lanes.map(\.count).max() ?? 0
            let span = max(1, events.map(\.minute).max() ?? 1)
            let first = events.first?.time ?? "", last = events.last?.time ?? ""
            var lines = lanes.map { lane -> String in
                var cells = Array(repeating: Character("·"), count: 48)
                for event in events where event.service == lane {
                    let at = min(47, Int((event.minute / span * 47).rounded()))
                    cells[at] = event.severity == "error" || event.severity == "critical" ? "x" : (event.severity == "warning" ? "!" : "●")
                }
                return lane.padding(toLength: width, withPad: " ", startingAt: 0) + " " + String(cells)
            }
            lines.append(String(repeating: " ", count: width + 1) + first + String(repeating: " ", count: max(1, 48 - first.count - last.count)) + last)
            return lines.joined(separator: "\n")
        case .distribution(_, let bars):
            let total = max(1, bars.map(\.count).reduce(0, +))
            let width = bars.map(\.label.count).max() ?? 0
            return bars.map { bar in
                let filled = Int((Double(bar.count) / Double(total) * 30).rounded())
                return bar.label.padding(toLength: width, withPad: " ", startingAt: 0) + " " + String(repeating: "█", count: filled)
                    + " \(bar.count)"
            }.joined(separator: "\n")
        }
    }
}

/// One self-contained page: inline CSS, inline SVG, no scripts, nothing fetched. The Markdown goes through Ink;
/// everything that came from the transcript was escaped before Ink saw it, and the SVG escapes its own text.
enum HTMLReportWriter {
    static func render(_ report: ValidationReport) -> String {
        let parser = MarkdownParser()
        var body = ""
        for block in ReportDocument.blocks(report) {
            switch block {
            case .markdown(let text): body += parser.html(from: text) + "\n"
            case .verdict(let state, let line):
                body += "<div class=\"verdict \(state.rawValue.lowercased())\"><strong>\(state.rawValue)</strong> "
                    + SVGChart.escape(line) + "</div>\n"
            case .chart(let chart): body += "<figure class=\"chart\">" + SVGChart.render(chart) + "<figcaption>"
                + SVGChart.escape(chart.title) + "</figcaption></figure>\n"
            }
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
            <title>\(SVGChart.escape(report.title))</title>
            <style>\(stylesheet)</style>
            </head>
            <body>
            \(body)</body>
            </html>

            """
    }

    static let stylesheet = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#1f2328;max-width:1100px;margin:2em auto;padding:0 1.5em}
        h1{font-size:1.7em;margin-bottom:.3em}h2{border-bottom:1px solid #d0d7de;padding-bottom:.2em;margin-top:1.8em}
        h3{font-size:1.05em;margin:1.6em 0 .4em}
        table{border-collapse:collapse;margin:.6em 0;font-size:.92em;display:block;overflow-x:auto}
        th,td{border:1px solid #d0d7de;padding:3px 8px;text-align:left;vertical-align:top}th{background:#f6f8fa}
        tr:nth-child(even) td{background:#fbfcfd}
        pre{background:#f6f8fa;padding:.6em .8em;overflow-x:auto;border-radius:4px}code{font:12.5px ui-monospace,Menlo,Consolas,monospace}
        blockquote{margin:.6em 0;padding:.2em .9em;border-left:4px solid #8c959f;background:#f6f8fa}
        .verdict{font-size:1.1em;padding:.7em 1em;border-radius:6px;margin:.8em 0 1.2em}
        .verdict strong{margin-right:.6em}
        .passed{background:#dafbe1;border:1px solid #4ac26b}.failed{background:#ffebe9;border:1px solid #ff8182}
        .incomplete{background:#fff8c5;border:1px solid #d4a72c}
        figure.chart{margin:1em 0}figcaption{font-size:.9em;color:#57606a}
        svg text{font:11px system-ui,Helvetica,Arial,sans-serif;fill:#1f2328}
        """
}
