import Foundation
import Testing
@testable import Scenario
import SourceFormats

@Suite struct League {
    static let league = ScenarioLeague(seed: 2026)

    @Test func scheduleIsAFullSeason() {
        let games = League.league.games
        #expect(games.count == 1230)
        #expect(games.first?.date.description == "2025-10-21")
        #expect(games.last!.date <= Day("2026-04-12")!)
        var perTeam: [String: Int] = [:], home: [String: Int] = [:]
        for game in games { perTeam[game.home, default: 0] += 1; perTeam[game.away, default: 0] += 1; home[game.home, default: 0] += 1 }
        #expect(perTeam.count == 30 && perTeam.values.allSatisfy { $0 == 82 })
        #expect(home.values.allSatisfy { $0 == 41 })
        for (day, nightly) in Dictionary(grouping: games, by: \.date) {
            let teams = nightly.flatMap { [$0.home, $0.away] }
            #expect(Set(teams).count == teams.count, "a team plays twice on \(day)")
        }
    }

    @Test func incidentNightsHaveTheirGames() {
        #expect(League.league.games(on: Day("2026-01-15")!).count == 9)
        let jan20 = League.league.games(on: Day("2026-01-20")!)
        #expect(jan20.count == 7)
        #expect(jan20.contains { $0.home == "GSW" && $0.away == "TOR" })
        #expect(jan20.contains { $0.home == "SAC" && $0.away == "MIA" })
        #expect(League.league.games(on: Day("2026-01-21")!).count == 7)
        #expect(League.league.games(on: Day("2026-02-15")!).isEmpty)
    }

    @Test func sameSeedSameLeague() {
        let other = ScenarioLeague(seed: 2026)
        #expect(other.players.map(\.fullName) == League.league.players.map(\.fullName))
        let game = other.games[400]
        #expect(other.boxScore(game).home.points == League.league.boxScore(League.league.games[400]).home.points)
        #expect(ScenarioLeague(seed: 7).players.map(\.fullName) != other.players.map(\.fullName))
    }

    /// Calibrated against the real 2022-23 season: team points per game about 114, the top scorers around 25–30,
    /// starters' minutes around 30–34.
    @Test func boxScoresLookLikeRealOnes() {
        let sample = League.league.games.prefix(300).map { League.league.boxScore($0) }
        let teamPoints = sample.flatMap { [$0.home.points, $0.away.points] }
        let mean = Double(teamPoints.reduce(0, +)) / Double(teamPoints.count)
        #expect((105...125).contains(mean), "team points per game \(mean)")
        let lines = sample.flatMap { $0.home.lines + $0.away.lines }.filter(\.played)
        let starters = lines.filter(\.starter)
        let starterMinutes = Double(starters.reduce(0) { $0 + $1.seconds }) / 60 / Double(starters.count)
        #expect((27...36).contains(starterMinutes), "starter minutes \(starterMinutes)")
        for box in sample {
            for side in [box.home, box.away] {
                let seconds = side.lines.reduce(0) { $0 + $1.seconds }
                #expect(abs(seconds - 240 * 60) <= 15, "team minutes \(seconds / 60)")
            }
            #expect(box.home.points != box.away.points)
        }
    }
}
