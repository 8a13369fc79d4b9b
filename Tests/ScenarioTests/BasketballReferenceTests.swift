import Foundation
import Testing
@testable import SourceFormats

/// Basketball-Reference's birth dates: the hand-read form must say what Foundation's formatter says.
@Suite struct BasketballReferenceDates {
    @Test func everyDayOfTwentyYearsReadsAsTheFormatterReadsIt() {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "MMMM d, yyyy"
        let output = DateFormatter()
        output.locale = Locale(identifier: "en_US_POSIX")
        output.timeZone = TimeZone(identifier: "UTC")
        output.dateFormat = "yyyy-MM-dd"
        func foundation(_ text: String) -> String? { formatter.date(from: text).map(output.string(from:)) }
        var day = Day("1985-01-01")!
        while day < Day("2005-01-01")! {
            let text = "\(BasketballReference.monthNames[day.month - 1]) \(day.day), \(day.year)"
            #expect(BasketballReference.isoDate(text) == foundation(text), "\(text)")
            #expect(BasketballReference.isoDate(text) == day.description)
            day = day.adding(days: 1)
        }
        #expect(BasketballReference.isoDate("February 30, 1999") == foundation("February 30, 1999"))
        #expect(BasketballReference.isoDate("february 3, 1999") == foundation("february 3, 1999"))
        #expect(BasketballReference.isoDate("") == nil)
        #expect(BasketballReference.isoDate("3 February 1999") == nil)
    }
}

/// Basketball-Reference's roster cells, read by bytes, must read as the substring-search definition read them.
@Suite struct BasketballReferenceCells {
    /// The definition the byte search replaced.
    static func reference(_ row: String) -> [String: (text: String, href: String?)] {
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
            cells[name] = (BasketballReference.unescape(BasketballReference.stripTags(inner)).trimmingCharacters(in: .whitespacesAndNewlines), href)
            rest = rest[close...]
        }
        return cells
    }

    @Test func cellsReadAsTheDefinitionReadsThem() {
        let rows = [
            "<tr><th scope=\"row\" data-stat=\"number\">77</th><td data-stat=\"player\" csk=\"Dončić,Luka\"><a href=\"/players/d/doncilu01.html\">Luka Dončić</a></td><td data-stat=\"pos\">PG</td><td data-stat=\"weight\">230</td><td data-stat=\"birth_date\">February 28, 1999</td>",
            "<td data-stat=\"college\"></td>",
            "<td data-stat=\"note\">A &amp; B <b>bold</b> &lt;x&gt;</td><td data-stat=\"tail\">no close",
            "<td data-stat=\"unterminated",
            "<td data-stat=\"x\" no-close-bracket",
            "<td data-stat=\"link\"><a href=\"unterminated>x</a></td>",
            "",
            "<td data-stat=\"日本\">  名前  </td>",
        ]
        for row in rows {
            let mine = BasketballReference.dataStatCells(row), theirs = Self.reference(row)
            #expect(mine.keys.sorted() == theirs.keys.sorted(), "\(row)")
            for (key, value) in theirs {
                #expect(mine[key]?.text == value.text && mine[key]?.href == value.href, "\(row) \(key)")
            }
        }
    }

    /// The page-level definition the byte search replaced.
    static func referenceRoster(_ html: String) -> [BasketballReference.RosterRow]? {
        guard let start = html.range(of: "<table id=\"roster\""),
            let end = html.range(of: "</table>", range: start.upperBound..<html.endIndex)
        else { return nil }
        let table = html[start.upperBound..<end.lowerBound]
        guard let body = table.range(of: "<tbody>") else { return [] }
        return table[body.upperBound...].components(separatedBy: "</tr>").compactMap { rowText in
            let cells = reference(rowText)
            guard let player = cells["player"] else { return nil }
            let slug = player.href.flatMap { $0.split(separator: "/").last.map { String($0).replacingOccurrences(of: ".html", with: "") } } ?? ""
            return BasketballReference.RosterRow(number: cells["number"]?.text ?? "", name: player.text, slug: slug,
                                                 position: cells["pos"]?.text ?? "", height: cells["height"]?.text ?? "",
                                                 weight: Int(cells["weight"]?.text ?? ""), birthDate: cells["birth_date"]?.text ?? "",
                                                 experience: cells["years_experience"]?.text ?? "")
        }
    }

    @Test func pagesReadAsTheDefinitionReadsThem() {
        let row = { (n: Int) in
            "<tr><th scope=\"row\" data-stat=\"number\">\(n)</th><td data-stat=\"player\"><a href=\"/players/x/p\(n).html\">Player \(n)</a></td><td data-stat=\"pos\">G</td><td data-stat=\"weight\">2\(n)0</td><td data-stat=\"years_experience\">R</td></tr>\n"
        }
        let pages = [
            "<html><table id=\"roster\" class=\"x\"><thead><tr><th>No.</th></tr></thead><tbody>\n" + (1...15).map(row).joined() + "</tbody></table></html>",
            "<table id=\"roster\"><tbody>" + row(1) + "<tr><td data-stat=\"player\">No link</td>",  // no </table>
            "<table id=\"roster\"><tbody>" + row(2) + "<tr><td data-stat=\"player\">Last, unclosed</td></table>",
            "<table id=\"roster\"><thead></thead></table>",  // no body
            "<table id=\"other\"><tbody>" + row(3) + "</tbody></table>",  // no roster table
            "<table id=\"roster\"><tbody>" + row(4) + "</tr></tr></table><table id=\"roster\"><tbody>" + row(5) + "</table>",
        ]
        for page in pages {
            let mine = try? BasketballReference.parseRoster(html: page)
            #expect(mine == Self.referenceRoster(page), "\(page.prefix(60))")
        }
        #expect((try? BasketballReference.parseRoster(html: pages[0]))?.count == 15)
    }
}

/// Entities: the byte-scan shortcut returns what Foundation's replacing chain returns, with and without entities.
@Suite struct BasketballReferenceEntities {
    @Test(arguments: ["Nikola Jokić", "plain", "", "A & B", "<b>\"x\"</b>", "&amp;lt;", "Tom's", "&#39;quoted&#39; &quot;",
                      "5-11", "&", "no entity here; just ;"])
    func escapingMatchesTheReplacingChain(_ text: String) {
        let escaped = text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        #expect(BasketballReference.escape(text) == escaped)
        let unescaped = text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
        #expect(BasketballReference.unescape(text) == unescaped)
        #expect(BasketballReference.unescape(BasketballReference.escape(text)) == text)
    }
}
