import Testing
import SourceFormats

/// BigDataBall's CSV cells: what the feed quotes, the raw processor must split back exactly.
@Suite struct BigDataBallCSV {
    @Test func quotedCellsSplitBackToWhatWasQuoted() {
        let cells = ["0022500001", "Nikola Jokić makes layup", "", "He said \"and one\", then left", ",", "\"", "x\"y", "3pt jump shot"]
        let line = cells.map(BigDataBall.quote).joined(separator: ",")
        #expect(BigDataBall.splitLine(Substring(line)) == cells)
    }

    /// The splitter against the rule written over Characters — quotes open anywhere, a doubled quote inside is a
    /// quote, anything else after a quote closes it — for lines made of every awkward piece, cut from the middle of a
    /// longer string as the processor's lines are.
    @Test func agreesWithTheRuleOnAwkwardLines() {
        func rule(_ line: String) -> [String] {
            var cells: [String] = [], cell = "", quoted = false
            var characters = Array(line), index = 0
            while index < characters.count {
                let c = characters[index]
                index += 1
                if quoted {
                    if c == "\"" {
                        if index < characters.count, characters[index] == "\"" { cell.append("\""); index += 1 } else { quoted = false }
                    } else { cell.append(c) }
                } else if c == "\"" { quoted = true } else if c == "," { cells.append(cell); cell = "" } else { cell.append(c) }
            }
            characters = []
            cells.append(cell)
            return cells
        }
        let pieces = ["a", "\"", ",", "\"\"", "é", "日", " ", "x\"y", ",\","]
        var state: UInt64 = 7
        for length in 0..<12 {
            for _ in 0..<60 {
                var line = ""
                for _ in 0..<length {
                    state = state &* 6364136223846793005 &+ 1442695040888963407
                    line += pieces[Int(state >> 33) % pieces.count]
                }
                let file = "head\n" + line + "\ntail"
                let cut = file.split(separator: "\n", omittingEmptySubsequences: false)[1]
                #expect(BigDataBall.splitLine(cut) == rule(line), "\(line)")
            }
        }
    }

    @Test func plainCellsAndEmptyEnds() {
        #expect(BigDataBall.splitLine("a,b,,d,") == ["a", "b", "", "d", ""])
        #expect(BigDataBall.splitLine("") == [""])
        #expect(BigDataBall.splitLine("\"a,b\"c,d") == ["a,bc", "d"], "text after a closing quote stays in the cell")
        #expect(BigDataBall.splitLine("\"unterminated") == ["unterminated"])
        #expect(BigDataBall.quote("no commas") == "no commas")
        #expect(BigDataBall.quote("a,b") == "\"a,b\"")
    }

    /// Lines split at line feeds like the String split they replaced (empty lines dropped, multi-byte text intact), and a
    /// CRLF file splits into its lines too instead of staying one.
    @Test func linesSplitAtLineFeeds() {
        let text = "a,b\nJokić,1\n\n\nlast,\u{1F3C0}"
        #expect(BigDataBall.lines(text) == text.split(separator: "\n", omittingEmptySubsequences: true))
        #expect(BigDataBall.lines("h1,h2\r\nx,y\r\n") == ["h1,h2", "x,y"])
        #expect(BigDataBall.lines("") == [])
        #expect(BigDataBall.lines("\n\nonly\n") == ["only"])
    }
}
