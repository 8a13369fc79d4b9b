/// BallDontLie API v1 wire models (source-formats §1). Unknown fields are ignored on decode.
public enum BDL {
    public struct Page<Row: Codable & Sendable>: Codable, Sendable {
        public var data: [Row]
        public var meta: Meta?
        public init(data: [Row], meta: Meta?) { self.data = data; self.meta = meta }
    }

    /// The last page omits `next_cursor` (real captures) or sets it to null (fixtures): both end the walk.
    public struct Meta: Codable, Sendable {
        public var nextCursor: Int?
        public var perPage: Int
        public init(nextCursor: Int?, perPage: Int) { self.nextCursor = nextCursor; self.perPage = perPage }
        enum CodingKeys: String, CodingKey { case nextCursor = "next_cursor", perPage = "per_page" }
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeIfPresent(nextCursor, forKey: .nextCursor)
            try c.encode(perPage, forKey: .perPage)
        }
    }

    public struct Team: Codable, Sendable {
        public var id: Int
        public var conference: String
        public var division: String
        public var city: String
        public var name: String
        public var fullName: String
        public var abbreviation: String
        enum CodingKeys: String, CodingKey { case id, conference, division, city, name, abbreviation, fullName = "full_name" }
        public init(_ team: SourceFormats.Team) {
            id = team.bdlID; conference = team.conference; division = team.division; city = team.city
            name = team.name; fullName = team.fullName; abbreviation = team.tricode
        }
    }

    public struct Game: Codable, Sendable {
        public var id: Int
        public var date: String
        public var datetime: String?
        public var season: Int
        public var status: String
        public var period: Int
        public var time: String?
        public var postseason: Bool
        public var homeTeamScore: Int
        public var visitorTeamScore: Int
        public var homeTeam: Team?
        public var visitorTeam: Team?
        public var homeTeamID: Int?
        public var visitorTeamID: Int?
        enum CodingKeys: String, CodingKey {
            case id, date, datetime, season, status, period, time, postseason
            case homeTeamScore = "home_team_score", visitorTeamScore = "visitor_team_score"
            case homeTeam = "home_team", visitorTeam = "visitor_team"
            case homeTeamID = "home_team_id", visitorTeamID = "visitor_team_id"
        }
        public init(id: Int, date: String, datetime: String?, season: Int, status: String, period: Int, time: String?,
                    postseason: Bool, homeTeamScore: Int, visitorTeamScore: Int, homeTeam: Team?, visitorTeam: Team?,
                    homeTeamID: Int?, visitorTeamID: Int?) {
            self.id = id; self.date = date; self.datetime = datetime; self.season = season; self.status = status
            self.period = period; self.time = time; self.postseason = postseason; self.homeTeamScore = homeTeamScore
            self.visitorTeamScore = visitorTeamScore; self.homeTeam = homeTeam; self.visitorTeam = visitorTeam
            self.homeTeamID = homeTeamID; self.visitorTeamID = visitorTeamID
        }
    }

    public struct Player: Codable, Sendable {
        public var id: Int
        public var firstName: String
        public var lastName: String
        public var position: String
        public var teamID: Int?
        enum CodingKeys: String, CodingKey { case id, position, firstName = "first_name", lastName = "last_name", teamID = "team_id" }
        public init(id: Int, firstName: String, lastName: String, position: String, teamID: Int?) {
            self.id = id; self.firstName = firstName; self.lastName = lastName; self.position = position; self.teamID = teamID
        }
    }

    public struct Stat: Codable, Sendable {
        public var id: Int
        public var min: String?
        public var fgm, fga, fg3m, fg3a, ftm, fta, oreb, dreb, reb, ast, stl, blk, turnover, pf, pts: Int?
        public var fgPct, fg3Pct, ftPct: Double?
        public var plusMinus: Int?
        public var player: Player
        public var team: Team
        public var game: Game
        enum CodingKeys: String, CodingKey {
            case id, min, fgm, fga, fg3m, fg3a, ftm, fta, oreb, dreb, reb, ast, stl, blk, turnover, pf, pts, player, team, game
            case fgPct = "fg_pct", fg3Pct = "fg3_pct", ftPct = "ft_pct", plusMinus = "plus_minus"
        }
        public init(id: Int, min: String?, player: Player, team: Team, game: Game) {
            self.id = id; self.min = min; self.player = player; self.team = team; self.game = game
        }

        /// Minutes as a number: recent data sends zero-padded whole minutes (`"38"`), older data `"MM:SS"`.
        public var minutesDecimal: Double {
            guard let min, !min.trimmingCharacters(in: .whitespaces).isEmpty else { return 0 }
            let parts = min.split(separator: ":")
            let whole = Double(parts.first ?? "") ?? 0
            return parts.count > 1 ? whole + (Double(parts[1]) ?? 0) / 60 : whole
        }
    }

    public struct Injury: Codable, Sendable {
        public var player: Player
        public var returnDate: String?
        public var description: String?
        public var status: String
        enum CodingKeys: String, CodingKey { case player, description, status, returnDate = "return_date" }
        public init(player: Player, returnDate: String?, description: String?, status: String) {
            self.player = player; self.returnDate = returnDate; self.description = description; self.status = status
        }
    }
}
