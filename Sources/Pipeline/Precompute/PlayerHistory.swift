import Warehouse

/// What every player-level processor needs about a player's season before date D: the latest team, the last game,
/// games played, the season average and the last 5/10-game windows — for the players whose team plays on D.
/// One grouped pass over the season, then rolling windows only for those players.
struct PlayerHistory {
    let player: String
    let team: String
    let lastGame: Day?
    let games: Int
    let seasonAverage: Double?
    let last5: Double?
    let last10: Double?
    let spread10: Double
    let minutes10: Double?
    let usage10: Double?
    let trueShooting10: Double?

    /// Three processors ask for the same date's histories in a row (upcoming context, daily cache, shot zones), and a
    /// night asks again after every load; the answer is kept under the content keys of everything it read. A backfill
    /// asks for every date of its range once per processor, so three seasons' game dates fit (about 25 KB a date).
    static let kept = DerivedCache<[PlayerHistory]>(capacity: 600)

    static func playing(on date: Day, _ tx: WarehouseTransaction) throws -> [PlayerHistory] {
        // The season's dates are listed once: their keys name the answer, and the walk reads them on a miss.
        let dates = try SeasonGames.playerDates(from: SeasonGames.seasonStart(date), before: date, tx)
        let schedule = try LoadedPartitions.contentKeys(TableName(.raw, "nbac_schedule"), from: date, before: date.adding(days: 1), tx)
        var read: [String] = [date.description]
        for key in dates.map(\.key) + schedule.map(\.value) { read.append(key ?? "") }
        // A partition that cannot be vouched for (written around the writer) is read afresh every time.
        let key = read.contains("") ? nil : SHA256.hex(read.joined(separator: "\n"))
        return try kept.kept(under: key) { try query(on: date, dates: dates, tx) }
    }

    /// Each player's season so far, as the walk over the season's dates accumulates it.
    struct Season {
        let player: String
        var team: String?
        var lastGame: Day
        var games = 0
        var points = 0.0, scored = 0
        /// The last ten games so far, oldest first (dates ascending, a date's games by id).
        var recent: [SeasonGames.PlayerGame] = []
    }

    /// The walk up to a date, kept under a chain of the walked dates' content keys: the next date of a backfill (or a
    /// night's re-run after one more load) resumes from it instead of walking the season again.
    static let walks = DerivedCache<[Season]>(capacity: 4)

    /// Every player's season before D, in first-seen order.
    static func seasons(before date: Day, dates: [(day: Day, text: String, key: String?)], _ tx: WarehouseTransaction) throws -> [Season] {
        let seasonYear = NBAStatsCSVLoader.seasonYear(date)
        // chain[i] names the walk through dates[0..<i]; nil from the first date that cannot be vouched for.
        var chain: [String?] = ["season \(seasonYear)"]
        for entry in dates { chain.append(chain.last!.flatMap { link in entry.key.map { SHA256.hex(link + "\n" + $0) } }) }
        var start = 0
        var seasons: [Season] = []
        for i in stride(from: dates.count, through: 1, by: -1) {
            if let link = chain[i], let known = walks.value(link) { (start, seasons) = (i, known); break }
        }
        var position = Dictionary(seasons.enumerated().map { ($1.player, $0) }, uniquingKeysWith: { first, _ in first })
        for entry in dates[start...] {
            for game in try SeasonGames.players(on: entry.text, key: entry.key, tx) where game.seasonYear == seasonYear {
                let at: Int
                if let known = position[game.player] {
                    at = known
                } else {
                    at = seasons.count
                    position[game.player] = at
                    seasons.append(Season(player: game.player, team: game.team, lastGame: entry.day))
                }
                // Mutated in place: a copy out of the array would copy its window on every game.
                seasons[at].games += 1
                if let points = game.points { seasons[at].points += Double(points); seasons[at].scored += 1 }
                if entry.day >= seasons[at].lastGame { seasons[at].lastGame = entry.day; seasons[at].team = game.team }
                if seasons[at].recent.count == 10 { seasons[at].recent.removeFirst() }
                seasons[at].recent.append(game)
            }
        }
        if start < dates.count, let link = chain[dates.count] { walks.keep(seasons, under: link) }
        return seasons
    }

    /// From the season's rows kept per loaded partition (`SeasonGames`). The averages are SQL's: over the non-null
    /// values, the sum taken as a double over the count.
    private static func query(on date: Day, dates: [(day: Day, text: String, key: String?)], _ tx: WarehouseTransaction) throws -> [PlayerHistory] {
        var playing = Set<String>()
        for row in try tx.query("SELECT home_team_tricode, away_team_tricode FROM nba_raw.nbac_schedule WHERE game_date = ?",
                                [.text(date.description)]).rows {
            for team in row { if let team = team.stringValue { playing.insert(team) } }
        }
        let seasons = try Self.seasons(before: date, dates: dates, tx)
        func average(_ values: [Double?]) -> Double? {
            let present = values.compactMap { $0 }
            return present.isEmpty ? nil : present.reduce(0, +) / Double(present.count)
        }
        var histories: [PlayerHistory] = []
        for season in seasons.sorted(by: { $0.player < $1.player }) {
            guard let team = season.team, playing.contains(team) else { continue }
            let player = season.player
            // The last ten games, newest first (a date's games by id, highest first, as ROW_NUMBER ordered them).
            let ten = Array(season.recent.reversed())
            let l10 = average(ten.map { $0.points.map(Double.init) })
            let square = average(ten.map { $0.points.map { Double($0 * $0) } })
            let variance = max(0, (square ?? 0) - (l10 ?? 0) * (l10 ?? 0))
            histories.append(PlayerHistory(player: player, team: team, lastGame: season.lastGame, games: season.games,
                                           seasonAverage: season.scored > 0 ? season.points / Double(season.scored) : nil,
                                           last5: average(ten.prefix(5).map { $0.points.map(Double.init) }), last10: l10,
                                           spread10: variance.squareRoot(), minutes10: average(ten.map(\.minutes)),
                                           usage10: average(ten.map(\.usage)), trueShooting10: average(ten.map(\.trueShooting))))
        }
        return histories
    }
}

/// Each team's average pace over its last 10 games before D (this season), from the kept per-date team games
/// (`SeasonGames.pace`). As SQL's `AVG` over the ten most recent rows: a game without a pace counts among the ten but
/// not in the average, and the sum runs most recent first (the order SQLite fed its aggregate), so the doubles agree.
enum TeamPace {
    static let games = 10

    static func lastTen(before date: Day, _ tx: WarehouseTransaction) throws -> [String: Double] {
        var recent: [String: (seen: Int, sum: Double, counted: Int)] = [:]
        for (_, teams) in try SeasonGames.pace(before: date, tx).reversed() {
            for game in teams {
                var entry = recent[game.team] ?? (0, 0, 0)
                guard entry.seen < games else { continue }
                entry.seen += 1
                if let pace = game.pace {
                    entry.sum += pace
                    entry.counted += 1
                }
                recent[game.team] = entry
            }
        }
        var pace: [String: Double] = [:]
        for (team, entry) in recent where entry.counted > 0 { pace[team] = entry.sum / Double(entry.counted) }
        return pace
    }
}
