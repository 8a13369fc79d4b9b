import Warehouse

/// One team's game on a date, from the schedule: the reference game id, the venue and the opponent.
struct TeamGame: Sendable, Equatable {
    let gameID: String
    let home: Bool
    let opponent: String

    /// Every team playing on `date`, keyed by tricode.
    static func byTeam(on date: Day, _ tx: WarehouseTransaction) throws -> [String: TeamGame] {
        var games: [String: TeamGame] = [:]
        for row in try tx.query("""
            SELECT home_team_tricode, away_team_tricode FROM nba_raw.nbac_schedule WHERE game_date = ? ORDER BY game_id
            """, [.text(date.description)]).rows {
            guard let home = row[0].stringValue, let away = row[1].stringValue else { continue }
            let id = NBAStatsCSVLoader.gameKey(date, away: away, home: home)
            games[home] = TeamGame(gameID: id, home: true, opponent: away)
            games[away] = TeamGame(gameID: id, home: false, opponent: home)
        }
        return games
    }
}
