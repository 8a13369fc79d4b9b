import Foundation
import SourceFormats

/// BallDontLie: raw key (or `Bearer key`) in `Authorization`; 429 without `Retry-After` over the per-minute limit;
/// cursor pages of up to 100 with `next_cursor` left out of the last page; `min` as a string; DNP rows included.
extension ScenarioFeed {
    func ballDontLie(_ request: FeedRequest, rest: [String], now: Date) -> FeedResponse {
        let key = request.headers["authorization"].map { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : $0 }
        guard key == credentials.ballDontLieKey else { return .json(["error": "Unauthorized"], status: 401) }
        if meterExceeds("bdl", limit: ballDontLiePerMinute, seconds: 60, now: now) {
            return .json(["error": "Too many requests"], status: 429)
        }
        var route = rest
        if route.first == "nba" { route.removeFirst() }
        guard route.first == "v1", route.count == 2 else { return notFound(request.path) }
        let perPage = min(100, max(1, Int(request.value("per_page") ?? "25") ?? 25))
        let cursor = Int(request.value("cursor") ?? "0") ?? 0
        switch route[1] {
        case "teams":
            return .json(BDL.Page(data: Teams.all.map(BDL.Team.init), meta: nil))
        case "games":
            let games = requestedDays(request).flatMap(league.games(on:)).sorted { $0.bdlGameID < $1.bdlGameID }
            return page(games.map { bdlGame($0, now: now, nested: true) }, cursor: cursor, perPage: perPage)
        case "stats":
            // Every row of the requested days is listed, but only the page's rows are rendered.
            var lines: [(line: PlayerLine, game: ScenarioGame, index: Int)] = []
            for game in requestedDays(request).flatMap(league.games(on:)).sorted(by: { $0.bdlGameID < $1.bdlGameID })
            where available(game, source: "bdl", path: request.path, now: now) {
                let box = league.boxScore(game)
                for (index, line) in (box.away.lines + box.home.lines).enumerated() {
                    if case .inactive = line.status { continue }
                    lines.append((line, game, index))
                }
            }
            return page(lines, cursor: cursor, perPage: perPage) { bdlStat($0.line, game: $0.game, index: $0.index, now: now) }
        case "player_injuries":
            let day = FeedTime.easternDay(now)
            let rows = league.injuryReport(on: day).map { entry in
                BDL.Injury(player: bdlPlayer(entry.player), returnDate: monthDay(entry.spell.last.adding(days: 1)),
                           description: "\(entry.player.lastName) (\(entry.spell.reason)) is listed \(entry.status).",
                           status: entry.status)
            }
            return page(rows, cursor: cursor, perPage: perPage)
        default:
            return notFound(request.path)
        }
    }

    private func requestedDays(_ request: FeedRequest) -> [Day] {
        var days = request.values("dates[]").compactMap(Day.init)
        if let a = request.value("start_date").flatMap(Day.init), let b = request.value("end_date").flatMap(Day.init),
           let range = DayRange(a, b), range.count <= 400 {
            days += Array(range)
        }
        return Array(Set(days)).sorted()
    }

    private func page<Row: Codable & Sendable>(_ rows: [Row], cursor: Int, perPage: Int) -> FeedResponse {
        page(rows, cursor: cursor, perPage: perPage) { $0 }
    }

    /// The page of `items` at `cursor`, each rendered as a row only when it is on the page.
    private func page<Item, Row: Codable & Sendable>(_ items: [Item], cursor: Int, perPage: Int,
                                                     render: (Item) -> Row) -> FeedResponse {
        let start = min(max(0, cursor), items.count)
        let end = min(items.count, start + perPage)
        return .json(BDL.Page(data: items[start..<end].map(render), meta: BDL.Meta(nextCursor: end < items.count ? end : nil,
                                                                                    perPage: perPage)))
    }

    func bdlGame(_ game: ScenarioGame, now: Date, nested: Bool) -> BDL.Game {
        let final = now >= game.endsAt
        let live = now >= game.tipoff && !final
        let box = final ? league.boxScore(game) : nil
        let home = Teams.team(game.home)!, away = Teams.team(game.away)!
        return BDL.Game(id: game.bdlGameID, date: game.date.description, datetime: FeedTime.iso(game.tipoff, fractional: true),
                        season: league.seasonStartYear,
                        status: final ? "Final" : live ? "3rd Qtr" : FeedTime.iso(game.tipoff),
                        period: final ? 4 : live ? 3 : 0, time: final ? "Final" : live ? "6:12" : "",
                        postseason: false, homeTeamScore: box?.home.points ?? 0, visitorTeamScore: box?.away.points ?? 0,
                        homeTeam: nested ? BDL.Team(home) : nil, visitorTeam: nested ? BDL.Team(away) : nil,
                        homeTeamID: nested ? nil : home.bdlID, visitorTeamID: nested ? nil : away.bdlID)
    }

    private func bdlPlayer(_ player: ScenarioPlayer) -> BDL.Player {
        BDL.Player(id: player.bdlID, firstName: player.firstName, lastName: player.lastName, position: player.position,
                   teamID: Teams.team(player.team)!.bdlID)
    }

    private func bdlStat(_ line: PlayerLine, game: ScenarioGame, index: Int, now: Date) -> BDL.Stat {
        var stat = BDL.Stat(id: game.bdlGameID * 100 + index, min: String(format: "%02d", line.minutes),
                            player: bdlPlayer(line.player), team: BDL.Team(Teams.team(line.player.team)!),
                            game: bdlGame(game, now: now, nested: false))
        stat.fgm = line.fgm; stat.fga = line.fga; stat.fg3m = line.fg3m; stat.fg3a = line.fg3a
        stat.ftm = line.ftm; stat.fta = line.fta; stat.oreb = line.oreb; stat.dreb = line.dreb; stat.reb = line.rebounds
        stat.ast = line.ast; stat.stl = line.stl; stat.blk = line.blk; stat.turnover = line.tov; stat.pf = line.pf
        stat.pts = line.points; stat.plusMinus = line.played ? line.plusMinus : nil
        stat.fgPct = line.fga > 0 ? Double(line.fgm) / Double(line.fga) : 0
        stat.fg3Pct = line.fg3a > 0 ? Double(line.fg3m) / Double(line.fg3a) : 0
        stat.ftPct = line.fta > 0 ? Double(line.ftm) / Double(line.fta) : 0
        return stat
    }

    private func monthDay(_ day: Day) -> String {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(months[day.month - 1]) \(day.day)"
    }

    func meterExceeds(_ key: String, limit: Int, seconds: Double, now: Date) -> Bool {
        meterRef.exceeds(key: key, limit: limit, seconds: seconds, now: now)
    }
}
