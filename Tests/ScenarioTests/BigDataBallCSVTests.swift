import Testing
import SourceFormats

/// BigDataBall's CSV cells: what the feed quotes, the raw processor must split back exactly.
@Suite struct BigDataBallCSV {
    @Test func quotedCellsSplitBackToWhatWasQuoted() {
        let cells = ["0022500001", "Nikola Jokić makes layup", "", "He said \"and one\", then left", ",", "\"", "x\"y", "3pt jump shot"]
        let line = cells.map(BigDataBall.quote).joined(separator: ",")
        #expect(BigDataBall.splitLine(Substring(line)) == cells)
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
