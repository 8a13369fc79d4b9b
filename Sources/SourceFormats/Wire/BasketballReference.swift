import Foundation

/// Basketball-Reference team roster pages (source-formats §4): the `<table id="roster">` rows, read by their
/// `data-stat` cells rather than by column position.
public enum BasketballReference {
    public struct RosterRow: Sendable, Equatable {
        public var number: String
        public var name: String
        public var slug: String
        public var position: String
        public var height: String
        public var weight: Int?
        public var birthDate: String
        public var experience: String
        public init(number: String, name: String, slug: String, position: String, height: String, weight: Int?,
                    birthDate: String, experience: String) {
            self.number = number; self.name = name; self.slug = slug; self.position = position; self.height = height
            self.weight = weight; self.birthDate = birthDate; self.experience = experience
        }
    }

    public enum ParseError: Error, Equatable { case noRosterTable }

    public static func parseRoster(html: String) throws(ParseError) -> [RosterRow] {
        guard let start = html.range(of: "<table id=\"roster\""),
            let end = html.range(of: "</table>", range: start.upperBound..<html.endIndex)
        else { throw .noRosterTable }
        let table = html[start.upperBound..<end.lowerBound]
        guard let body = table.range(of: "<tbody>") else { return [] }
        var rows: [RosterRow] = []
        for rowText in table[body.upperBound...].components(separatedBy: "</tr>") {
            let cells = dataStatCells(rowText)
            guard let player = cells["player"] else { continue }
            let slug = player.href.flatMap { href in
                href.split(separator: "/").last.map { String($0).replacingOccurrences(of: ".html", with: "") }
            } ?? ""
            rows.append(RosterRow(number: cells["number"]?.text ?? "", name: player.text, slug: slug,
                                  position: cells["pos"]?.text ?? "", height: cells["height"]?.text ?? "",
                                  weight: Int(cells["weight"]?.text ?? ""), birthDate: cells["birth_date"]?.text ?? "",
                                  experience: cells["years_experience"]?.text ?? ""))
        }
        return rows
    }

    /// Each `<th|td … data-stat="NAME" …>…</th|td>` cell: its text without tags, and the first link inside it.
    static func dataStatCells(_ row: String) -> [String: (text: String, href: String?)] {
        var cells: [String: (String, String?)] = [:]
        var rest = row[...]
        while let marker = rest.range(of: "data-stat=\"") {
            let nameEnd = rest[marker.upperBound...].firstIndex(of: "\"") ?? rest.endIndex
            let name = String(rest[marker.upperBound..<nameEnd])
            guard let open = rest[nameEnd...].firstIndex(of: ">") else { break }
            let close = rest.range(of: "</t", range: open..<rest.endIndex)?.lowerBound ?? rest.endIndex
            let inner = String(rest[rest.index(after: open)..<close])
            var href: String? = nil
            if let h = inner.range(of: "href=\"") {
                let hEnd = inner[h.upperBound...].firstIndex(of: "\"") ?? inner.endIndex
                href = String(inner[h.upperBound..<hEnd])
            }
            cells[name] = (unescape(stripTags(inner)).trimmingCharacters(in: .whitespacesAndNewlines), href)
            rest = rest[close...]
        }
        return cells
    }

    static func stripTags(_ text: String) -> String {
        var out = "", inTag = false
        for c in text { if c == "<" { inTag = true } else if c == ">" { inTag = false } else if !inTag { out.append(c) } }
        return out
    }

    public static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// `August 10, 1999` → `1999-08-10`.
    public static func isoDate(_ text: String) -> String? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "MMMM d, yyyy"
        guard let date = formatter.date(from: text) else { return nil }
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }
}
