import SourceFormats

/// A stretch of days a player misses, with what the injury report says about it.
public struct InjurySpell: Sendable {
    public let first: Day
    public let last: Day
    public let reason: String

    static let reasons = ["Left Ankle; Sprain", "Right Knee; Soreness", "Left Hamstring; Strain", "Lower Back; Spasms",
                          "Right Calf; Tightness", "Illness", "Left Foot; Contusion", "Right Wrist; Sprain"]

    /// About one and a half spells a season per player, from a couple of days to three weeks.
    static func draw(for players: [ScenarioPlayer], games: [ScenarioGame], generator: SeededGenerator) -> [Int: [InjurySpell]] {
        guard let first = games.first?.date, let last = games.last?.date else { return [:] }
        let span = last.ordinal - first.ordinal
        var result: [Int: [InjurySpell]] = [:]
        for player in players {
            var draws = generator.fork("injury-\(player.bdlID)")
            for _ in 0..<draws.poisson(1.4) {
                let start = first.adding(days: draws.integer(in: 0...span))
                let length = draws.chance(0.6) ? draws.integer(in: 1...4) : draws.integer(in: 5...21)
                result[player.bdlID, default: []].append(
                    InjurySpell(first: start, last: start.adding(days: length - 1), reason: draws.pick(reasons)))
            }
        }
        return result
    }
}

extension ScenarioLeague {
    /// The spell that keeps a player out on `day`, if any.
    public func injury(of player: ScenarioPlayer, on day: Day) -> InjurySpell? {
        injuries[player.bdlID]?.first { $0.first <= day && day <= $0.last }
    }

    /// What an injury report published on `day` lists: players out that day, and those due back within three days as
    /// day-to-day.
    public func injuryReport(on day: Day) -> [(player: ScenarioPlayer, spell: InjurySpell, status: String)] {
        players.compactMap { player in
            guard let spell = injuries[player.bdlID]?.first(where: { $0.first <= day.adding(days: 1) && day <= $0.last })
            else { return nil }
            let status = spell.last.ordinal - day.ordinal <= 2 ? "Day-To-Day" : "Out"
            return (player, spell, status)
        }
    }
}
