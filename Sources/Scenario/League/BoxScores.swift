import Foundation
import SourceFormats

/// One player's line in one game, as every box-score source reports it.
public struct PlayerLine: Sendable {
    public enum Status: Sendable, Equatable { case played, didNotPlay, inactive(reason: String) }
    public let player: ScenarioPlayer
    public let status: Status
    public let starter: Bool
    public let seconds: Int
    public var fgm = 0, fga = 0, fg3m = 0, fg3a = 0, ftm = 0, fta = 0
    public var oreb = 0, dreb = 0, ast = 0, stl = 0, blk = 0, tov = 0, pf = 0, plusMinus = 0

    public var points: Int { 2 * (fgm - fg3m) + 3 * fg3m + ftm }
    public var rebounds: Int { oreb + dreb }
    public var minutes: Int { Int((Double(seconds) / 60).rounded()) }
    public var played: Bool { status == .played && seconds > 0 }
}

public struct TeamBox: Sendable {
    public let team: String
    public let lines: [PlayerLine]
    public var points: Int { lines.reduce(0) { $0 + $1.points } }
}

public struct GameBoxScore: Sendable {
    public let game: ScenarioGame
    public let home: TeamBox
    public let away: TeamBox
}

extension ScenarioLeague {
    /// The final box score of a game: minutes from each player's real-profile distribution scaled to 240 per team,
    /// shots and makes from his rates against the opponent's defence and the game's pace.
    public func boxScore(_ game: ScenarioGame) -> GameBoxScore {
        boxScoreCache.value(game.sequence) {
            var draws = SeededGenerator(seed: seed).fork("box-\(game.nbaGameID)")
            let pace = (strengths[game.home]!.pace + strengths[game.away]!.pace) / 2 * (1 + draws.normal(sd: 0.03))
            var home = teamBox(game.home, opponent: game.away, day: game.date, pace: pace, homeBonus: 1.015, draws: &draws)
            var away = teamBox(game.away, opponent: game.home, day: game.date, pace: pace, homeBonus: 1.0, draws: &draws)
            if home.points == away.points, let i = home.lines.firstIndex(where: \.played) {
                var lines = home.lines  // no ties: the home side's leading scorer makes one more free throw
                lines[i].ftm += 1
                lines[i].fta += 1
                home = TeamBox(team: home.team, lines: lines)
            }
            let margin = home.points - away.points
            home = TeamBox(team: home.team, lines: home.lines.map { withPlusMinus($0, margin, &draws) })
            away = TeamBox(team: away.team, lines: away.lines.map { withPlusMinus($0, -margin, &draws) })
            return GameBoxScore(game: game, home: home, away: away)
        }
    }

    private func withPlusMinus(_ line: PlayerLine, _ margin: Int, _ draws: inout SeededGenerator) -> PlayerLine {
        var line = line
        if line.played {
            line.plusMinus = Int((Double(margin) * Double(line.seconds) / 2880 + draws.normal(sd: 5)).rounded())
        }
        return line
    }

    private func teamBox(_ team: String, opponent: String, day: Day, pace: Double, homeBonus: Double,
                         draws: inout SeededGenerator) -> TeamBox {
        let roster = roster(team)
        let defense = strengths[opponent]!.defense
        var wanted: [Double] = roster.map { player in
            if injury(of: player, on: day) != nil { return 0 }
            if player.slot >= 12 && draws.chance(0.6) { return 0 }  // deep bench: coach's decision
            return max(0, min(44, draws.normal(mean: player.profile.minMean, sd: player.profile.minSD * 0.8)))
        }
        // The five who want the most minutes start and keep theirs; the bench shares what is left of 240.
        let starters = Set(roster.indices.filter { wanted[$0] > 0 }.sorted { wanted[$0] > wanted[$1] }.prefix(5))
        for i in starters { wanted[i] = min(40, wanted[i]) }
        let starterTotal = starters.reduce(0.0) { $0 + wanted[$1] }
        let benchTotal = roster.indices.filter { !starters.contains($0) }.reduce(0.0) { $0 + wanted[$1] }
        if benchTotal > 0, starterTotal < 240 {
            for i in roster.indices where !starters.contains(i) { wanted[i] *= (240 - starterTotal) / benchTotal }
        } else {
            let total = wanted.reduce(0, +)
            if total > 0 { wanted = wanted.map { $0 * 240 / total } }
        }
        var lines: [PlayerLine] = []
        for (i, player) in roster.enumerated() {
            if let spell = injury(of: player, on: day) {
                lines.append(PlayerLine(player: player, status: .inactive(reason: spell.reason), starter: false, seconds: 0))
                continue
            }
            let seconds = Int((wanted[i] * 60).rounded())
            var line = PlayerLine(player: player, status: seconds > 0 ? .played : .didNotPlay,
                                  starter: starters.contains(i), seconds: seconds)
            if seconds > 0 {
                let p = player.profile, minutes = Double(seconds) / 60
                line.fga = draws.poisson(p.fgaPerMin * minutes * pace)
                line.fg3a = draws.binomial(line.fga, p.threeShare)
                line.fg3m = draws.binomial(line.fg3a, min(0.95, p.threePct / defense * homeBonus))
                line.fgm = line.fg3m + draws.binomial(line.fga - line.fg3a, min(0.95, p.twoPct / defense * homeBonus))
                line.fta = draws.poisson(p.ftaPerFga * Double(line.fga))
                line.ftm = draws.binomial(line.fta, p.ftPct)
                line.oreb = draws.poisson(p.orebPerMin * minutes)
                line.dreb = draws.poisson(p.drebPerMin * minutes)
                line.ast = draws.poisson(p.astPerMin * minutes)
                line.stl = draws.poisson(p.stlPerMin * minutes)
                line.blk = draws.poisson(p.blkPerMin * minutes)
                line.tov = draws.poisson(p.tovPerMin * minutes)
                line.pf = min(6, draws.poisson(p.pfPerMin * minutes))
            }
            lines.append(line)
        }
        return TeamBox(team: team, lines: lines)
    }

    /// A player's expected points in a game, what the books centre their lines on.
    public func expectedPoints(_ player: ScenarioPlayer, opponent: String) -> Double {
        player.profile.pointsPerMinute * player.profile.minMean / strengths[opponent]!.defense
    }
}
