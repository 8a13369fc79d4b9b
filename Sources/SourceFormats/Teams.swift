import Foundation

/// The 30 NBA teams and every spelling the sources use for them, mapped to one tricode set.
public struct Team: Sendable, Hashable {
    public let tricode: String
    public let city: String
    public let name: String
    public let conference: String
    public let division: String
    public let nbaTeamID: Int
    public let bdlID: Int
    public let basketballReferenceCode: String

    public var fullName: String { "\(city) \(name)" }
    /// The Odds API spells the Clippers' city out; everyone else says "LA".
    public var oddsAPIName: String { tricode == "LAC" ? "Los Angeles Clippers" : fullName }
}

public enum Teams {
    public static let all: [Team] = [
        ("ATL", "Atlanta", "Hawks", "East", "Southeast", 1610612737, 1, "ATL"),
        ("BOS", "Boston", "Celtics", "East", "Atlantic", 1610612738, 2, "BOS"),
        ("BKN", "Brooklyn", "Nets", "East", "Atlantic", 1610612751, 3, "BRK"),
        ("CHA", "Charlotte", "Hornets", "East", "Southeast", 1610612766, 4, "CHO"),
        ("CHI", "Chicago", "Bulls", "East", "Central", 1610612741, 5, "CHI"),
        ("CLE", "Cleveland", "Cavaliers", "East", "Central", 1610612739, 6, "CLE"),
        ("DAL", "Dallas", "Mavericks", "West", "Southwest", 1610612742, 7, "DAL"),
        ("DEN", "Denver", "Nuggets", "West", "Northwest", 1610612743, 8, "DEN"),
        ("DET", "Detroit", "Pistons", "East", "Central", 1610612765, 9, "DET"),
        ("GSW", "Golden State", "Warriors", "West", "Pacific", 1610612744, 10, "GSW"),
        ("HOU", "Houston", "Rockets", "West", "Southwest", 1610612745, 11, "HOU"),
        ("IND", "Indiana", "Pacers", "East", "Central", 1610612754, 12, "IND"),
        ("LAC", "LA", "Clippers", "West", "Pacific", 1610612746, 13, "LAC"),
        ("LAL", "Los Angeles", "Lakers", "West", "Pacific", 1610612747, 14, "LAL"),
        ("MEM", "Memphis", "Grizzlies", "West", "Southwest", 1610612763, 15, "MEM"),
        ("MIA", "Miami", "Heat", "East", "Southeast", 1610612748, 16, "MIA"),
        ("MIL", "Milwaukee", "Bucks", "East", "Central", 1610612749, 17, "MIL"),
        ("MIN", "Minnesota", "Timberwolves", "West", "Northwest", 1610612750, 18, "MIN"),
        ("NOP", "New Orleans", "Pelicans", "West", "Southwest", 1610612740, 19, "NOP"),
        ("NYK", "New York", "Knicks", "East", "Atlantic", 1610612752, 20, "NYK"),
        ("OKC", "Oklahoma City", "Thunder", "West", "Northwest", 1610612760, 21, "OKC"),
        ("ORL", "Orlando", "Magic", "East", "Southeast", 1610612753, 22, "ORL"),
        ("PHI", "Philadelphia", "76ers", "East", "Atlantic", 1610612755, 23, "PHI"),
        ("PHX", "Phoenix", "Suns", "West", "Pacific", 1610612756, 24, "PHO"),
        ("POR", "Portland", "Trail Blazers", "West", "Northwest", 1610612757, 25, "POR"),
        ("SAC", "Sacramento", "Kings", "West", "Pacific", 1610612758, 26, "SAC"),
        ("SAS", "San Antonio", "Spurs", "West", "Southwest", 1610612759, 27, "SAS"),
        ("TOR", "Toronto", "Raptors", "East", "Atlantic", 1610612761, 28, "TOR"),
        ("UTA", "Utah", "Jazz", "West", "Northwest", 1610612762, 29, "UTA"),
        ("WAS", "Washington", "Wizards", "East", "Southeast", 1610612764, 30, "WAS"),
    ].map { Team(tricode: $0.0, city: $0.1, name: $0.2, conference: $0.3, division: $0.4, nbaTeamID: $0.5, bdlID: $0.6,
                 basketballReferenceCode: $0.7) }

    private static let bySpelling: [String: Team] = {
        var map: [String: Team] = [:]
        for team in all {
            for spelling in [team.tricode, team.basketballReferenceCode, team.fullName, team.oddsAPIName, team.name,
                             String(team.nbaTeamID)] {
                map[spelling.uppercased()] = team
            }
        }
        // Historical and alternate abbreviations seen in older feeds.
        for (alias, tricode) in [("BRK", "BKN"), ("CHO", "CHA"), ("PHO", "PHX"), ("GS", "GSW"), ("NO", "NOP"),
                                 ("NY", "NYK"), ("SA", "SAS"), ("UTAH", "UTA"), ("WSH", "WAS"), ("NOH", "NOP"),
                                 ("NJN", "BKN")] {
            map[alias] = all.first { $0.tricode == tricode }
        }
        return map
    }()

    /// Any source's spelling — tricode, Basketball-Reference code, full name, Odds API name, NBA.com id — to the team.
    public static func team(_ spelling: String) -> Team? {
        // A spelling already in the keys' form (trimmed, upper case) is its own key: most lookups are tricodes, and
        // Foundation's trimming and case mapping cost more than the lookup.
        bySpelling[spelling] ?? bySpelling[spelling.trimmingCharacters(in: .whitespaces).uppercased()]
    }

    public static func tricode(_ spelling: String) -> String? { team(spelling)?.tricode }
}
