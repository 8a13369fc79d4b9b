import Foundation
import SourceFormats

/// NBA.com CDN: the season schedule (statuses and scores as of the instant) and liveData box scores, which answer
/// 403 until the game is final (as the real CDN does for files it does not have).
extension ScenarioFeed {
    func nbaCom(rest: [String], now: Date) -> FeedResponse {
        let path = "/" + rest.joined(separator: "/")
        if path == "/static/json/staticData/scheduleLeagueV2_1.json" || path == "/static/json/staticData/scheduleLeagueV2.json" {
            return scheduleResponse(now: now)
        }
        if rest.count == 5, rest[2] == "liveData", rest[3] == "boxscore", rest[4].hasPrefix("boxscore_") {
            let id = rest[4].dropFirst("boxscore_".count).replacingOccurrences(of: ".json", with: "")
            guard let game = league.game(nbaID: id), available(game, source: "nbacom", path: path, now: now) else {
                return .text("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code></Error>",
                             status: 403, contentType: "application/xml")
            }
            return .json(boxScore(game, now: now))
        }
        return .text("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code></Error>",
                     status: 403, contentType: "application/xml")
    }

    /// The schedule document as `.json` would encode it — sorted keys, so `leagueSchedule` then `meta` — with the
    /// season part kept per state of the season and only `meta` (which carries the request time) encoded anew.
    private func scheduleResponse(now: Date) -> FeedResponse {
        let state = [league.games.count { now >= $0.tipoff }, league.games.count { now >= $0.endsAt }]
        let season = scheduleBodies.body(for: state) { FeedResponse.json(schedule(now: now).leagueSchedule).body }
        let meta = FeedResponse.json(NBACom.Meta(request: "scheduleLeagueV2_1.json", time: FeedTime.iso(now))).body
        return FeedResponse(status: 200, headers: ["Content-Type": "application/json"],
                            body: Data("{\"leagueSchedule\":".utf8) + season + Data(",\"meta\":".utf8) + meta + Data("}".utf8))
    }

    func schedule(now: Date) -> NBACom.ScheduleDocument {
        var records: [String: (wins: Int, losses: Int)] = [:]
        var dates: [NBACom.GameDate] = []
        for (day, games) in Dictionary(grouping: league.games, by: \.date).sorted(by: { $0.key < $1.key }) {
            let label = String(format: "%02d/%02d/%04d 00:00:00", day.month, day.day, day.year)
            let scheduled = games.map { game -> NBACom.ScheduledGame in
                let final = now >= game.endsAt, live = now >= game.tipoff && !final
                let box = final ? league.boxScore(game) : nil
                if let box {
                    let homeWon = box.home.points > box.away.points
                    records[game.home, default: (0, 0)].wins += homeWon ? 1 : 0
                    records[game.home, default: (0, 0)].losses += homeWon ? 0 : 1
                    records[game.away, default: (0, 0)].wins += homeWon ? 0 : 1
                    records[game.away, default: (0, 0)].losses += homeWon ? 1 : 0
                }
                let side = { (tricode: String, score: Int?) -> NBACom.ScheduleTeam in
                    let team = Teams.team(tricode)!
                    let record = records[tricode] ?? (0, 0)
                    return NBACom.ScheduleTeam(teamId: team.nbaTeamID, teamName: team.name, teamCity: team.city,
                                               teamTricode: team.tricode, wins: record.wins, losses: record.losses,
                                               score: score ?? 0)
                }
                let eastern = FeedTime.easternWallClock(game.tipoff)
                let arena = Arenas.byTeam[game.home] ?? ("Arena", "", "")
                return NBACom.ScheduledGame(
                    gameId: game.nbaGameID, gameCode: game.gameCode, gameStatus: final ? 3 : live ? 2 : 1,
                    gameStatusText: final ? "Final" : live ? "Q3 6:12" : tipText(game.tipoff),
                    gameDateEst: String(eastern.prefix(10)) + "T00:00:00Z", gameDateTimeEst: eastern,
                    gameDateTimeUTC: FeedTime.iso(game.tipoff), arenaName: arena.0, arenaCity: arena.1, arenaState: arena.2,
                    homeTeam: side(game.home, box?.home.points), awayTeam: side(game.away, box?.away.points))
            }
            dates.append(NBACom.GameDate(gameDate: label, games: scheduled))
        }
        return NBACom.ScheduleDocument(meta: NBACom.Meta(request: "scheduleLeagueV2_1.json", time: FeedTime.iso(now)),
                                       leagueSchedule: NBACom.LeagueSchedule(seasonYear: league.season, gameDates: dates))
    }

    private func tipText(_ tip: Date) -> String {
        let c = CivilTime.eastern(tip)
        return "\(c.hour % 12 == 0 ? 12 : c.hour % 12):\(CivilTime.pad(c.minute)) \(c.hour < 12 ? "am" : "pm") ET"
    }

