import Foundation
import Warehouse

/// The season's player-games and team defence before a date, as the processors that look back over the season read
/// them: kept per loaded partition (`LoadedPartitions`), so a date's rows are read from SQLite once per load rather
/// than once for every later date of a backfill and every re-run of a night.
enum SeasonGames {
    struct PlayerGame: Sendable {
        let player: String
        let gameID: String
        let team: String?
        let home: Bool
        let opponent: String?
        let minutes: Double?
        let points: Int?
        let usage: Double?
        let trueShooting: Double?
        let seasonYear: Int?
        let fieldGoalAttempts: Int?
        let threeAttempts: Int?
        let fieldGoalMakes: Int?
        let threeMakes: Int?
    }

    /// A season's game dates, or the 240 days the shot zones look back, fit (about 50 KB a date).
    static let playerGames = DerivedCache<[PlayerGame]>(capacity: 300)
    protocol SeasonRow { var seasonYear: Int? { get } }
    struct TeamDefence: SeasonRow, Sendable {
        let team: String
        let allowed: Int64?
        let seasonYear: Int?
    }

    static let pointsAllowed = DerivedCache<[TeamDefence]>(capacity: 300)
    struct TeamPace: SeasonRow, Sendable {
        let team: String
        let pace: Double?
        let seasonYear: Int?
    }

    static let paces = DerivedCache<[TeamPace]>(capacity: 300)

    /// The first day a season's dates can fall on (its games run October to June).
    static func seasonStart(_ date: Day) -> Day { Day(year: NBAStatsCSVLoader.seasonYear(date), month: 7, day: 1)! }

    /// Every player-game from `from` up to (not including) `before`, whatever its season, date by date in date order.
    static func players(from: Day, before date: Day, _ tx: WarehouseTransaction) throws -> [(day: Day, games: [PlayerGame])] {
        try playerDates(from: from, before: date, tx).map { ($0.day, try players(on: $0.text, key: $0.key, tx)) }
    }

    /// The dates of [from, before) that have player-games, with their content keys, in date order.
    static func playerDates(from: Day, before date: Day, _ tx: WarehouseTransaction) throws -> [(day: Day, text: String, key: String?)] {
        try LoadedPartitions.contentKeys(TableName(.analytics, "player_game_summary"), from: from, before: date, tx)
            .sorted { $0.key < $1.key }.compactMap { text, key in Day(text).map { ($0, text, key) } }
    }

    /// One date's player-games (kept under the date's content key when it has one).
    static func players(on day: String, key: String?, _ tx: WarehouseTransaction) throws -> [PlayerGame] {
        try playerGames.kept(under: key) {
            try tx.query("""
                SELECT player_lookup, game_id, team_abbr, home_game, opponent_team_abbr, minutes_played, points, usage_rate, ts_pct,
                       season_year, fg_attempts, three_pt_attempts, fg_makes, three_pt_makes
                FROM nba_analytics.player_game_summary WHERE game_date = ? ORDER BY player_lookup, game_id
                """, [.text(day)]).rows.compactMap { r in
                guard case .text(let player) = r[0] else { return nil }
                return PlayerGame(player: player, gameID: r[1].stringValue ?? "", team: r[2].stringValue, home: r[3] == .integer(1),
                                  opponent: r[4].stringValue, minutes: r[5].doubleValue, points: r[6].intValue, usage: r[7].doubleValue,
                                  trueShooting: r[8].doubleValue, seasonYear: r[9].intValue, fieldGoalAttempts: r[10].intValue,
                                  threeAttempts: r[11].intValue, fieldGoalMakes: r[12].intValue, threeMakes: r[13].intValue)
            }
        }
    }

    /// Each team's points allowed in every game of D's season before D, date by date in date order.
    static func defence(before date: Day, _ tx: WarehouseTransaction) throws -> [(day: Day, games: [TeamDefence])] {
        try teamGames(TableName(.analytics, "team_defense_game_summary"), "points_allowed", before: date, cache: pointsAllowed, tx) { team, value, season in
            if case .integer(let allowed) = value { return TeamDefence(team: team, allowed: allowed, seasonYear: season) }
            return TeamDefence(team: team, allowed: nil, seasonYear: season)
        }
    }

    /// Each team's pace in every game of D's season before D, date by date in date order.
    static func pace(before date: Day, _ tx: WarehouseTransaction) throws -> [(day: Day, games: [TeamPace])] {
        try teamGames(TableName(.analytics, "team_offense_game_summary"), "pace", before: date, cache: paces, tx) { team, value, season in
            TeamPace(team: team, pace: value.doubleValue, seasonYear: season)
        }
    }

    /// One column of a team-game table for D's season before D, kept per loaded partition and read date by date.
    private static func teamGames<Row: SeasonRow>(_ table: TableName, _ column: String, before date: Day, cache: DerivedCache<[Row]>,
                                                  _ tx: WarehouseTransaction, make: (String, SQLValue, Int?) -> Row)
        throws -> [(day: Day, games: [Row])]
    {
        let season = NBAStatsCSVLoader.seasonYear(date)
        return try perDate(table, from: seasonStart(date), before: date, cache: cache, tx) { day in
            try tx.query("""
                SELECT team_abbr, \(column), season_year FROM \(table.dataset.rawValue).\(table.table)
                WHERE game_date = ? ORDER BY team_abbr
                """, [.text(day)]).rows.compactMap { r in
                guard case .text(let team) = r[0] else { return nil }
                return make(team, r[1], r[2].intValue)
            }
        }.map { ($0.day, $0.games.filter { $0.seasonYear == season }) }
    }

    private static func perDate<Row>(_ table: TableName, from: Day, before date: Day, cache: DerivedCache<[Row]>,
                                     _ tx: WarehouseTransaction, read: (String) throws -> [Row]) throws -> [(day: Day, games: [Row])] {
        try LoadedPartitions.perDate(table, from: from, before: date, cache: cache, tx, read: read).compactMap { date, rows in
            Day(date).map { ($0, rows) }
        }
    }
}
