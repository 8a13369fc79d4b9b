import Foundation
import SourceFormats

/// A synthetic player with every source's identifiers, stable for a seed.
public struct ScenarioPlayer: Sendable, Hashable {
    public let bdlID: Int
    public let nbaPersonID: Int
    public let firstName: String
    public let lastName: String
    public let team: String
    public let slot: Int
    public let position: String
    public let jersey: String
    public let heightInches: Int
    public let weight: Int
    public let birthDate: Day
    public let profile: PlayerProfile

    public var fullName: String { "\(firstName) \(lastName)" }
    public var height: String { "\(heightInches / 12)-\(heightInches % 12)" }
    /// Basketball-Reference's slug: five letters of the family name, two of the given name, a counter.
    public var brSlug: String {
        let fold = { (s: String) in s.folding(options: [.diacriticInsensitive], locale: nil).lowercased().filter(\.isLetter) }
        let family = fold(lastName.components(separatedBy: " ").first ?? lastName)
        return String(family.prefix(5)) + String(fold(firstName).prefix(2)) + String(format: "%02d", bdlID % 7 + 1)
    }
    public static func == (a: Self, b: Self) -> Bool { a.bdlID == b.bdlID }
    public func hash(into hasher: inout Hasher) { hasher.combine(bdlID) }
}

/// A team's strength: how fast it plays and how well it defends (a multiplier on the opponent's shooting).
public struct TeamStrength: Sendable {
    public let pace: Double
    public let defense: Double
}

/// One scheduled game with the ids each source uses for it.
public struct ScenarioGame: Sendable, Hashable {
    public let sequence: Int
    public let date: Day
    public let tipoff: Date
    public let home: String
    public let away: String

    public var nbaGameID: String { "00225" + CivilTime.pad(sequence, 5) }
    public var bdlGameID: Int { 18_447_000 + sequence }
    /// The Odds API's 32-hex event id, derived from the game so it is stable.
    public var oddsEventID: String {
        var h1: UInt64 = 0x8422_2325_cbf2_9ce4, h2: UInt64 = 0x1b87_3593_cc9e_2d51
        for byte in nbaGameID.utf8 {
            h1 = (h1 ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            h2 = (h2 ^ UInt64(byte)) &* 0x9E37_79B9_7F4A_7C15
        }
        return Self.hex(h1) + Self.hex(h2)
    }
    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
    public var gameCode: String { "\(date.description.replacingOccurrences(of: "-", with: ""))/\(away)\(home)" }
    /// When the final box score exists: tip plus a typical game length.
    public var endsAt: Date { tipoff + 2 * 3600 + 15 * 60 }

    public static func == (a: Self, b: Self) -> Bool { a.sequence == b.sequence }
    public func hash(into hasher: inout Hasher) { hasher.combine(sequence) }
}

/// The deterministic 2025-26 league the scenario serves: the 30 real teams, 15 synthetic players each, the full
/// schedule. Box scores, lines, injuries and play-by-play derive from it per game (see the extensions).
public final class ScenarioLeague: Sendable {
    public let seed: UInt64
    public let players: [ScenarioPlayer]
    public let strengths: [String: TeamStrength]
    public let games: [ScenarioGame]
    public let season = "2025-26"
    public let seasonStartYear = 2025
    let gamesByDate: [Day: [ScenarioGame]]
    /// Each source's game id → the game: the feed resolves one per request, so not a scan that re-derives every id.
    let gamesByNBAID: [String: ScenarioGame]
    let gamesByBDLID: [Int: ScenarioGame]
    let gamesByOddsEventID: [String: ScenarioGame]
    let playersByBDLID: [Int: ScenarioPlayer]
    let playersByTeam: [String: [ScenarioPlayer]]
    let injuries: [Int: [InjurySpell]]
    let boxScoreCache = BoxScoreCache()

