/// NBA.com CDN wire models (source-formats §3): the league schedule and the liveData box score.
public enum NBACom {
    public struct ScheduleDocument: Codable, Sendable {
        public var meta: Meta
        public var leagueSchedule: LeagueSchedule
        public init(meta: Meta, leagueSchedule: LeagueSchedule) { self.meta = meta; self.leagueSchedule = leagueSchedule }
    }

    public struct Meta: Codable, Sendable {
        public var version: Int
        public var request: String?
        public var time: String
        public var code: Int?
        public init(version: Int = 1, request: String?, time: String, code: Int? = nil) {
            self.version = version; self.request = request; self.time = time; self.code = code
        }
    }

    public struct LeagueSchedule: Codable, Sendable {
        public var seasonYear: String
        public var leagueId: String
        public var gameDates: [GameDate]
        public init(seasonYear: String, gameDates: [GameDate]) {
            self.seasonYear = seasonYear; leagueId = "00"; self.gameDates = gameDates
        }
    }

    /// `gameDate` is `MM/DD/YYYY 00:00:00`.
    public struct GameDate: Codable, Sendable {
        public var gameDate: String
        public var games: [ScheduledGame]
        public init(gameDate: String, games: [ScheduledGame]) { self.gameDate = gameDate; self.games = games }
    }

    /// `*Est` fields are Eastern wall-clock time with a misleading `Z`; the true tip is `gameDateTimeUTC`.
    public struct ScheduledGame: Codable, Sendable {
        public var gameId: String
        public var gameCode: String
        public var gameStatus: Int
        public var gameStatusText: String
        public var gameDateEst: String
        public var gameDateTimeEst: String
        public var gameDateTimeUTC: String
        public var gameLabel: String
        public var arenaName: String
        public var arenaCity: String?
        public var arenaState: String?
        public var postponedStatus: String
        public var isNeutral: Bool
        public var homeTeam: ScheduleTeam
        public var awayTeam: ScheduleTeam
        public init(gameId: String, gameCode: String, gameStatus: Int, gameStatusText: String, gameDateEst: String,
                    gameDateTimeEst: String, gameDateTimeUTC: String, arenaName: String, arenaCity: String?,
                    arenaState: String?, homeTeam: ScheduleTeam, awayTeam: ScheduleTeam) {
            self.gameId = gameId; self.gameCode = gameCode; self.gameStatus = gameStatus
            self.gameStatusText = gameStatusText; self.gameDateEst = gameDateEst; self.gameDateTimeEst = gameDateTimeEst
            self.gameDateTimeUTC = gameDateTimeUTC; gameLabel = ""; self.arenaName = arenaName; self.arenaCity = arenaCity
            self.arenaState = arenaState; postponedStatus = "N"; isNeutral = false; self.homeTeam = homeTeam
            self.awayTeam = awayTeam
        }
    }

    public struct ScheduleTeam: Codable, Sendable {
        public var teamId: Int
        public var teamName: String
        public var teamCity: String
        public var teamTricode: String
        public var wins: Int
        public var losses: Int
        public var score: Int
        public init(teamId: Int, teamName: String, teamCity: String, teamTricode: String, wins: Int, losses: Int, score: Int) {
            self.teamId = teamId; self.teamName = teamName; self.teamCity = teamCity; self.teamTricode = teamTricode
            self.wins = wins; self.losses = losses; self.score = score
        }
    }

    public struct BoxScoreDocument: Codable, Sendable {
        public var meta: Meta
        public var game: BoxScoreGame
        public init(meta: Meta, game: BoxScoreGame) { self.meta = meta; self.game = game }
    }

    public struct BoxScoreGame: Codable, Sendable {
        public var gameId: String
        public var gameTimeUTC: String
        public var gameCode: String
        public var gameStatus: Int
        public var gameStatusText: String
        public var period: Int
        public var homeTeam: BoxScoreTeam
        public var awayTeam: BoxScoreTeam
        public init(gameId: String, gameTimeUTC: String, gameCode: String, gameStatus: Int, gameStatusText: String,
                    period: Int, homeTeam: BoxScoreTeam, awayTeam: BoxScoreTeam) {
            self.gameId = gameId; self.gameTimeUTC = gameTimeUTC; self.gameCode = gameCode; self.gameStatus = gameStatus
            self.gameStatusText = gameStatusText; self.period = period; self.homeTeam = homeTeam; self.awayTeam = awayTeam
        }
    }

    public struct BoxScoreTeam: Codable, Sendable {
        public var teamId: Int
        public var teamTricode: String
        public var teamCity: String
        public var teamName: String
        public var score: Int
        public var players: [BoxScorePlayer]
        public init(teamId: Int, teamTricode: String, teamCity: String, teamName: String, score: Int,
                    players: [BoxScorePlayer]) {
            self.teamId = teamId; self.teamTricode = teamTricode; self.teamCity = teamCity; self.teamName = teamName
            self.score = score; self.players = players
        }
    }

    /// `starter` and `played` are the strings `"1"`/`"0"`; minutes are an ISO-8601 duration (`PT34M12.00S`).
    public struct BoxScorePlayer: Codable, Sendable {
        public var status: String
        public var notPlayingReason: String?
        public var notPlayingDescription: String?
        public var personId: Int
        public var jerseyNum: String?
        public var position: String?
        public var starter: String
        public var played: String
        public var name: String?
        public var firstName: String?
        public var familyName: String?
        public var statistics: BoxScoreStatistics
        public init(status: String, notPlayingReason: String?, notPlayingDescription: String?, personId: Int,
                    jerseyNum: String?, position: String?, starter: String, played: String, name: String?,
                    firstName: String?, familyName: String?, statistics: BoxScoreStatistics) {
            self.status = status; self.notPlayingReason = notPlayingReason
            self.notPlayingDescription = notPlayingDescription; self.personId = personId; self.jerseyNum = jerseyNum
            self.position = position; self.starter = starter; self.played = played; self.name = name
            self.firstName = firstName; self.familyName = familyName; self.statistics = statistics
        }
    }

    public struct BoxScoreStatistics: Codable, Sendable {
        public var minutes: String
        public var points: Int
        public var reboundsTotal, reboundsOffensive, reboundsDefensive, assists, steals, blocks, turnovers: Int?
        public var foulsPersonal, fieldGoalsMade, fieldGoalsAttempted, threePointersMade, threePointersAttempted: Int?
        public var freeThrowsMade, freeThrowsAttempted: Int?
        public var plusMinusPoints: Double?
        public init(minutes: String, points: Int) { self.minutes = minutes; self.points = points }

        /// `PT34M12.00S` → 34.2 minutes.
        public var minutesDecimal: Double { NBACom.minutes(fromDuration: minutes) }
    }

    public static func minutes(fromDuration text: String) -> Double {
        var rest = Substring(text)
        guard rest.hasPrefix("PT") else { return Double(text) ?? 0 }
        rest = rest.dropFirst(2)
        var total = 0.0
        if let m = rest.firstIndex(of: "M") { total += Double(rest[..<m]) ?? 0; rest = rest[rest.index(after: m)...] }
        if let s = rest.firstIndex(of: "S") { total += (Double(rest[..<s]) ?? 0) / 60 }
        return total
    }

    public static func duration(seconds: Int) -> String {
        String(format: "PT%02dM%02d.00S", seconds / 60, seconds % 60)
    }
}
