import Foundation
import SourceFormats

/// Play-by-play consistent with the box score: every attempt, make and free throw of every player, with a shot zone
/// and distance, spread over four quarters with running scores. Rows are BigDataBall's CSV columns.
extension ScenarioLeague {
    public func playByPlayCSV(_ game: ScenarioGame) -> [UInt8] {
        let box = boxScore(game)
        var draws = SeededGenerator(seed: seed).fork("pbp-\(game.nbaGameID)")
        struct Shot { let team: String; let player: String; let points: Int; let made: Bool; let kind: String; let distance: Int }
        var shots: [Shot] = []
        for side in [box.away, box.home] {
            for line in side.lines where line.played {
                let twos = line.fga - line.fg3a, twoMakes = line.fgm - line.fg3m
                for i in 0..<line.fg3a { shots.append(Shot(team: side.team, player: line.player.fullName, points: 3,
                                                           made: i < line.fg3m, kind: "3pt jump shot",
                                                           distance: draws.integer(in: 23...28))) }
                for i in 0..<twos {
                    let paint = draws.chance(0.62)
                    shots.append(Shot(team: side.team, player: line.player.fullName, points: 2, made: i < twoMakes,
                                      kind: paint ? "layup" : "jump shot",
                                      distance: paint ? draws.integer(in: 0...7) : draws.integer(in: 9...21)))
                }
                for i in 0..<line.fta { shots.append(Shot(team: side.team, player: line.player.fullName, points: 1,
                                                          made: i < line.ftm, kind: "free throw", distance: 15)) }
            }
        }
        shots = draws.shuffled(shots)
        let onFloor = { (side: TeamBox) in side.lines.filter(\.starter).map(\.player.fullName) + Array(repeating: "", count: 5) }
        let away5 = Array(onFloor(box.away).prefix(5)), home5 = Array(onFloor(box.home).prefix(5))
        var csv = BigDataBall.CSVWriter(capacity: (shots.count + 1) * 320)
        BigDataBall.columns.forEach { csv.cell($0) }
        csv.endRow()
        var awayScore = 0, homeScore = 0
        let shortID = String(Int(game.nbaGameID) ?? 0), date = game.date.description
        func clock(_ s: Int) -> String { "0:" + CivilTime.pad(s / 60) + ":" + CivilTime.pad(s % 60) }
        for (index, shot) in shots.enumerated() {
            let elapsedTotal = Int(Double(index) / Double(max(1, shots.count)) * 2880)
            let period = min(4, elapsedTotal / 720 + 1), elapsed = elapsedTotal - (period - 1) * 720
            if shot.made { if shot.team == game.home { homeScore += shot.points } else { awayScore += shot.points } }
            let eventType = shot.kind == "free throw" ? "free throw" : "shot"
            let x = draws.integer(in: -250...250), y = draws.integer(in: -50...(shot.distance * 10 + 10))
            csv.cell(shortID); csv.cell("2025-26 Regular Season"); csv.cell(date)
            (away5 + home5).forEach { csv.cell($0) }
            csv.cell(period); csv.cell(awayScore); csv.cell(homeScore); csv.cell(clock(720 - elapsed)); csv.cell(clock(elapsed))
            csv.cell("0:00:10"); csv.cell(index + 1); csv.cell(shot.team); csv.cell(eventType)
            for _ in 0..<9 { csv.cell("") }
            csv.cell(shot.player)
            if shot.made { csv.cell(shot.points) } else { csv.cell(0) }
            csv.cell(""); csv.cell(""); csv.cell(shot.made ? "made" : "missed"); csv.cell(""); csv.cell(shot.kind)
            if eventType == "shot" { csv.cell(shot.distance) } else { csv.cell("") }
            csv.cell(x); csv.cell(y); csv.cell(""); csv.cell("")
            csv.cell("\(shot.player) \(shot.made ? "makes" : "misses") \(shot.kind)")
            csv.endRow()
        }
        return csv.bytes
    }
}
