import Foundation
import Warehouse

/// Shots per game, team, player and zone from BigDataBall play-by-play — what both shot-zone processors read for every
/// date, over a window of up to 240 days. A loaded date's play-by-play never changes until it is loaded again, so its
/// totals are aggregated once and kept under the partition's content hash from `_loads`; a date whose rows do not
/// match its last load (count differs, or no load record) is aggregated afresh and not kept.
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

    private let lock = NSLock()
    private var byContent: [String: [Shot]] = [:]
    /// Dates kept at most; a long-lived process that reloads many partitions starts over rather than grow.
    private let capacity = 4000

    /// Every date's shot totals from `from` up to (not including) `before`.
    func shots(from: Day, before: Day, _ tx: WarehouseTransaction) throws -> [Shot] {
        let range: [SQLValue] = [.text(from.description), .text(before.description)]
        var loads: [String: (hash: String, rows: Int)] = [:]
        for r in try tx.query("""
            SELECT l.partition_date, l.content_hash, l.row_count FROM nba_raw._loads l
            WHERE l.table_name = 'bigdataball_play_by_play' AND l.partition_date >= ?1 AND l.partition_date < ?2
              AND l.load_id = (SELECT MAX(m.load_id) FROM nba_raw._loads m
                               WHERE m.table_name = l.table_name AND m.partition_date = l.partition_date)
            """, range).rows {
            if let date = r[0].stringValue, let hash = r[1].stringValue, let rows = r[2].intValue { loads[date] = (hash, rows) }
        }
        var shots: [Shot] = []
        for r in try tx.query("""
            SELECT game_date, COUNT(*) FROM nba_raw.bigdataball_play_by_play WHERE game_date >= ?1 AND game_date < ?2
            GROUP BY game_date ORDER BY game_date
            """, range).rows {
            guard let date = r[0].stringValue else { continue }
            let key = loads[date].flatMap { $0.rows == r[1].intValue ? "\(date)|\($0.hash)" : nil }
            if let key, let kept = lock.withLock({ byContent[key] }) {
                shots += kept
                continue
            }
            let fresh = try aggregate(date, tx)
            if let key {
                lock.withLock {
                    if byContent.count >= capacity { byContent.removeAll() }
                    byContent[key] = fresh
                }
            }
            shots += fresh
        }
        return shots
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