    public init(seed: UInt64) {
        self.seed = seed
        let root = SeededGenerator(seed: seed)
        players = ScenarioLeague.makePlayers(root.fork("players"))
        var strengthDraws = root.fork("strength")
        var strengths: [String: TeamStrength] = [:]
        for team in Teams.all {
            strengths[team.tricode] = TeamStrength(pace: 1 + strengthDraws.normal(sd: 0.03),
                                                   defense: 1 + strengthDraws.normal(sd: 0.035))
        }
        self.strengths = strengths
        games = ScheduleBuilder(generator: root.fork("schedule")).build()
        gamesByDate = Dictionary(grouping: games, by: \.date)
        gamesByNBAID = Dictionary(games.map { ($0.nbaGameID, $0) }, uniquingKeysWith: { first, _ in first })
        gamesByBDLID = Dictionary(games.map { ($0.bdlGameID, $0) }, uniquingKeysWith: { first, _ in first })
        gamesByOddsEventID = Dictionary(games.map { ($0.oddsEventID, $0) }, uniquingKeysWith: { first, _ in first })
        playersByBDLID = Dictionary(players.map { ($0.bdlID, $0) }, uniquingKeysWith: { first, _ in first })
        playersByTeam = Dictionary(grouping: players, by: \.team).mapValues { $0.sorted { $0.slot < $1.slot } }
        injuries = InjurySpell.draw(for: players, games: games, generator: root.fork("injuries"))
    }

    public func games(on day: Day) -> [ScenarioGame] { gamesByDate[day] ?? [] }
    public func game(nbaID: String) -> ScenarioGame? { gamesByNBAID[nbaID] }
    public func game(bdlID: Int) -> ScenarioGame? { gamesByBDLID[bdlID] }
    public func game(oddsEventID: String) -> ScenarioGame? { gamesByOddsEventID[oddsEventID] }
    public func roster(_ team: String) -> [ScenarioPlayer] { playersByTeam[team] ?? [] }
    public func player(bdlID: Int) -> ScenarioPlayer? { playersByBDLID[bdlID] }

    private static func makePlayers(_ generator: SeededGenerator) -> [ScenarioPlayer] {
        var draws = generator
        var used = Set<String>()
        var result: [ScenarioPlayer] = []
        let positions = ["PG", "SG", "SF", "PF", "C", "G", "F", "G-F", "F-C", "SG", "SF", "PF", "C", "PG", "F"]
        for (teamIndex, team) in Teams.all.enumerated() {
            var jerseys = Set<Int>()
            for slot in 0..<15 {
                let pool = PlayerProfile.realSlots[min(slot, PlayerProfile.realSlots.count - 1)]
                let profile = pool[draws.integer(in: 0...(pool.count - 1))]
                var first = "", last = ""
                repeat {
                    first = draws.pick(NameBank.first)
                    last = draws.pick(NameBank.last) + draws.pick(NameBank.suffixes)
                } while !used.insert("\(first) \(last)").inserted
                var jersey = 0
                repeat { jersey = draws.integer(in: 0...55) } while !jerseys.insert(jersey).inserted
                let position = positions[slot]
                let height = (position.hasPrefix("C") ? 83 : position.hasPrefix("P") ? 78 : 80) + draws.integer(in: -2...2)
                let id = 1000 + teamIndex * 100 + slot
                let birth = Day(year: 1995 + draws.integer(in: 0...10), month: draws.integer(in: 1...12),
                                day: draws.integer(in: 1...28))!
                result.append(ScenarioPlayer(bdlID: id, nbaPersonID: 1_630_000 + id, firstName: first, lastName: last,
                                             team: team.tricode, slot: slot, position: position,
                                             jersey: jersey < 10 && draws.chance(0.1) ? "0\(jersey)" : "\(jersey)",
                                             heightInches: height, weight: 185 + (height - 74) * 7 + draws.integer(in: -10...10),
                                             birthDate: birth, profile: profile))
            }
        }
        return result
    }
}

/// Box scores are derived on demand and kept, so every source serves the same numbers for a game.
final class BoxScoreCache: @unchecked Sendable {
    private let lock = NSLock()
    private var games: [Int: GameBoxScore] = [:]

    func value(_ sequence: Int, make: () -> GameBoxScore) -> GameBoxScore {
        if let cached = lock.withLock({ games[sequence] }) { return cached }
        let made = make()
        lock.withLock { games[sequence] = made }
        return made
    }
}
