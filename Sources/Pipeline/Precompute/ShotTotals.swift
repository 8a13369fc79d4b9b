import Foundation
import Warehouse

/// Attempts and makes in each shot zone.
struct ZoneTotals: Sendable {
    private var attempts: (Double, Double, Double) = (0, 0, 0)
    private var makes: (Double, Double, Double) = (0, 0, 0)

    func attempts(_ zone: ShotZone) -> Double {
        switch zone { case .paint: attempts.0; case .midRange: attempts.1; case .three: attempts.2 }
    }

    func makes(_ zone: ShotZone) -> Double {
        switch zone { case .paint: makes.0; case .midRange: makes.1; case .three: makes.2 }
    }

    var totalAttempts: Double { attempts.0 + attempts.1 + attempts.2 }

    mutating func add(_ zone: ShotZone, attempts more: Double, makes made: Double) {
        switch zone {
        case .paint: attempts.0 += more; makes.0 += made
        case .midRange: attempts.1 += more; makes.1 += made
        case .three: attempts.2 += more; makes.2 += made
        }
    }

    mutating func add(_ other: ZoneTotals) {
        for zone in ShotZone.allCases { add(zone, attempts: other.attempts(zone), makes: other.makes(zone)) }
    }

    /// Box-score shooting as zones, for when there is no play-by-play: threes as recorded, twos split between the paint
    /// and mid-range as the league's are.
    mutating func addEstimate(fieldGoalAttempts: Double, fieldGoalMakes: Double, threeAttempts: Double, threeMakes: Double) {
        let share = ShotZone.typicalTwoPointPaintShare
        let twos = fieldGoalAttempts - threeAttempts, twoMakes = fieldGoalMakes - threeMakes
        add(.three, attempts: threeAttempts, makes: threeMakes)
        add(.paint, attempts: twos * share, makes: twoMakes * share)
        add(.midRange, attempts: twos * (1 - share), makes: twoMakes * (1 - share))
    }
}

/// Shots per game, team, player and zone from BigDataBall play-by-play — what both shot-zone processors read for every
/// date, over a window of up to 240 days. A loaded date's play-by-play never changes until it is loaded again, so its
/// totals are aggregated once and kept under the partition's content key (`LoadedPartitions`); a date whose rows do not
/// match its last load is aggregated afresh and not kept. A game's shots are all under its own date (game ids carry
/// the date), so the processors look a game up in its date's totals instead of gathering the whole window.
final class ShotTotals: @unchecked Sendable {
    static let shared = ShotTotals()

    /// One date's shots, grouped the ways the processors ask for them.
    struct DayShots: Sendable {
        /// Player → game id → his shots in that game; only games he shot in.
        var byPlayer: [String: [String: ZoneTotals]] = [:]
        /// Shooting team → game id → the team's shots; only games with shots.
        var byTeam: [String: [String: ZoneTotals]] = [:]
        /// Every shot of the date.
        var league = ZoneTotals()
        var isEmpty: Bool { byPlayer.isEmpty }
    }

    /// The 240 days the player zones look back fit.
    private let kept = DerivedCache<DayShots>(capacity: 300)
    func forgetKept() { kept.removeAll() }

    /// Every date's shot totals from `from` up to (not including) `before`, keyed by date (`YYYY-MM-DD`).
    func days(from: Day, before: Day, _ tx: WarehouseTransaction) throws -> [(date: String, shots: DayShots)] {
        try LoadedPartitions.perDate(TableName(.raw, "bigdataball_play_by_play"), from: from, before: before, cache: kept, tx) { date in
            try aggregate(date, tx)
        }.map { ($0.date, $0.value) }
    }

    private func aggregate(_ date: String, _ tx: WarehouseTransaction) throws -> DayShots {
        var day = DayShots()
        for r in try tx.query("""
            SELECT game_id, team_abbr, player_lookup, shot_zone, COUNT(*), SUM(shot_made)
            FROM nba_raw.bigdataball_play_by_play
            WHERE game_date = ? AND event_type = 'shot' AND shot_zone IS NOT NULL
            GROUP BY game_id, team_abbr, player_lookup, shot_zone
            """, [.text(date)]).rows {
            guard let zone = r[3].stringValue.flatMap(ShotZone.init(rawValue:)) else { continue }
            let game = r[0].stringValue ?? "", attempts = r[4].doubleValue ?? 0, makes = r[5].doubleValue ?? 0
            day.byPlayer[r[2].stringValue ?? "", default: [:]][game, default: ZoneTotals()].add(zone, attempts: attempts, makes: makes)
            day.byTeam[r[1].stringValue ?? "", default: [:]][game, default: ZoneTotals()].add(zone, attempts: attempts, makes: makes)
            day.league.add(zone, attempts: attempts, makes: makes)
        }
        return day
    }
}
