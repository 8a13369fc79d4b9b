import Foundation
import SourceFormats

extension ScenarioLeague {
    /// The scenario season as an NBA stats player game log (the CSV of `../shared/data/real/`), moved `yearsBack`
    /// seasons into the past by whole weeks (so weekdays stay), with that season's game ids and label. Leagues of
    /// different seeds moved back 2, 1 and 0 years make a three-season history for `load nba-stats-csv`.
    public func nbaStatsCSV(yearsBack: Int) -> String {
        let startYear = seasonStartYear - yearsBack
        let label = "\(startYear)-\(String(format: "%02d", (startYear + 1) % 100))"
        let shift = -364 * yearsBack
        var lines = ["SEASON_ID,PLAYER_ID,PLAYER_NAME,TEAM_ID,TEAM_ABBREVIATION,TEAM_NAME,GAME_ID,GAME_DATE,MATCHUP,WL,MIN,PTS,"
                     + "FGM,FGA,FG_PCT,FG3M,FG3A,FG3_PCT,FTM,FTA,FT_PCT,OREB,DREB,REB,AST,STL,BLK,TOV,PF,PLUS_MINUS,SEASON_LABEL"]
        func pct(_ made: Int, _ tried: Int) -> String { tried == 0 ? "" : String(format: "%.3f", Double(made) / Double(tried)) }
        for game in games {
            let box = boxScore(game)
            let gameID = String(format: "002%02d%05d", startYear % 100, game.sequence)
            let date = game.date.adding(days: shift).description
            for (side, opponent, home) in [(box.home, box.away, true), (box.away, box.home, false)] {
                guard let team = Teams.team(side.team) else { continue }
                let matchup = home ? "\(side.team) vs. \(opponent.team)" : "\(side.team) @ \(opponent.team)"
                let result = side.points > opponent.points ? "W" : "L"
                for line in side.lines where line.played {
                    let name = line.player.fullName.contains(",") ? "\"\(line.player.fullName)\"" : line.player.fullName
                    let fields: [String] = [
                        "2\(startYear)", "\(line.player.nbaPersonID)", name, "\(team.nbaTeamID)", team.tricode, team.fullName, gameID, date,
                        matchup, result, "\(line.minutes)", "\(line.points)", "\(line.fgm)", "\(line.fga)", pct(line.fgm, line.fga),
                        "\(line.fg3m)", "\(line.fg3a)", pct(line.fg3m, line.fg3a), "\(line.ftm)", "\(line.fta)", pct(line.ftm, line.fta),
                        "\(line.oreb)", "\(line.dreb)", "\(line.rebounds)", "\(line.ast)", "\(line.stl)", "\(line.blk)", "\(line.tov)",
                        "\(line.pf)", "\(line.plusMinus)", label,
                    ]
                    lines.append(fields.joined(separator: ","))
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
