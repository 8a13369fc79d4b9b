import Testing
@testable import Pipeline
@testable import SourceFormats

@Suite struct Names {
    @Test(arguments: [("LeBron James", "lebronjames"), ("Nikola Jokić", "nikolajokic"), ("Luka Dončić", "lukadoncic"),
                      ("Shai Gilgeous-Alexander", "shaigilgeousalexander"), ("Kelly Oubre Jr.", "kellyoubrejr"),
                      ("D'Angelo Russell", "dangelorussell"), ("  P.J. Washington ", "pjwashington")])
    func playerLookup(_ name: String, _ expected: String) {
        #expect(PlayerLookup.normalize(name) == expected)
    }

    /// The byte-wise key for ASCII names is the folding definition's answer: every printable ASCII character, alone
    /// and inside a name, and the names the scenario and the real season use.
    @Test func asciiNamesKeyLikeTheFoldingDefinition() {
        var names = (0..<128).map { String(UnicodeScalar(UInt8($0))) }
        names += (32..<127).map { "Ab\(UnicodeScalar(UInt8($0)))Cd 9" }
        names += ["LeBron James", "Kelly Oubre Jr.", "D'Angelo Russell", "  P.J. Washington ", "Karl-Anthony Towns", "", "X Æ"]
        for name in names {
            #expect(PlayerLookup.normalize(name) == PlayerLookup.foldedKey(name), "\(name.debugDescription)")
        }
        #expect(PlayerLookup.asciiKey("Nikola Jokić") == nil)
    }

    @Test func everySourcesTeamSpellingMapsToOneTricode() {
        #expect(Teams.all.count == 30)
        #expect(Set(Teams.all.map(\.tricode)).count == 30)
        #expect(Teams.tricode("BRK") == "BKN")
        #expect(Teams.tricode("CHO") == "CHA")
        #expect(Teams.tricode("PHO") == "PHX")
        #expect(Teams.tricode("Los Angeles Clippers") == "LAC")
        #expect(Teams.tricode("LA Clippers") == "LAC")
        #expect(Teams.tricode("Los Angeles Lakers") == "LAL")
        #expect(Teams.tricode("1610612744") == "GSW")
        #expect(Teams.tricode("golden state warriors") == "GSW")
        #expect(Teams.tricode("Seattle SuperSonics") == nil)
        #expect(Teams.team("OKC")?.bdlID == 21)
    }
}