    private func boxScore(_ game: ScenarioGame, now: Date) -> NBACom.BoxScoreDocument {
        let box = league.boxScore(game)
        let team = { (side: TeamBox) -> NBACom.BoxScoreTeam in
            let t = Teams.team(side.team)!
            let players = side.lines.map { line -> NBACom.BoxScorePlayer in
                var stats = NBACom.BoxScoreStatistics(minutes: NBACom.duration(seconds: line.seconds), points: line.points)
                stats.reboundsTotal = line.rebounds; stats.reboundsOffensive = line.oreb; stats.reboundsDefensive = line.dreb
                stats.assists = line.ast; stats.steals = line.stl; stats.blocks = line.blk; stats.turnovers = line.tov
                stats.foulsPersonal = line.pf; stats.fieldGoalsMade = line.fgm; stats.fieldGoalsAttempted = line.fga
                stats.threePointersMade = line.fg3m; stats.threePointersAttempted = line.fg3a
                stats.freeThrowsMade = line.ftm; stats.freeThrowsAttempted = line.fta
                stats.plusMinusPoints = Double(line.plusMinus)
                var status = "ACTIVE", reason: String? = nil, description: String? = nil
                switch line.status {
                case .inactive(let why): status = "INACTIVE"; reason = "INACTIVE_INJURY"; description = why
                case .didNotPlay: reason = "DNP_COACH"; description = "Coach's Decision"
                case .played: break
                }
                return NBACom.BoxScorePlayer(status: status, notPlayingReason: reason, notPlayingDescription: description,
                                             personId: line.player.nbaPersonID, jerseyNum: line.player.jersey,
                                             position: line.starter ? line.player.position : nil,
                                             starter: line.starter ? "1" : "0", played: line.played ? "1" : "0",
                                             name: line.player.fullName, firstName: line.player.firstName,
                                             familyName: line.player.lastName, statistics: stats)
            }
            return NBACom.BoxScoreTeam(teamId: t.nbaTeamID, teamTricode: t.tricode, teamCity: t.city, teamName: t.name,
                                       score: side.points, players: players)
        }
        return NBACom.BoxScoreDocument(
            meta: NBACom.Meta(request: "boxscore_\(game.nbaGameID).json", time: FeedTime.iso(now), code: 200),
            game: NBACom.BoxScoreGame(gameId: game.nbaGameID, gameTimeUTC: FeedTime.iso(game.tipoff),
                                      gameCode: game.gameCode, gameStatus: 3, gameStatusText: "Final", period: 4,
                                      homeTeam: team(box.home), awayTeam: team(box.away)))
    }
}

/// Home arenas, so the schedule can name venues (the incident's Pacific-venue pattern is read from them).
enum Arenas {
    static let byTeam: [String: (String, String, String)] = [
        "ATL": ("State Farm Arena", "Atlanta", "GA"), "BOS": ("TD Garden", "Boston", "MA"),
        "BKN": ("Barclays Center", "Brooklyn", "NY"), "CHA": ("Spectrum Center", "Charlotte", "NC"),
        "CHI": ("United Center", "Chicago", "IL"), "CLE": ("Rocket Arena", "Cleveland", "OH"),
        "DAL": ("American Airlines Center", "Dallas", "TX"), "DEN": ("Ball Arena", "Denver", "CO"),
        "DET": ("Little Caesars Arena", "Detroit", "MI"), "GSW": ("Chase Center", "San Francisco", "CA"),
        "HOU": ("Toyota Center", "Houston", "TX"), "IND": ("Gainbridge Fieldhouse", "Indianapolis", "IN"),
        "LAC": ("Intuit Dome", "Inglewood", "CA"), "LAL": ("Crypto.com Arena", "Los Angeles", "CA"),
        "MEM": ("FedExForum", "Memphis", "TN"), "MIA": ("Kaseya Center", "Miami", "FL"),
        "MIL": ("Fiserv Forum", "Milwaukee", "WI"), "MIN": ("Target Center", "Minneapolis", "MN"),
        "NOP": ("Smoothie King Center", "New Orleans", "LA"), "NYK": ("Madison Square Garden", "New York", "NY"),
        "OKC": ("Paycom Center", "Oklahoma City", "OK"), "ORL": ("Kia Center", "Orlando", "FL"),
        "PHI": ("Xfinity Mobile Arena", "Philadelphia", "PA"), "PHX": ("PHX Arena", "Phoenix", "AZ"),
        "POR": ("Moda Center", "Portland", "OR"), "SAC": ("Golden 1 Center", "Sacramento", "CA"),
        "SAS": ("Frost Bank Center", "San Antonio", "TX"), "TOR": ("Scotiabank Arena", "Toronto", "ON"),
        "UTA": ("Delta Center", "Salt Lake City", "UT"), "WAS": ("Capital One Arena", "Washington", "DC"),
    ]
}
