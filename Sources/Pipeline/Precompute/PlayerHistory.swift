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
    /// asks for every date of its range once per processor, so a season's dates must fit (about 40 KB a date).
    static let kept = DerivedCache<[PlayerHistory]>(capacity: 400)

    static func playing(on date: Day, _ tx: WarehouseTransaction) throws -> [PlayerHistory] {
        let seasonYear = NBAStatsCSVLoader.seasonYear(date)
        let summaries = try LoadedPartitions.contentKeys(TableName(.analytics, "player_game_summary"),
                                                         from: Day(year: seasonYear, month: 7, day: 1)!, before: date, tx)
        let schedule = try LoadedPartitions.contentKeys(TableName(.raw, "nbac_schedule"), from: date, before: date.adding(days: 1), tx)
        var read: [String] = [date.description]
        for (_, key) in summaries.sorted(by: { $0.key < $1.key }) + schedule.map({ ($0.key, $0.value) }) { read.append(key ?? "") }
        // A partition that cannot be vouched for (written around the writer) is read afresh every time.
        let key = read.contains("") ? nil : SHA256.hex(read.joined(separator: "\n"))
        if let key, let known = kept.value(key) { return known }
        let histories = try query(on: date, tx)
        if let key { kept.keep(histories, under: key) }
        return histories
    }

    private static func query(on date: Day, _ tx: WarehouseTransaction) throws -> [PlayerHistory] {
        let day = SQLValue.text(date.description)
        let season = SQLValue.integer(Int64(NBAStatsCSVLoader.seasonYear(date)))
        let records = try tx.query("""
            WITH playing AS (
              SELECT home_team_tricode AS team FROM nba_raw.nbac_schedule WHERE game_date = ?1
              UNION SELECT away_team_tricode FROM nba_raw.nbac_schedule WHERE game_date = ?1),
            season AS (
              SELECT player_lookup, team_abbr, MAX(game_date) AS last_game, AVG(points) AS season_avg, COUNT(*) AS games
              FROM nba_analytics.player_game_summary WHERE season_year = ?2 AND game_date < ?1
              GROUP BY player_lookup),
            recent AS (
              SELECT s.player_lookup, s.team_abbr, s.last_game, s.season_avg, s.games, r.recency, r.points, r.minutes_played,
                     r.usage_rate, r.ts_pct
              FROM season s JOIN playing ON playing.team = s.team_abbr
              JOIN (SELECT player_lookup, points, minutes_played, usage_rate, ts_pct,
                           ROW_NUMBER() OVER (PARTITION BY player_lookup ORDER BY game_date DESC, game_id DESC) AS recency
                    FROM nba_analytics.player_game_summary
                    WHERE season_year = ?2 AND game_date < ?1
                      AND player_lookup IN (SELECT player_lookup FROM season JOIN playing ON playing.team = season.team_abbr)) r
                ON r.player_lookup = s.player_lookup AND r.recency <= 10)
            SELECT player_lookup, team_abbr, MAX(last_game) AS last_game, MAX(season_avg) AS season_avg, MAX(games) AS games,
                   AVG(CASE WHEN recency <= 5 THEN points END) AS l5, AVG(points) AS l10,
                   AVG(points * points) AS l10_square, AVG(minutes_played) AS minutes10, AVG(usage_rate) AS usage10,
                   AVG(ts_pct) AS ts10
            FROM recent GROUP BY player_lookup, team_abbr ORDER BY player_lookup
            """, [day, season]).records
        return records.compactMap { r in
            guard let player = r["player_lookup"]?.stringValue, let team = r["team_abbr"]?.stringValue else { return nil }
            let l10 = r["l10"]?.doubleValue
            let variance = max(0, (r["l10_square"]?.doubleValue ?? 0) - (l10 ?? 0) * (l10 ?? 0))
            return PlayerHistory(player: player, team: team, lastGame: r["last_game"]?.stringValue.flatMap(Day.init),
                                 games: r["games"]?.intValue ?? 0, seasonAverage: r["season_avg"]?.doubleValue, last5: r["l5"]?.doubleValue,
                                 last10: l10, spread10: variance.squareRoot(), minutes10: r["minutes10"]?.doubleValue,
                                 usage10: r["usage10"]?.doubleValue, trueShooting10: r["ts10"]?.doubleValue)
        }
    }
}

/// Each team's average pace over its last 10 games before D (this season).
enum TeamPace {
    static func lastTen(before date: Day, _ tx: WarehouseTransaction) throws -> [String: Double] {
        let records = try tx.query("""
            SELECT team_abbr, AVG(pace) AS pace FROM (
              SELECT team_abbr, pace, ROW_NUMBER() OVER (PARTITION BY team_abbr ORDER BY game_date DESC) AS recency
              FROM nba_analytics.team_offense_game_summary WHERE season_year = ?2 AND game_date < ?1)
            WHERE recency <= 10 GROUP BY team_abbr
            """, [.text(date.description), .integer(Int64(NBAStatsCSVLoader.seasonYear(date)))]).records
        var pace: [String: Double] = [:]
        for r in records { if let team = r["team_abbr"]?.stringValue, let value = r["pace"]?.doubleValue { pace[team] = value } }
        return pace
    }
}
