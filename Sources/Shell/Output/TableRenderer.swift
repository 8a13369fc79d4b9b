import Foundation
import Warehouse

/// Renders a result table in the chosen format. Numbers are right-aligned; NULL is shown as a dimmed `NULL` on a
/// terminal, `NULL` when piped, an empty cell in CSV and `null` in JSON.
struct TableRenderer {
    let style: OutputStyle

    func render(_ table: ResultTable) -> String {
        switch style.format {
        case .table: return style.terminal ? box(table) : plain(table)
        case .csv: return csv(table)
        case .json: return json(table)
        case .markdown: return markdown(table)
        }
    }

    static func cell(_ value: SQLValue) -> String {
        switch value {
        case .null: return "NULL"
        case .text(let s): return s.replacingOccurrences(of: "\n", with: "⏎")
        default: return value.stringValue ?? ""
        }
    }

    private func widths(_ table: ResultTable) -> [Int] {
        table.columns.indices.map { column in
            table.rows.reduce(table.columns[column].displayWidth) { max($0, TableRenderer.cell($1[column]).displayWidth) }
        }
    }

    private func pad(_ text: String, _ width: Int, right: Bool) -> String {
        let padding = String(repeating: " ", count: max(0, width - text.displayWidth))
        return right ? padding + text : text + padding
    }

    private func styled(_ value: SQLValue, _ width: Int) -> String {
        let text = pad(TableRenderer.cell(value), width, right: value.isNumeric)
        return value.isNull ? style.dim(text) : text
    }

    private func plain(_ table: ResultTable) -> String {
        guard !table.columns.isEmpty else { return "" }
        let w = widths(table)
        var lines = [table.columns.enumerated().map { pad($1, w[$0], right: false) }.joined(separator: "  ")]
        for row in table.rows {
            lines.append(row.enumerated().map { styled($1, w[$0]) }.joined(separator: "  "))
        }
        return lines.map { $0.trimmingTrailingSpaces() }.joined(separator: "\n") + "\n"
    }

    private func box(_ table: ResultTable) -> String {
        guard !table.columns.isEmpty else { return "" }
        let w = widths(table)
        func rule(_ left: String, _ middle: String, _ right: String) -> String {
            left + w.map { String(repeating: "─", count: $0 + 2) }.joined(separator: middle) + right
        }
        var lines = [rule("┌", "┬", "┐")]
        lines.append("│" + table.columns.enumerated().map { " " + style.bold(pad($1, w[$0], right: false)) + " " }
            .joined(separator: "│") + "│")
        lines.append(rule("├", "┼", "┤"))
        for row in table.rows {
            lines.append("│" + row.enumerated().map { " " + styled($1, w[$0]) + " " }.joined(separator: "│") + "│")
        }
        lines.append(rule("└", "┴", "┘"))
        lines.append(style.dim("(\(table.rows.count) row\(table.rows.count == 1 ? "" : "s"))"))
        return lines.joined(separator: "\n") + "\n"
    }

    private func csv(_ table: ResultTable) -> String {
        func quote(_ text: String) -> String {
            text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        var lines = [table.columns.map(quote).joined(separator: ",")]
        for row in table.rows {
            lines.append(row.map { $0.isNull ? "" : quote($0.stringValue ?? "") }.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func json(_ table: ResultTable) -> String {
        let objects = table.rows.map { row in
            "{" + zip(table.columns, row).map { JSONText.string($0) + ":" + JSONText.value($1) }.joined(separator: ",") + "}"
        }
        return "[" + objects.joined(separator: ",\n ") + "]\n"
    }

    private func markdown(_ table: ResultTable) -> String {
        func escape(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
        var lines = ["| " + table.columns.map(escape).joined(separator: " | ") + " |"]
        let alignments = table.columns.indices.map { column in
            table.rows.first.map { $0[column].isNumeric } == true ? "---:" : "---"
        }
        lines.append("|" + alignments.map { " \($0) " }.joined(separator: "|") + "|")
        for row in table.rows {
            lines.append("| " + row.map { escape(TableRenderer.cell($0)) }.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// JSON spelling of values, shared by the JSON output format and transcripts.
enum JSONText {
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static func value(_ value: SQLValue) -> String {
        switch value {
        case .null: return "null"
        case .integer(let i): return String(i)
        case .real(let d): return d.isFinite ? "\(d)" : "null"
        case .text(let s): return string(s)
        case .blob: return string(value.stringValue ?? "")
        }
    }
}

extension String {
    /// Terminal columns: East Asian wide characters count two, combining marks none.
    var displayWidth: Int {
        unicodeScalars.reduce(0) { width, scalar in
            if scalar.properties.generalCategory == .nonspacingMark || scalar.properties.generalCategory == .enclosingMark {
                return width
            }
            let v = scalar.value
            let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0x1F300...0x1FAFF).contains(v) || (0x20000...0x3FFFD).contains(v)
            return width + (wide ? 2 : 1)
        }
    }

    func trimmingTrailingSpaces() -> String {
        var result = self
        while result.last == " " { result.removeLast() }
        return result
    }
}
