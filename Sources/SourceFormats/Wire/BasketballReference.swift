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
        let bytes = Array(html.utf8)
        let opening = Array("<table id=\"roster\"".utf8)
        guard let start = find(opening, in: bytes, from: 0, before: bytes.count).map({ $0 + opening.count }),
              let end = find(Array("</table>".utf8), in: bytes, from: start, before: bytes.count)
        else { throw .noRosterTable }
        let tbody = Array("<tbody>".utf8), rowEnd = Array("</tr>".utf8)
        guard let body = find(tbody, in: bytes, from: start, before: end).map({ $0 + tbody.count }) else { return [] }
        var rows: [RosterRow] = []
        var at = body
        while at <= end {
            // Each piece between `</tr>`s, the last one included, as `components(separatedBy:)` gave them.
            let stop = find(rowEnd, in: bytes, from: at, before: end) ?? end
            let cells = dataStatCells(String(decoding: bytes[at..<stop], as: UTF8.self))
            at = stop + rowEnd.count
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

    /// Where `needle` first starts in `bytes[from..<before]`. The markers searched for are ASCII, so a match never
    /// splits a character; Foundation's substring search, called a few times per cell, was most of a page's parse.
    static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int, before end: Int) -> Int? {
        guard !needle.isEmpty, needle.count <= end - start else { return nil }
        var i = start
        while i <= end - needle.count {
            if bytes[i] == needle[0] && bytes[(i + 1)..<(i + needle.count)].elementsEqual(needle.dropFirst()) { return i }
            i += 1
        }
        return nil
    }

    /// Each `<th|td … data-stat="NAME" …>…</th|td>` cell: its text without tags, and the first link inside it.
    static func dataStatCells(_ row: String) -> [String: (text: String, href: String?)] {
        let bytes = Array(row.utf8)
        func find(_ needle: [UInt8], from start: Int, before end: Int) -> Int? { Self.find(needle, in: bytes, from: start, before: end) }
        let marker = Array("data-stat=\"".utf8), closing = Array("</t".utf8), link = Array("href=\"".utf8)
        let quote = UInt8(ascii: "\""), greater = UInt8(ascii: ">")
        var cells: [String: (String, String?)] = [:]
        var at = 0
        while let found = find(marker, from: at, before: bytes.count) {
            let nameStart = found + marker.count
            let nameEnd = bytes[nameStart...].firstIndex(of: quote) ?? bytes.count
            let name = String(decoding: bytes[nameStart..<nameEnd], as: UTF8.self)
            guard let open = bytes[nameEnd...].firstIndex(of: greater) else { break }
            let close = find(closing, from: open, before: bytes.count) ?? bytes.count
            let inner = String(decoding: bytes[(open + 1)..<max(open + 1, close)], as: UTF8.self)
            var href: String? = nil
            if let h = find(link, from: open + 1, before: max(open + 1, close)) {
                let hrefStart = h + link.count
                let hrefEnd = bytes[hrefStart..<close].firstIndex(of: quote) ?? close
                href = String(decoding: bytes[hrefStart..<hrefEnd], as: UTF8.self)
            }
            cells[name] = (unescape(stripTags(inner)).trimmingCharacters(in: .whitespacesAndNewlines), href)
            at = close
        }
        return cells
    }

    static func stripTags(_ text: String) -> String {
        var out = "", inTag = false
        for c in text { if c == "<" { inTag = true } else if c == ">" { inTag = false } else if !inTag { out.append(c) } }
        return out
    }

    public static func escape(_ text: String) -> String {
        // Most cells hold none of these: a byte scan first, as Foundation's replacing copies the text four times.
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">")
            || $0 == UInt8(ascii: "\"") }) else { return text }
        return text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func unescape(_ text: String) -> String {
        // Every entity starts with "&".
        guard text.utf8.contains(UInt8(ascii: "&")) else { return text }
        return text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// `August 10, 1999` → `1999-08-10`. Read by hand (a formatter made per call was most of a roster's parse); a
    /// text in any other shape goes to Foundation's formatter, as before.
    public static func isoDate(_ text: String) -> String? {
        let parts = text.split(separator: " ")
        if parts.count == 3, parts[1].hasSuffix(","),
           let month = monthNames.firstIndex(where: { $0.caseInsensitiveCompare(parts[0]) == .orderedSame }),
           let day = Int(parts[1].dropLast()), let year = Int(parts[2]), (1...9999).contains(year),
           let date = Day(year: year, month: month + 1, day: day) {
            return date.description
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "MMMM d, yyyy"
        guard let date = formatter.date(from: text) else { return nil }
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                             "October", "November", "December"]
}
