import Foundation
import SourceFormats

/// One book's player-points line at one moment.
public struct PropLine: Sendable {
    public let player: ScenarioPlayer
    public let bookmaker: String
    public let point: Double
    public let overPrice: Double
    public let underPrice: Double
}

public struct GameLine: Sendable {
    public let bookmaker: String
    public let homeSpread: Double
    public let total: Double
}

extension ScenarioLeague {
    public static let propBooks = [("draftkings", "DraftKings"), ("fanduel", "FanDuel"), ("betmgm", "BetMGM"),
                                   ("williamhill_us", "Caesars"), ("betrivers", "BetRivers")]
    public static let lineBooks = [("draftkings", "DraftKings"), ("fanduel", "FanDuel")]

    /// Lines open eight hours before the tip and close at the tip.
    public func linesOpen(_ game: ScenarioGame, at instant: Date) -> Bool {
        instant >= game.tipoff - 8 * 3600 && instant < game.tipoff
    }

    /// The player-points lines books show at `instant`: centred on each player's expected points, moving a little
    /// every two hours, only for players expected to play real minutes and not listed out.
    public func propLines(_ game: ScenarioGame, at instant: Date) -> [PropLine] {
        let bucket = max(0, Int(game.tipoff.timeIntervalSince(instant) / 7200))
        var lines: [PropLine] = []
        for (team, opponent) in [(game.home, game.away), (game.away, game.home)] {
            for player in roster(team) where player.profile.minMean >= 18 && injury(of: player, on: game.date) == nil {
                var base = SeededGenerator(seed: seed).fork("prop-\(game.nbaGameID)-\(player.bdlID)")
                let consensus = expectedPoints(player, opponent: opponent) + base.normal(sd: 1.2)
                var drift = SeededGenerator(seed: seed).fork("drift-\(game.nbaGameID)-\(player.bdlID)-\(bucket)")
                let moved = consensus + drift.normal(sd: 0.3)
                for (index, book) in ScenarioLeague.propBooks.enumerated() {
                    var bookDraws = base.fork("book-\(index)")
                    guard index < 2 || bookDraws.chance(0.7) else { continue }
                    let point = ((moved + bookDraws.normal(sd: 0.4)) * 2).rounded(.down) / 2 + 0.5
                    let skew = bookDraws.normal(sd: 0.03)
                    lines.append(PropLine(player: player, bookmaker: book.0, point: max(0.5, point),
                                          overPrice: ((1.87 + skew) * 100).rounded() / 100,
                                          underPrice: ((1.93 - skew) * 100).rounded() / 100))
                }
            }
        }
        return lines
    }

    public func gameLines(_ game: ScenarioGame, at instant: Date) -> [GameLine] {
        let homePoints = roster(game.home).reduce(0.0) { $0 + expectedPoints($1, opponent: game.away) } * 0.93 + 2.5
        let awayPoints = roster(game.away).reduce(0.0) { $0 + expectedPoints($1, opponent: game.home) } * 0.93
        var draws = SeededGenerator(seed: seed).fork("gameline-\(game.nbaGameID)")
        let spread = ((awayPoints - homePoints + draws.normal(sd: 2)) * 2).rounded() / 2
        let total = ((homePoints + awayPoints + draws.normal(sd: 3)) * 2).rounded() / 2
        return ScenarioLeague.lineBooks.enumerated().map { index, book in
            GameLine(bookmaker: book.0, homeSpread: spread + (index == 1 ? 0.5 : 0), total: total + (index == 1 ? -0.5 : 0))
        }
    }
}
