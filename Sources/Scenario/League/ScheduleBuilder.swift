import Foundation
import SourceFormats

/// Builds the 2025-26 regular season: 82 games per team (4 against each division rival, 4 or 3 against the rest of
/// the conference, 2 against the other conference), 1,230 games from 2025-10-21 to 2026-04-12, with realistic games
/// per night, no team twice a day, no three games in three nights, and the nights the incident needs pinned.
struct ScheduleBuilder {
    var generator: SeededGenerator

    static let opening = Day(year: 2025, month: 10, day: 21)!
    static let closing = Day(year: 2026, month: 4, day: 12)!
    /// Thanksgiving, Christmas Eve and the All-Star break have no games.
    static let dark: Set<Day> = Set(["2025-11-27", "2025-12-24", "2026-02-13", "2026-02-14", "2026-02-15", "2026-02-16",
                                     "2026-02-17", "2026-02-18"].compactMap(Day.init))
    /// Nights whose game count the January incident depends on (pipeline-domain §9), and a few fixed by tradition.
    static let pinnedCounts: [Day: Int] = [
        Day("2025-10-21")!: 2, Day("2025-12-25")!: 5, Day("2026-01-15")!: 9, Day("2026-01-20")!: 7,
        Day("2026-01-21")!: 7,
    ]
    /// The Pacific-venue games BallDontLie dropped on Jan 20, by name.
    static let pinnedGames: [Day: [(home: String, away: String)]] = [
        Day("2026-01-20")!: [("GSW", "TOR"), ("SAC", "MIA"), ("DEN", "LAL")],
        Day("2025-10-21")!: [("OKC", "HOU"), ("LAL", "GSW")],
    ]
    static let weekdayTargets = [7, 7, 6, 10, 5, 9, 8]  // Sunday … Saturday

    func build() -> [ScenarioGame] {
        var draws = generator
        var remaining = draws.shuffled(matchups())
        let days = playingDays()
        var targets = days.map { ScheduleBuilder.pinnedCounts[$0] ?? ScheduleBuilder.weekdayTargets[$0.weekday] }
        balance(&targets, days: days, total: remaining.count)

        // Pinned games come out of the pool first, so no earlier night takes them.
        var reserved: [Day: [(home: String, away: String)]] = [:]
        for (day, pins) in ScheduleBuilder.pinnedGames {
            for pin in pins {
                if let i = remaining.firstIndex(where: { $0.home == pin.home && $0.away == pin.away }) {
                    reserved[day, default: []].append(remaining.remove(at: i))
                }
            }
        }
        var lastTwo: [String: (Day?, Day?)] = [:]
        var gamesLeft: [String: Int] = Dictionary(uniqueKeysWithValues: Teams.all.map { ($0.tricode, 82) })
        var scheduled: [(Day, String, String)] = []
        for (index, day) in days.enumerated() {
            var busy = Set<String>()
            let daysLeft = Double(days.count - index)
            let yesterday = day.adding(days: -1), dayBefore = day.adding(days: -2)
            func rested(_ team: String) -> Bool {
                guard let recent = lastTwo[team] else { return true }
                return !(recent.0 == yesterday && recent.1 == dayBefore)
            }
            func place(_ m: (home: String, away: String)) {
                scheduled.append((day, m.home, m.away))
                for team in [m.home, m.away] {
                    busy.insert(team)
                    lastTwo[team] = (day, lastTwo[team]?.0)
                    gamesLeft[team, default: 0] -= 1
                }
            }
            func take(_ i: Int) { place(remaining.remove(at: i)) }
            for pin in reserved[day] ?? [] { place(pin) }
            while busy.count / 2 < targets[index] {
                var best: (index: Int, score: Double)? = nil
                for (i, m) in remaining.enumerated() where !busy.contains(m.home) && !busy.contains(m.away)
                    && rested(m.home) && rested(m.away) {
                    let score = Double(gamesLeft[m.home]! + gamesLeft[m.away]!) / daysLeft + draws.uniform() * 0.05
                    if best == nil || score > best!.score { best = (i, score) }
                }
                guard let chosen = best else { break }
                take(chosen.index)
            }
        }
        // Anything the nightly targets could not place goes on the first night both teams are free.
        for m in remaining {
            for day in days where !scheduled.contains(where: { $0.0 == day && [$0.1, $0.2].contains { $0 == m.home || $0 == m.away } }) {
                scheduled.append((day, m.home, m.away))
                break
            }
        }
        let ordered = scheduled.map { ($0.0, ScheduleBuilder.tipoff(day: $0.0, home: $0.1, draws: &draws), $0.1, $0.2) }
            .sorted { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }
        return ordered.enumerated().map { ScenarioGame(sequence: $0.offset + 1, date: $0.element.0, tipoff: $0.element.1,
                                                       home: $0.element.2, away: $0.element.3) }
    }

