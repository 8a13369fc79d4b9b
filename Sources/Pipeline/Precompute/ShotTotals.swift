import Foundation
import Warehouse

/// Shots per game, team, player and zone from BigDataBall play-by-play — what both shot-zone processors read for every
/// date, over a window of up to 240 days. A loaded date's play-by-play never changes until it is loaded again, so its
/// totals are aggregated once and kept under the partition's content key (`LoadedPartitions`); a date whose rows do not
/// match its last load is aggregated afresh and not kept.
final class ShotTotals: @unchecked Sendable {
    static let shared = ShotTotals()

    struct Shot {
        let gameID: String
        let team: String
        let player: String
        let zone: ShotZone
        let attempts: Double
        let makes: Double
    }

    /// The 240 days the player zones look back fit (about 100 KB a date).
    private let kept = DerivedCache<[Shot]>(capacity: 300)

    /// Every date's shot totals from `from` up to (not including) `before`.
    func shots(from: Day, before: Day, _ tx: WarehouseTransaction) throws -> [Shot] {
        try LoadedPartitions.perDate(TableName(.raw, "bigdataball_play_by_play"), from: from, before: before, cache: kept, tx) { date in
            try aggregate(date, tx)
        }.flatMap { $0.value }
    }

    private func aggregate(_ date: String, _ tx: WarehouseTransaction) throws -> [Shot] {
        try tx.query("""
            SELECT game_id, team_abbr, player_lookup, shot_zone, COUNT(*), SUM(shot_made)
            FROM nba_raw.bigdataball_play_by_play
            WHERE game_date = ? AND event_type = 'shot' AND shot_zone IS NOT NULL
            GROUP BY game_id, team_abbr, player_lookup, shot_zone
            """, [.text(date)]).rows.compactMap { r in
            guard let zone = r[3].stringValue.flatMap(ShotZone.init(rawValue:)) else { return nil }
            return Shot(gameID: r[0].stringValue ?? "", team: r[1].stringValue ?? "", player: r[2].stringValue ?? "", zone: zone,
                        attempts: r[4].doubleValue ?? 0, makes: r[5].doubleValue ?? 0)
        }
    }
}