    func playingDays() -> [Day] {
        DayRange(ScheduleBuilder.opening, ScheduleBuilder.closing)!.filter { !ScheduleBuilder.dark.contains($0) }
    }

    /// Spreads the difference between the weekday targets and the real total over the unpinned nights.
    private func balance(_ targets: inout [Int], days: [Day], total: Int) {
        var difference = total - targets.reduce(0, +)
        var i = 0
        while difference != 0 {
            let index = (i * 7919) % days.count
            i += 1
            guard ScheduleBuilder.pinnedCounts[days[index]] == nil else { continue }
            if difference > 0, targets[index] < 13 { targets[index] += 1; difference -= 1 }
            else if difference < 0, targets[index] > 3 { targets[index] -= 1; difference += 1 }
        }
    }

    func matchups() -> [(home: String, away: String)] {
        var result: [(String, String)] = []
        func series(_ a: String, _ b: String, aHome: Int, bHome: Int) {
            for _ in 0..<aHome { result.append((a, b)) }
            for _ in 0..<bHome { result.append((b, a)) }
        }
        let teams = Teams.all
        for (i, a) in teams.enumerated() {
            for b in teams[(i + 1)...] where a.conference != b.conference { series(a.tricode, b.tricode, aHome: 1, bHome: 1) }
        }
        for conference in ["East", "West"] {
            let divisions = Dictionary(grouping: teams.filter { $0.conference == conference }, by: \.division)
                .sorted { $0.key < $1.key }.map { $0.value.map(\.tricode) }
            for division in divisions {
                for (i, a) in division.enumerated() { for b in division[(i + 1)...] { series(a, b, aHome: 2, bHome: 2) } }
            }
            // Between two divisions of five: a circulant pattern gives each team three 4-game and two 3-game opponents
            // per division, with the 3-game series' extra home game split so every team has 41 home games.
            for (x, y) in [(0, 1), (0, 2), (1, 2)] {
                let a = divisions[x], b = divisions[y]
                for i in 0..<5 {
                    for k in 0..<3 { series(a[i], b[(i + k) % 5], aHome: 2, bHome: 2) }
                    series(a[i], b[(i + 3) % 5], aHome: 2, bHome: 1)
                    series(a[i], b[(i + 4) % 5], aHome: 1, bHome: 2)
                }
            }
        }
        return result.map { (home: $0.0, away: $0.1) }
    }

    /// Eastern tip times by venue: Pacific homes at 22:00, the mountain and central West around 20:00–21:00, the East
    /// at 19:00 or 19:30 (earlier on weekend afternoons now and then).
    static func tipoff(day: Day, home: String, draws: inout SeededGenerator) -> Date {
        let team = Teams.team(home)!
        var hour = 19.0, minute = draws.chance(0.5) ? 0.0 : 30.0
        switch team.division {
        case "Pacific": hour = 22; minute = draws.chance(0.7) ? 0 : 30
        case "Northwest": hour = home == "OKC" || home == "MIN" ? 20 : 21
        case "Southwest": hour = 20
        default: if day.weekday == 0 && draws.chance(0.3) { hour = 15.0; minute = 30 }
        }
        return CivilTime.easternInstant(year: day.year, month: day.month, day: day.day, hour: Int(hour), minute: Int(minute))
    }
}
